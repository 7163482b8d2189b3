import numpy as np
import pytest

from smallgan.detect.series_intervals import find_intervals, merge_intervals, prune_peaks
from smallgan.detect.series_windows import (
    area_errors,
    dtw_errors,
    point_errors,
    sliding_windows,
    window_starts,
    windows_to_points,
)


def test_sliding_windows_known_example():
    windows = sliding_windows(np.arange(6.0), 4, step=1)
    assert windows.shape == (3, 4, 1)
    assert windows[:, :, 0].tolist() == [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5]]
    assert window_starts(7, 3, step=2).tolist() == [0, 2, 4]
    assert window_starts(8, 3, step=2).tolist() == [0, 2, 4, 5]  # last window always ends at the last point


def test_windows_to_points_is_exact():
    # three windows of size 3 over 5 points; point p is covered by windows max(0, p-2)..min(p, 2)
    windows = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [100.0, 200.0, 300.0]])
    assert windows_to_points(windows, 5, how="median").tolist() == [1.0, 6.0, 20.0, 115.0, 300.0]
    assert windows_to_points(windows, 5, how="mean").tolist() == [1.0, 6.0, 41.0, 115.0, 300.0]
    assert windows_to_points(windows, 5, how="max").tolist() == [1.0, 10.0, 100.0, 200.0, 300.0]
    # one value per window is spread over the window's points
    assert windows_to_points(np.array([1.0, 2.0, 4.0]), 5, how="mean").tolist() == [1.0, 1.5, 7.0 / 3, 3.0, 4.0]


def test_windows_round_trip_recovers_series():
    series = np.random.default_rng(0).normal(size=(50, 2))
    windows = sliding_windows(series, 7, step=3)
    np.testing.assert_allclose(windows_to_points(windows, 50, step=3), series, rtol=1e-6)


def test_reconstruction_errors_on_known_cases():
    true = np.zeros(30)
    shifted = np.zeros(30)
    shifted[15] = 2.0
    assert point_errors(true, shifted).tolist() == [0.0] * 15 + [2.0] + [0.0] * 14
    assert area_errors(true, shifted, 4).max() == pytest.approx(2.0)
    assert dtw_errors(true, true, 4).max() == 0.0
    # a pure time shift costs DTW far less than the point-wise error
    wave = np.sin(np.arange(60) / 3.0)
    assert dtw_errors(wave[1:], wave[:-1], 10).mean() < 11 * point_errors(wave[1:], wave[:-1]).mean()


def test_find_intervals_flags_the_peaks():
    scores = np.random.default_rng(0).normal(0, 0.1, 600)
    scores[100] = 5.0
    scores[400:410] = 4.0
    intervals = find_intervals(scores, padding=3)
    assert [(a, b) for a, b, _ in intervals] == [(97, 103), (397, 412)]
    assert all(severity > 0 for _, _, severity in intervals)


def test_global_gate_drops_local_maxima_of_the_background():
    scores = np.zeros(300)
    scores[50] = 1.0  # a small bump: the top of every sliding window that misses the spike
    scores[250] = 10.0
    ungated = find_intervals(scores, padding=2)
    assert [(a, b) for a, b, _ in ungated] == [(48, 52), (248, 252)]
    # whole series: mean 0.037, std 0.58; mean + 3 std = 1.78 keeps the spike only
    gated = find_intervals(scores, padding=2, global_k=3.0)
    assert [(a, b) for a, b, _ in gated] == [(248, 252)]
    assert gated[0][2] == ungated[1][2]  # severities unchanged by the gate
    assert find_intervals(scores, padding=2, global_k=20.0) == []


def test_prune_drops_near_duplicate_peaks():
    peaks = [(0, 1, 10.0), (5, 6, 9.95), (9, 9, 5.0)]
    # 10 -> 9.95 is a 0.5% drop (not kept on its own), 9.95 -> 5 is 50%: everything down to 9.95 stays
    assert prune_peaks(peaks, max_below=4.9, min_percent=0.1) == [(0, 1, 10.0), (5, 6, 9.95)]
    # nothing stands out against the background
    assert prune_peaks([(0, 1, 5.1)], max_below=5.0, min_percent=0.1) == []


def test_merge_intervals():
    merged = merge_intervals([(10, 20, 1.0), (0, 5, 2.0), (21, 30, 3.0), (50, 60, 1.0)])
    assert [(a, b) for a, b, _ in merged] == [(0, 5), (10, 30), (50, 60)]
    assert merged[1][2] == pytest.approx((10 * 1.0 + 9 * 3.0) / 19)


@pytest.mark.parametrize("name", ["RollingZScoreDetector", "LSTMGANDetector", "SeriesSeedEnsemble"])
def test_detect_intervals_before_fit_raises_not_fitted(name):
    from smallgan import detect
    from smallgan.exceptions import NotFittedError

    detector = getattr(detect, name)()
    for call in (lambda: detector.detect_intervals(), lambda: detector.detect_intervals(np.zeros(300))):
        with pytest.raises(NotFittedError, match="not fitted"):
            call()
