"""The LSTM GAN's bidirectional regression head (AER-style: each window also predicts its neighbours)."""

import numpy as np
import pytest

from smallgan.detect.series_scoring import RawScores, ScoreOptions, ScoreStatistics, combine_scores
from smallgan.detect.series_windows import neighbour_errors, neighbour_targets
from smallgan.detect.tadgan import LSTMGANDetector
from smallgan.evaluate.segments import segment_counts

from .conftest import SHIFT, SPIKE_AT
from .test_lstm_gan import QUICK


def test_neighbour_targets_on_a_known_series():
    values = np.arange(10.0).reshape(-1, 1)
    targets, mask = neighbour_targets(values, 4, step=3)  # windows start at 0, 3, 6
    assert targets[:, :, 0].tolist() == [[0.0, 4.0], [2.0, 7.0], [5.0, 0.0]]
    assert mask[:, :, 0].tolist() == [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0]]


def test_neighbour_errors_average_both_directions():
    values = np.zeros(8)
    predictions = np.zeros((6, 2, 1))  # windows of 3 points: window i predicts i - 1 and i + 3
    predictions[1, 0, 0] = 2.0   # backward guess of point 0 (its only one)
    predictions[0, 1, 0] = 4.0   # forward guess of point 3
    predictions[4, 0, 0] = 6.0   # backward guess of point 3
    errors = neighbour_errors(values, predictions)
    np.testing.assert_allclose(errors, [2.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0])


def test_regression_error_joins_the_score():
    raw = RawScores(errors=np.array([0.0, 1.0, 2.0]), regression=np.array([3.0, 0.0, 1.0]))
    stats = ScoreStatistics(error_mean=0.0, error_std=1.0, regression_mean=0.0, regression_std=1.0)
    score = {how: combine_scores(raw, stats, ScoreOptions(reg_combine=how, edge="none"), 1).tolist()
             for how in ("mult", "sum", "reg", "rec")}
    assert score == {"mult": [3.0, 1.0, 5.0], "sum": [1.5, 0.5, 1.5], "reg": [3.0, 0.0, 1.0], "rec": [0.0, 1.0, 2.0]}


@pytest.fixture(scope="module")
def regressing_gan(sine_with_anomalies):
    import torch

    torch.set_num_threads(1)
    return LSTMGANDetector(epochs=10, regression=1.0, random_state=0, **QUICK).fit(sine_with_anomalies)


def test_regression_head_learns(regressing_gan):
    loss = regressing_gan.history_["regression"]
    assert loss[-1] < 0.5 * loss[0]
    assert regressing_gan.decision_scores_.std() > 0


def test_regressing_gan_flags_spike_and_level_shift_on_most_seeds(sine_with_anomalies):
    # measured on seeds 0-4: both flagged on 3 (as by the GAN without the head), at least one on every seed
    found = []
    for seed in range(5):
        detector = LSTMGANDetector(epochs=10, regression=1.0, random_state=seed, **QUICK).fit(sine_with_anomalies)
        found.append(segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], detector.detect_intervals(padding=5)))
    assert sum(c["tp"] == 2 for c in found) >= 3, found
    assert all(c["tp"] >= 1 and c["fp"] <= 2 for c in found), found


def test_regression_scores_differ_from_reconstruction_only(regressing_gan, sine_with_anomalies):
    with_regression = regressing_gan.decision_function(sine_with_anomalies)
    regressing_gan.set_params(reg_combine="rec")
    try:
        without = regressing_gan.decision_function(sine_with_anomalies)
    finally:
        regressing_gan.set_params(reg_combine="mult")
    assert not np.allclose(with_regression, without)


def test_regressing_gan_saves_and_loads(regressing_gan, sine_with_anomalies, tmp_path):
    from smallgan import io

    io.save(regressing_gan, tmp_path / "model")
    loaded = io.load(tmp_path / "model")
    assert loaded.regressor_ is not None
    np.testing.assert_allclose(loaded.decision_function(sine_with_anomalies),
                               regressing_gan.decision_function(sine_with_anomalies), rtol=1e-6)


def test_same_seed_same_scores_with_regression(sine_with_anomalies):
    params = dict(QUICK, epochs=2, regression=0.5, random_state=4)
    first = LSTMGANDetector(**params).fit(sine_with_anomalies).decision_scores_
    np.testing.assert_array_equal(first, LSTMGANDetector(**params).fit(sine_with_anomalies).decision_scores_)


def test_bad_regression_options_raise(sine_with_anomalies):
    with pytest.raises(ValueError, match="reg_combine"):
        LSTMGANDetector(**dict(QUICK, epochs=1), regression=1.0, reg_combine="max").fit(sine_with_anomalies)
    with pytest.raises(ValueError, match="regression"):
        LSTMGANDetector(**dict(QUICK, epochs=1), regression=-1.0).fit(sine_with_anomalies)


def test_autoencoder_with_the_head_learns_it_and_saves_it(sine_with_anomalies, tmp_path):
    from smallgan import io
    from smallgan.detect.series_baselines import LSTMAutoencoderDetector

    params = {k: v for k, v in QUICK.items() if k != "n_critic"}
    detector = LSTMAutoencoderDetector(epochs=10, regression=1.0, random_state=0, **params).fit(sine_with_anomalies)
    loss = detector.history_["regression"]
    assert loss[-1] < 0.5 * loss[0]
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], detector.detect_intervals(padding=5))
    assert counts["tp"] >= 1, counts
    plain = LSTMAutoencoderDetector(epochs=10, random_state=0, **params).fit(sine_with_anomalies)
    assert "regression" not in plain.history_ and not np.allclose(plain.decision_scores_, detector.decision_scores_)
    io.save(detector, tmp_path / "model")
    np.testing.assert_allclose(io.load(tmp_path / "model").decision_function(sine_with_anomalies),
                               detector.decision_function(sine_with_anomalies), rtol=1e-6)


def test_aer_method_is_the_autoencoder_with_the_head(sine_with_anomalies):
    from smallgan.detect.series_baselines import LSTMAutoencoderDetector
    from smallgan.detect.series_options import detector_parameters
    from smallgan.detect.series_pipeline import detect_series, make_series_detector

    detector = make_series_detector("aer", window_size=20, regression=0.0)  # the head is what the method is
    assert isinstance(detector, LSTMAutoencoderDetector) and detector.regression == 1.0
    assert {"regression", "reg_combine"} <= detector_parameters("aer")
    stamps = np.arange(len(sine_with_anomalies))
    result = detect_series(stamps, sine_with_anomalies, "aer", window_size=20, hidden=8, epochs=2, random_state=0,
                           padding=5)
    assert result.detector.regressor_ is not None and "regression" in result.detector.history_
