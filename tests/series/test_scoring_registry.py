"""Scoring from window reconstructions (edge correction), baselines in the registry, CLI and grid names."""

import numpy as np
import pytest

from smallgan.detect.series_intervals import find_intervals
from smallgan.detect.series_pipeline import make_series_detector
from smallgan.detect.series_scoring import ScoreOptions, coverage, score_points
from smallgan.detect.series_windows import sliding_windows
from smallgan.registry import get_class


def test_coverage_counts_windows_per_point():
    assert coverage(5, 3).tolist() == [1, 2, 3, 2, 1]
    assert coverage(6, 2).tolist() == [1, 2, 2, 2, 2, 1]
    windows = sliding_windows(np.zeros(7), 3)
    counts = np.zeros(7)
    for start in range(len(windows)):
        counts[start:start + 3] += 1
    assert coverage(7, 3).tolist() == counts.tolist()


def test_edge_ramp_removes_the_first_point_false_alarm():
    """Windows reconstruct well except at their first step: only the series' first points are hurt."""
    rng = np.random.default_rng(0)
    n, size = 300, 20
    series = np.sin(np.arange(n) / 5.0)[:, None]
    recon = sliding_windows(series, size) + 0.01 * rng.normal(size=(n - size + 1, size, 1)).astype(np.float32)
    recon[:, 0, 0] += 0.3  # a decoder that is poorer at the first step of every window
    observed = series.copy()
    observed[160] += 0.3  # a true spike, which the reconstructions (of the clean series) miss
    plain, _ = score_points(observed, recon, None, ScoreOptions(rec_error="point", edge="none", smooth=1))
    ramped, _ = score_points(observed, recon, None, ScoreOptions(rec_error="point", edge="ramp", smooth=1))
    assert plain[0] > 0.5 * plain[160]  # the bug: the first point looks about as anomalous as the spike
    assert find_intervals(plain, padding=2)[0][0] == 0
    assert ramped[:size // 2].max() < 0.2 * ramped[160]
    np.testing.assert_allclose(ramped[size:-size], plain[size:-size])


@pytest.mark.parametrize("name, method", [("RollingZScoreDetector", "zscore"), ("WindowIForestDetector", "iforest"),
                                          ("LSTMAutoencoderDetector", "lstm-ae"), ("LSTMGANDetector", "lstmgan")])
def test_series_detectors_are_registered_and_reachable_by_both_names(name, method):
    cls = get_class(name)
    assert type(make_series_detector(method)) is cls
    assert type(make_series_detector(name, random_state=3)) is cls
    assert make_series_detector(name, random_state=3).get_params()["random_state"] == 3


def test_zscore_detector_save_load(tmp_path):
    from smallgan import io

    values = np.sin(np.arange(200) / 4.0)
    values[120] += 4.0
    detector = make_series_detector("RollingZScoreDetector", window_size=20).fit(values)
    io.save(detector, tmp_path / "zscore")
    loaded = io.load(tmp_path / "zscore")
    np.testing.assert_allclose(loaded.decision_function(values), detector.decision_scores_)


@pytest.mark.parametrize("method", ["iforest", "lstm-ae", "RollingZScoreDetector"])
def test_cli_runs_the_baselines(tmp_path, method):
    import pandas as pd
    from typer.testing import CliRunner

    from smallgan.cli import app

    values = np.sin(np.arange(300) / 4.0)
    values[150] += 5.0
    pd.DataFrame({"t": np.arange(300), "v": values}).to_csv(tmp_path / "s.csv", index=False)
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "s.csv"), "--timestamp-col", "t", "--value-col",
                                      "v", "--method", method, "--window-size", "20", "--epochs", "1",
                                      "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    assert f"{method}: 300 points" in result.output


def test_kde_mode_of_the_covering_critic_scores_differs_from_their_median():
    from smallgan.detect.series_scoring import kde_mode_points
    from smallgan.detect.series_windows import windows_to_points

    # windows of 5 points: point 4 is covered by windows 0-4 with critic scores 1, 1.02, 1.01, 3, 3.1 ... the
    # dense cluster near 1 is the mode (Orion's choice), the median is 1.02
    critic = np.array([1.0, 1.02, 1.01, 3.0, 3.1, 3.05, 3.02, 3.01])
    n = len(critic) + 4
    mode, median = kde_mode_points(critic, n), windows_to_points(critic, n)
    assert mode.shape == (n,) and mode[0] == critic[0] and mode[-1] == critic[-1]
    assert mode[4] < 1.1 and median[4] == 1.02
    assert mode[6] > 2.9 and median[6] == 3.02  # windows 2-6: the cluster near 3 wins
    assert np.all(kde_mode_points(np.full(6, 2.0), 10) == 2.0)  # degenerate values: the median


def test_lstm_gan_with_kde_critic_scores_flags_the_planted_anomalies(sine_with_anomalies):
    from smallgan.detect.tadgan import LSTMGANDetector
    from smallgan.evaluate.segments import segment_counts

    from .conftest import SHIFT, SPIKE_AT

    quick = dict(window_size=20, hidden=16, batch_size=16, lr=2e-3, n_critic=2, rec_error="point", epochs=10,
                 random_state=2)
    kde = LSTMGANDetector(critic_agg="kde", **quick).fit(sine_with_anomalies)
    median = LSTMGANDetector(**quick).fit(sine_with_anomalies)
    assert not np.allclose(kde.decision_scores_, median.decision_scores_)
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], kde.detect_intervals(padding=5))
    assert counts["tp"] == 2
    with pytest.raises(ValueError, match="critic_agg"):
        LSTMGANDetector(critic_agg="mean", **dict(quick, epochs=1)).fit(sine_with_anomalies)
