"""Scores that do not depend on the batch or on column order: the fitted pixel range and feature names."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from smallgan.exceptions import DataValidationError
from smallgan.io import load, save

DETECTORS = ["AnoGAN", "EGBAD", "FAnoGAN", "GANomaly"]
TINY_IMAGES = {"epochs": 1, "batch_size": 20, "base_width": 4, "latent_dim": 4}


@pytest.fixture(scope="module")
def signed_images():
    """40 float 8x8 images in [-1, 1]; a query batch whose first image has no negative pixel."""
    images = np.random.default_rng(0).uniform(-1.0, 1.0, (40, 8, 8)).astype(np.float32)
    query = images[:4].copy()
    query[0] = np.abs(query[0])
    return images, query


def _image_detector(make_detector, name):
    extra = {"search_steps": 2, "restarts": 1} if name == "AnoGAN" else {}
    return make_detector(name, **TINY_IMAGES, **extra)


@pytest.mark.parametrize("name", DETECTORS)
def test_an_images_score_does_not_depend_on_its_batch(name, signed_images, make_detector):
    images, query = signed_images
    detector = _image_detector(make_detector, name).fit(images)
    assert detector.pixel_range_ == "-1..1"
    alone, in_batch = detector.decision_function(query[:1]), detector.decision_function(query)
    np.testing.assert_allclose(alone[0], in_batch[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(detector.anomaly_map(query[:1])[0], detector.anomaly_map(query)[0], atol=1e-5)


def test_pixel_range_survives_save_and_load_and_old_files_infer_per_batch(signed_images, make_detector, tmp_path):
    images, query = signed_images
    detector = _image_detector(make_detector, "FAnoGAN").fit(images)
    restored = load(save(detector, tmp_path / "model"))
    assert restored.pixel_range_ == "-1..1"
    np.testing.assert_allclose(restored.decision_function(query[:1]), detector.decision_function(query[:1]),
                               rtol=1e-5, atol=1e-6)
    document = json.loads((tmp_path / "model" / "params.json").read_text())
    del document["fitted"]["pixel_range"]  # a file saved before the range was kept
    (tmp_path / "model" / "params.json").write_text(json.dumps(document))
    old = load(tmp_path / "model")
    assert old.pixel_range_ == "auto"
    np.testing.assert_allclose(old.decision_function(query), detector.decision_function(query), rtol=1e-5,
                               atol=1e-6)


def test_uint8_and_unit_float_models_keep_their_reading(make_detector):
    images = np.random.default_rng(1).integers(0, 256, (40, 8, 8), dtype=np.uint8)
    detector = _image_detector(make_detector, "GANomaly").fit(images)
    assert detector.pixel_range_ == "0..255"
    unit = images.astype(np.float32) / 255.0
    np.testing.assert_allclose(detector.decision_function(unit[:3]), detector.decision_function(images[:3]),
                               rtol=1e-5, atol=1e-6)
    assert _image_detector(make_detector, "GANomaly").fit(unit).pixel_range_ == "0..1"
    with pytest.raises(DataValidationError, match="pixel range"):
        detector.decision_function(np.full((2, 8, 8), -3.0, np.float32))


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame(rng.normal(size=(64, 4)) * [1.0, 2.0, 3.0, 4.0], columns=list("abcd"))


@pytest.mark.parametrize("name", DETECTORS)
def test_frames_are_matched_to_the_fitted_columns_by_name(name, frame, make_detector):
    detector = make_detector(name, epochs=1, search_steps=2, restarts=1) if name == "AnoGAN" \
        else make_detector(name, epochs=1)
    detector.fit(frame)
    np.testing.assert_array_equal(detector.feature_names_in_, list("abcd"))
    expected = detector.decision_function(frame)
    np.testing.assert_allclose(detector.decision_function(frame[list("dcba")]), expected, rtol=1e-6)
    np.testing.assert_allclose(detector.decision_function(frame.to_numpy()), expected, rtol=1e-6)
    with pytest.raises(DataValidationError, match=r"missing columns \['a', 'b', 'c', 'd'\].*unknown columns"):
        detector.decision_function(frame.set_axis(list("wxyz"), axis=1))
    with pytest.raises(DataValidationError, match=r"missing columns \['d'\]"):
        detector.decision_function(frame[list("abc")])
    with pytest.raises(DataValidationError, match=r"unknown columns \['e'\]"):
        detector.decision_function(frame.assign(e=0.0))


def test_feature_names_are_saved_and_dropped_on_a_refit_without_names(frame, make_detector, tmp_path):
    detector = make_detector("EGBAD", epochs=1).fit(frame)
    restored = load(save(detector, tmp_path / "model"))
    np.testing.assert_array_equal(restored.feature_names_in_, list("abcd"))
    np.testing.assert_allclose(restored.decision_function(frame[list("cadb")]), detector.decision_function(frame),
                               rtol=1e-5, atol=1e-6)
    document = json.loads((tmp_path / "model" / "params.json").read_text())
    del document["fitted"]["feature_names_in"]  # a file saved before names were kept
    (tmp_path / "model" / "params.json").write_text(json.dumps(document))
    assert not hasattr(load(tmp_path / "model"), "feature_names_in_")
    detector.fit(frame.to_numpy())
    assert not hasattr(detector, "feature_names_in_")
    detector.decision_function(frame.set_axis(list("wxyz"), axis=1))  # no names at fit: matched by position


def test_duplicated_column_names_are_refused(frame, make_detector):
    with pytest.raises(DataValidationError, match=r"duplicated column names \['a'\]"):
        make_detector("EGBAD", epochs=1).fit(frame.set_axis(list("abca"), axis=1))


def test_one_dimensional_rows_get_a_reshape_hint(frame, make_detector):
    detector = make_detector("GANomaly", epochs=1)
    with pytest.raises(DataValidationError, match=r"2-D \(n_samples, n_features\).*1-D.*reshape\(-1, 1\)"):
        detector.fit(frame.to_numpy()[:, 0])
    with pytest.raises(DataValidationError, match="1-D"):
        detector.fit(frame["a"])
    detector.fit(frame.to_numpy())
    with pytest.raises(DataValidationError, match="1-D"):
        detector.decision_function(frame.to_numpy()[0])

