import numpy as np
import pytest

from smallgan.evaluate.image_quality import (
    frechet_distance,
    memorisation,
    precision_recall,
    train_feature_extractor,
)
from smallgan.exceptions import DataValidationError


@pytest.fixture(scope="module")
def extractor_and_data():
    from smallgan.data import load_dataset

    data = load_dataset("digits")
    return train_feature_extractor(data.X[:600], data.y[:600], epochs=6, random_state=0), data.X, data.y


def test_fid_is_small_for_real_vs_real_and_large_for_noise(extractor_and_data):
    extractor, X, _ = extractor_and_data
    noise = np.random.default_rng(0).integers(0, 256, (300, 8, 8)).astype(np.uint8)
    same = frechet_distance(X[600:900], X[900:1200], extractor)
    assert 0.0 <= same < frechet_distance(X[600:900], noise, extractor) / 5


def test_fid_grows_when_one_class_is_missing(extractor_and_data):
    extractor, X, y = extractor_and_data
    real, other = X[600:1200], X[1200:]
    missing = other[y[1200:] != 3]
    assert frechet_distance(real, other, extractor) < frechet_distance(real, missing, extractor)


def test_precision_recall_fall_for_noise(extractor_and_data):
    extractor, X, _ = extractor_and_data
    noise = np.random.default_rng(1).integers(0, 256, (300, 8, 8)).astype(np.uint8)
    real = precision_recall(X[600:900], X[900:1200], extractor)
    fake = precision_recall(X[600:900], noise, extractor)
    assert real["recall"] > 0.6 and fake["recall"] < 0.2


def test_memorisation_flags_copies_not_new_images(extractor_and_data):
    _, X, _ = extractor_and_data
    assert memorisation(X[:300], X[:40])["rate"] == 1.0
    assert memorisation(X[:300], X[1000:1040])["rate"] < 0.1


def test_rotation_extractor_without_labels_and_shape_check(extractor_and_data):
    _, X, _ = extractor_and_data
    extractor = train_feature_extractor(X[:300], epochs=2, random_state=0)
    assert extractor.task == "rotation"
    assert extractor.transform(X[:5]).shape == (5, 64)
    with pytest.raises(DataValidationError, match="extractor was trained on"):
        frechet_distance(X[:20], np.zeros((20, 16, 16), np.uint8), extractor)
