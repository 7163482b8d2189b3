"""`SeriesSeedEnsemble` and `detect_series(n_members=...)`: members with distinct seeds, std-scaled averaged scores."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from smallgan.cli import app
from smallgan.detect.series_ensemble import SeriesSeedEnsemble, member_seeds
from smallgan.detect.series_pipeline import detect_series
from smallgan.detect.tadgan import LSTMGANDetector
from smallgan.evaluate.segments import segment_counts

from .conftest import SHIFT, SPIKE_AT

QUICK = dict(window_size=20, hidden=16, batch_size=16, lr=2e-3, n_critic=2, rec_error="point", epochs=4)


@pytest.fixture(scope="module")
def ensemble(sine_with_anomalies):
    import torch

    torch.set_num_threads(1)
    return SeriesSeedEnsemble("lstmgan", 3, QUICK, random_state=0).fit(sine_with_anomalies)


def test_member_seeds_are_distinct_and_reproducible():
    assert member_seeds(7, 1) == [7]  # one member: exactly a single detector's seed
    seeds = member_seeds(7, 3)
    assert len(set(seeds)) == 3 and seeds == member_seeds(7, 3) and seeds != member_seeds(8, 3)
    assert member_seeds(None, 2) == [None, None]
    assert len(set(member_seeds(np.random.RandomState(0), 4))) == 4


def test_ensemble_averages_std_scaled_member_scores(ensemble, sine_with_anomalies):
    members = ensemble.members_
    assert [m.random_state for m in members] == member_seeds(0, 3)
    assert not np.allclose(members[0].decision_scores_, members[1].decision_scores_)
    expected = np.mean([m.decision_scores_ / m.decision_scores_.std() for m in members], axis=0)
    np.testing.assert_allclose(ensemble.decision_scores_, expected)
    np.testing.assert_allclose(ensemble.decision_function(sine_with_anomalies), expected, rtol=1e-6)
    assert ensemble.decision_scores_.std() > 0
    assert ensemble.labels_.mean() == pytest.approx(0.1, abs=0.02)  # PyOD's threshold from contamination
    assert ensemble.get_params()["n_members"] == 3


def test_ensemble_flags_the_planted_anomalies(ensemble):
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], ensemble.detect_intervals(padding=5))
    assert counts["tp"] == 2


def test_one_member_gives_the_single_detectors_intervals(sine_with_anomalies):
    single = LSTMGANDetector(**QUICK, random_state=3).fit(sine_with_anomalies)
    one = SeriesSeedEnsemble("lstmgan", 1, QUICK, random_state=3).fit(sine_with_anomalies)
    np.testing.assert_allclose(one.decision_scores_ * single.decision_scores_.std(), single.decision_scores_)
    mine, theirs = one.detect_intervals(padding=5), single.detect_intervals(padding=5)
    assert [(a, b) for a, b, _ in mine] == [(a, b) for a, b, _ in theirs] and len(mine) >= 1
    np.testing.assert_allclose([s for *_, s in mine], [s for *_, s in theirs])  # severity is scale-free


def test_detect_series_with_members_is_deterministic(sine_with_anomalies):
    stamps = pd.date_range("2024-01-01", periods=len(sine_with_anomalies), freq="h")
    first, again = (detect_series(stamps, sine_with_anomalies, "lstmgan", n_members=2, random_state=1, padding=5,
                                  **QUICK) for _ in range(2))
    assert isinstance(first.detector, SeriesSeedEnsemble) and len(first.detector.members_) == 2
    np.testing.assert_array_equal(first.scores, again.scores)
    pd.testing.assert_frame_equal(first.intervals, again.intervals)


@pytest.mark.parametrize("n_members", [0, 2.5, True])
def test_bad_member_count_raises(sine_with_anomalies, n_members):
    with pytest.raises(ValueError, match="n_members must be an integer >= 1"):
        SeriesSeedEnsemble("lstmgan", n_members, QUICK).fit(sine_with_anomalies)


def test_unfitted_ensemble_raises(sine_with_anomalies):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="not fitted"):
        SeriesSeedEnsemble().decision_function(sine_with_anomalies)


def test_cli_members_flag(tmp_path):
    values = np.sin(np.arange(300) / 4.0)
    values[150] += 5.0
    pd.DataFrame({"time": pd.date_range("2022-03-01", periods=300, freq="10min"), "v": values}).to_csv(
        tmp_path / "s.csv", index=False)
    args = ["detect-series", str(tmp_path / "s.csv"), "--timestamp-col", "time", "--value-col", "v", "--method",
            "lstm-ae", "--window-size", "20", "--epochs", "2", "--padding", "5"]
    result = CliRunner().invoke(app, [*args, "--members", "2"])
    assert result.exit_code == 0, result.output
    assert "anomalous interval" in result.output
    bad = CliRunner().invoke(app, [*args, "--members", "0"])
    assert bad.exit_code == 2 and "n_members must be an integer >= 1" in bad.output
