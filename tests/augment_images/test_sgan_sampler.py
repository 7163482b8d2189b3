import numpy as np
import pytest

from smallgan.augment.image_sampler import ImageGANOverSampler
from smallgan.augment.sgan import SGANClassifier
from smallgan.exceptions import DataValidationError


def test_sgan_beats_chance_with_10_labels_per_class(digits_small):
    X, y = digits_small
    train, test = np.arange(1000), np.arange(1200, 1797)
    partial = np.full(len(train), -1)
    labelled = np.concatenate([np.flatnonzero(y[train] == c)[:10] for c in range(10)])
    partial[labelled] = y[labelled]
    clf = SGANClassifier(epochs=6, base_width=16, latent_dim=16, lr=1e-3, random_state=0).fit(X[train], partial)
    assert clf.classes_.tolist() == list(range(10))
    assert clf.score(X[test], y[test]) > 0.5  # chance is 0.1
    proba = clf.predict_proba(X[test[:5]])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert np.std(proba) > 0


def test_sgan_save_load_and_shape_check(digits_small, tmp_path):
    from smallgan.io import load, save

    X, y = digits_small
    clf = SGANClassifier(epochs=1, base_width=8, latent_dim=8, random_state=0).fit(X[:200], y[:200])
    np.testing.assert_array_equal(clf.predict_proba(X[:10]), load(save(clf, tmp_path / "m")).predict_proba(X[:10]))
    with pytest.raises(DataValidationError, match="fitted on"):
        clf.predict(np.zeros((2, 16, 16), np.uint8))


def test_oversampler_balances_and_enlarges(toy_images):
    images, labels = toy_images
    images, labels = images[:50], labels[:50]  # 40 squares, 10 circles
    params = {"epochs": 1, "batch_size": 8, "base_width": 8, "latent_dim": 8, "random_state": 0}
    out, out_labels = ImageGANOverSampler(**params).fit_resample(images, labels)
    assert np.bincount(out_labels).tolist() == [40, 40] and out.shape == (80, 1, 16, 16)
    np.testing.assert_allclose(out[:50, 0], images / 127.5 - 1, atol=1e-6)
    out, out_labels = ImageGANOverSampler(sampling_strategy={0: 45, 1: 30}, method="cgan", **params).fit_resample(
        images, labels)
    assert np.bincount(out_labels).tolist() == [45, 30]
    with pytest.raises(DataValidationError, match="labels"):
        ImageGANOverSampler(**params).fit_resample(images, labels[:-2])
