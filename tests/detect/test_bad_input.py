"""Bad input to the detectors raises a ValueError naming the problem; `y` is ignored with a warning."""

from __future__ import annotations

import numpy as np
import pytest

from smallgan.exceptions import DataValidationError


@pytest.fixture(scope="module")
def fitted_tabular():
    from smallgan.detect import EGBAD

    X = np.random.default_rng(1).normal(size=(64, 3))
    return EGBAD(epochs=1, batch_size=32, hidden=(8,), latent_dim=2, random_state=0).fit(X)


@pytest.fixture(scope="module")
def fitted_images():
    from smallgan.detect import FAnoGAN

    images = np.random.default_rng(2).integers(0, 256, (40, 8, 8), dtype=np.uint8)
    return FAnoGAN(epochs=1, n_critic=1, batch_size=20, base_width=4, latent_dim=4, random_state=0).fit(images)


@pytest.mark.parametrize("value, word", [(np.nan, "NaN"), (np.inf, "inf")])
def test_non_finite_rows_are_named(value, word):
    from smallgan.detect import AnoGAN

    X = np.random.default_rng(0).normal(size=(64, 3))
    X[5, 2] = value
    with pytest.raises(DataValidationError, match=rf"{word}.*row 5.*column 2"):
        AnoGAN(epochs=1, batch_size=32).fit(X)


def test_non_finite_at_scoring_time(fitted_tabular):
    X = np.zeros((4, 3))
    X[1, 0] = np.nan
    with pytest.raises(DataValidationError, match=r"NaN.*row 1"):
        fitted_tabular.decision_function(X)


def test_wrong_feature_count(fitted_tabular):
    with pytest.raises(DataValidationError, match="4 features.*fitted with 3"):
        fitted_tabular.decision_function(np.zeros((2, 4)))


def test_images_to_a_tabular_model(fitted_tabular):
    with pytest.raises(DataValidationError, match="2-D rows"):
        fitted_tabular.decision_function(np.zeros((2, 8, 8)))


def test_images_of_the_wrong_size(fitted_images):
    with pytest.raises(DataValidationError, match=r"\(1, 16, 16\).*fitted on \(1, 8, 8\)"):
        fitted_images.decision_function(np.zeros((2, 16, 16), dtype=np.uint8))


@pytest.mark.parametrize("images, match", [
    (np.full((2, 8, 8), "a"), "numeric"),
    (np.full((2, 8, 8), 300.0), "pixel range"),
    (np.zeros((2, 5, 8, 8)), "1 or 3 channels"),
])
def test_images_of_the_wrong_dtype_or_shape(fitted_images, images, match):
    with pytest.raises(DataValidationError, match=match):
        fitted_images.decision_function(images)


def test_non_square_images_are_refused():
    from smallgan.detect import GANomaly

    with pytest.raises(DataValidationError, match="square"):
        GANomaly(epochs=1, batch_size=8).fit(np.zeros((10, 8, 16), dtype=np.uint8))


@pytest.mark.parametrize("contamination", [0.0, 0.6, -0.1])
def test_contamination_outside_range(contamination):
    from smallgan.detect import GANomaly

    with pytest.raises(ValueError, match="contamination"):
        GANomaly(contamination=contamination, epochs=1, batch_size=8).fit(np.zeros((20, 3)))


def test_fewer_rows_than_a_batch():
    from smallgan.detect import FAnoGAN

    with pytest.raises(DataValidationError, match="10 rows, fewer than batch_size=64"):
        FAnoGAN(epochs=1).fit(np.random.default_rng(0).normal(size=(10, 3)))


def test_unknown_loss_and_mode():
    from smallgan.detect import AnoGAN, FAnoGAN

    X = np.random.default_rng(0).normal(size=(40, 3))
    with pytest.raises(ValueError, match="unknown loss 'nope'"):
        AnoGAN(loss="nope", epochs=1, batch_size=8).fit(X)
    with pytest.raises(ValueError, match="mode"):
        FAnoGAN(mode="xyz", epochs=1, batch_size=8).fit(X)


def test_y_is_ignored_with_a_warning():
    from smallgan.detect import GANomaly

    X = np.random.default_rng(0).normal(size=(40, 3))
    with pytest.warns(UserWarning, match="y is ignored"):
        GANomaly(epochs=1, batch_size=8, random_state=0).fit(X, np.zeros(40))


def test_mim_loss_is_in_the_shared_table():
    import torch

    from smallgan.losses import get_loss

    mim = get_loss("mim")
    confident, confused = torch.full((8,), 6.0), torch.zeros(8)
    assert mim.discriminator(confident, -confident) < mim.discriminator(confused, confused)
    assert mim.generator(confident) < mim.generator(-confident)


def test_unknown_scaling_is_refused():
    from smallgan.detect import EGBAD

    with pytest.raises(ValueError, match="scaling"):
        EGBAD(scaling="zscore", epochs=1, batch_size=8).fit(np.zeros((20, 3)))
