"""Behaviour of the four GAN detectors on tabular rows and images."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from smallgan.io import load, save

DETECTORS = ["AnoGAN", "EGBAD", "FAnoGAN", "GANomaly"]


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_separates_planted_cluster(name, blob, make_detector):
    train, test, labels = blob
    detector = make_detector(name).fit(train)
    scores = detector.decision_function(test)
    assert scores.shape == (75,) and np.isfinite(scores).all()
    assert np.std(scores) > 0
    assert roc_auc_score(labels, scores) > 0.9


@pytest.mark.parametrize("name", DETECTORS)
def test_pyod_contract_and_persistence(name, blob, tmp_path, make_detector):
    train, test, _ = blob
    detector = make_detector(name, contamination=0.05).fit(train)
    assert detector.decision_scores_.shape == (200,)
    assert detector.labels_.shape == (200,) and 0 < detector.labels_.mean() <= 0.1
    scores = detector.decision_function(test)
    np.testing.assert_array_equal(detector.predict(test), (scores > detector.threshold_).astype(int))
    proba = detector.predict_proba(test)
    assert proba.shape == (75, 2) and np.allclose(proba.sum(axis=1), 1.0)
    assert "contamination" in detector.get_params()
    restored = load(save(detector, tmp_path / "model"))
    np.testing.assert_allclose(restored.decision_function(test), scores, rtol=1e-5, atol=1e-6)
    assert restored.threshold_ == pytest.approx(detector.threshold_)


@pytest.mark.parametrize("name", DETECTORS)
def test_same_seed_same_scores(name, blob, make_detector):
    train, test, _ = blob
    first = make_detector(name, epochs=3).fit(train).decision_function(test)
    second = make_detector(name, epochs=3).fit(train).decision_function(test)
    np.testing.assert_array_equal(first, second)


def test_batched_anogan_search_matches_one_query_at_a_time(blob, make_detector):
    train, test, _ = blob
    detector = make_detector("AnoGAN", epochs=5).fit(train)
    batched = detector.decision_function(test[:12])
    single = np.concatenate([detector.decision_function(test[i:i + 1]) for i in range(12)])
    np.testing.assert_allclose(batched, single, rtol=1e-4, atol=1e-6)


def test_anogan_search_lowers_the_residual(blob, make_detector):
    train, test, _ = blob
    detector = make_detector("AnoGAN", epochs=5).fit(train)
    before = detector.set_params(search_steps=0).decision_function(test)
    after = detector.set_params(search_steps=30).decision_function(test)
    assert after.mean() < before.mean()


def test_training_learns(blob, make_detector):
    history = make_detector("GANomaly").fit(blob[0]).history_
    assert history["contextual"][-1] < history["contextual"][0]


@pytest.fixture(scope="module")
def digit_images():
    """500 training digits, 50 clean test digits and the same 50 with a bright 3x3 square in a corner."""
    from smallgan.data import load_dataset

    images = load_dataset("digits").X
    order = np.random.default_rng(0).permutation(len(images))
    train, clean = images[order[:500]], images[order[1200:1250]]
    planted = clean.copy()
    planted[:, 0:3, 0:3] = 255
    return train, clean, planted


@pytest.mark.parametrize("name", DETECTORS)
def test_image_detector_scores_planted_square_higher(name, digit_images, make_detector):
    train, clean, planted = digit_images
    params = {"epochs": 8, "base_width": 8, "latent_dim": 16, **({"n_critic": 2} if name == "FAnoGAN" else {})}
    detector = make_detector(name, **params).fit(train)
    clean_scores, planted_scores = detector.decision_function(clean), detector.decision_function(planted)
    labels = np.r_[np.zeros(50), np.ones(50)]
    assert planted_scores.mean() > clean_scores.mean()
    assert roc_auc_score(labels, np.r_[clean_scores, planted_scores]) > 0.65
    maps = detector.anomaly_map(planted[:4])
    assert maps.shape == (4, 8, 8)
    assert maps[:, 0:3, 0:3].mean() > maps[:, 4:, 4:].mean()  # the map points at the square


@pytest.mark.parametrize("name, options", [
    ("FAnoGAN", {"mode": "ziz"}), ("FAnoGAN", {"mode": "izi"}), ("EGBAD", {"discriminator_score": "ce"}),
    ("EGBAD", {"loss": "mim"}), ("AnoGAN", {"loss": "mim"}),
])
def test_variants_also_separate(name, options, blob, make_detector):
    train, test, labels = blob
    detector = make_detector(name, **options).fit(train)
    assert roc_auc_score(labels, detector.decision_function(test)) > 0.9


def test_tabular_anomaly_map_points_at_the_shifted_feature(blob, make_detector):
    train, _, _ = blob
    detector = make_detector("FAnoGAN").fit(train)
    query = np.zeros((3, 4))
    query[:, 2] = 6.0
    maps = detector.anomaly_map(query)
    assert maps.shape == (3, 4) and (maps.argmax(axis=1) == 2).all()
    assert detector.reconstruct(query).shape == (3, 4)


@pytest.mark.parametrize("scaling", ["minmax", None])
def test_other_scalings_work(scaling, blob, make_detector):
    train, test, labels = blob
    detector = make_detector("GANomaly", scaling=scaling).fit(train)
    assert roc_auc_score(labels, detector.decision_function(test)) > 0.9


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize("shape", [(24, 28, 28), (24, 32, 32, 3)])
def test_image_sizes_and_channels(name, shape, make_detector):
    images = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    detector = make_detector(name, epochs=1, batch_size=12, base_width=4, search_steps=2, restarts=1) \
        if name == "AnoGAN" else make_detector(name, epochs=1, batch_size=12, base_width=4)
    assert detector.fit(images).decision_function(images[:3]).shape == (3,)
    assert detector.anomaly_map(images[:2]).shape == (2, shape[1], shape[2])
