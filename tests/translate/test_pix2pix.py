import numpy as np
import pytest

from smallgan import io
from smallgan.exceptions import DataValidationError, NotFittedError
from smallgan.translate.pix2pix import Pix2Pix

FAST = {"epochs": 20, "batch_size": 8, "base_width": 8, "lr": 2e-3}


@pytest.fixture(scope="module")
def flip_model():
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:16, :16]
    centres = rng.integers(3, 13, (64, 2))
    a = np.stack([np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 6.0) for cy, cx in centres]).astype(np.float32)
    return Pix2Pix(**FAST, random_state=0).fit(a, a[:, :, ::-1].copy())


def test_pix2pix_learns_horizontal_flip_better_than_identity(flip_model, blob_pairs):
    a, b = blob_pairs
    out = flip_model.transform(a)
    assert out.shape == b.shape and out.dtype == np.float32
    assert np.abs(out - b).mean() < 0.5 * np.abs(a - b).mean()
    assert flip_model.history_["l1"][-1] < 0.5 * flip_model.history_["l1"][0]
    assert "d_loss" in flip_model.history_


def test_same_seed_same_output_and_save_load_round_trip(flip_model, blob_pairs, tmp_path):
    a, b = blob_pairs
    short = {**FAST, "epochs": 2}
    first, second = (Pix2Pix(**short, random_state=0).fit(a, b) for _ in range(2))
    np.testing.assert_array_equal(first.transform(a[:5]), second.transform(a[:5]))
    loaded = io.load(io.save(flip_model, tmp_path / "model"))
    np.testing.assert_allclose(loaded.transform(a[:5]), flip_model.transform(a[:5]), atol=1e-6)


def test_l1_only_unet_has_no_discriminator(blob_pairs):
    a, b = blob_pairs
    model = Pix2Pix(loss="none", epochs=2, batch_size=16, base_width=4, random_state=0).fit(a, b)
    assert model.discriminator_ is None and "d_loss" not in model.history_
    assert model.transform(a[:3, None]).shape == (3, 1, 16, 16)


def test_bad_paired_inputs_raise_clear_errors(blob_pairs):
    a, b = blob_pairs
    model = Pix2Pix(epochs=1, base_width=4)
    with pytest.raises(DataValidationError, match="A has 64, B has 63"):
        model.fit(a, b[:63])
    with pytest.raises(DataValidationError, match="same size: A is 16x16, B is 12x12"):
        model.fit(a, b[:, :12, :12])
    with pytest.raises(DataValidationError, match=r"multiples of 2\^3 = 8"):
        Pix2Pix(depth=3, epochs=1).fit(a[:, :12, :12], b[:, :12, :12])
    with pytest.raises(DataValidationError, match="pixel range"):
        model.fit(a * 3.0 - 5.0, b)
    nan = a.copy()
    nan[2, 4, 5] = np.nan
    with pytest.raises(DataValidationError, match="NaN at row 2"):
        model.fit(nan, b)
    with pytest.raises(ValueError, match="lambda_l1"):
        Pix2Pix(lambda_l1=-1.0).fit(a, b)
    with pytest.raises(NotFittedError):
        Pix2Pix().transform(a)


def test_transform_checks_the_fitted_size(flip_model, blob_pairs):
    a, _ = blob_pairs
    with pytest.raises(DataValidationError, match=r"fitted on \(1, 16, 16\)"):
        flip_model.transform(np.zeros((2, 8, 8), np.float32))
