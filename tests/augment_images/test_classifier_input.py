"""Image classifiers: not-fitted errors, and predictions that do not depend on the batch (kept pixel range)."""

import numpy as np
import pytest

from smallgan import io
from smallgan.augment.cnn_classifier import CNNClassifier
from smallgan.augment.sgan import SGANClassifier
from smallgan.exceptions import NotFittedError


@pytest.mark.parametrize("cls", [CNNClassifier, SGANClassifier])
@pytest.mark.parametrize("method", ["predict", "predict_proba"])
def test_use_before_fit_raises_not_fitted(cls, method):
    with pytest.raises(NotFittedError, match="not fitted"):
        getattr(cls(), method)(np.zeros((2, 8, 8), np.float32))


def test_cnn_transform_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError, match="not fitted"):
        CNNClassifier().transform(np.zeros((2, 8, 8), np.float32))


@pytest.fixture(scope="module")
def signed_images():
    """40 float 8x8 images in [-1, 1] with two labels; a query whose first image has no negative pixel."""
    images = np.random.default_rng(0).uniform(-1.0, 1.0, (40, 8, 8)).astype(np.float32)
    query = images[:4].copy()
    query[0] = np.abs(query[0])
    return images, np.repeat([0, 1], 20), query


@pytest.mark.parametrize("cls, params", [(CNNClassifier, {"widths": (4, 4, 4), "hidden": 8}),
                                         (SGANClassifier, {"base_width": 4, "latent_dim": 4})])
def test_prediction_does_not_depend_on_the_batch_and_survives_save(cls, params, signed_images, tmp_path):
    images, labels, query = signed_images
    model = cls(epochs=1, batch_size=20, random_state=0, **params).fit(images, labels)
    assert model.pixel_range_ == "-1..1"
    np.testing.assert_allclose(model.predict_proba(query[:1])[0], model.predict_proba(query)[0], atol=1e-6)
    if cls is SGANClassifier:
        loaded = io.load(io.save(model, tmp_path / "model"))
    else:  # not a registered (saveable by name) estimator: run its persistence hooks directly
        loaded = cls(**params)
        loaded._restore_fitted(model._fitted_metadata())
        loaded.network_.load_state_dict(model.network_.state_dict())
    assert loaded.pixel_range_ == "-1..1"
    np.testing.assert_allclose(loaded.predict_proba(query[:1]), model.predict_proba(query[:1]), atol=1e-6)
