import numpy as np
import pandas as pd
import pytest

from smallgan.detect.series_io import aggregate, check_series_frame, intervals_to_frame
from smallgan.evaluate.segments import (
    point_counts,
    point_scores,
    pooled_segment_scores,
    segment_counts,
    segment_scores,
)
from smallgan.exceptions import DataValidationError


def test_segment_scores_hand_computed():
    expected = [(10, 20), (50, 60), (90, 95)]
    detected = [(0, 10), (15, 18), (30, 40), (61, 70)]
    # windows 1 hit (twice), windows 2 and 3 missed; detections 3 and 4 hit nothing
    assert segment_counts(expected, detected) == {"tp": 1, "fp": 2, "fn": 2}
    scores = segment_scores(expected, detected)
    assert scores["precision"] == pytest.approx(1 / 3)  # Orion: tp / (tp + fp), tp counting windows hit
    assert scores["recall"] == pytest.approx(1 / 3)
    assert scores["f1"] == pytest.approx(1 / 3)


def test_point_counts_hand_computed():
    """Each point counts once: a long interval pays for every point outside the windows, overlaps count once."""
    points = range(20)
    # labelled 2-4 and 10-11; detected 3-7 and 6-8 (overlapping: 3-8 counted once) and 15-15
    assert point_counts(points, [(2, 4), (10, 11)], [(3, 7), (6, 8), (15, 15)]) == {"tp": 2, "fp": 5, "fn": 3}
    # segment counts of the same case: one window hit, one missed, two detections overlapping no window
    assert segment_counts([(2, 4), (10, 11)], [(3, 7), (6, 8), (15, 15)]) == {"tp": 1, "fp": 2, "fn": 1}
    assert point_counts(points, [(2, 4)], [(0, 19)]) == {"tp": 3, "fp": 17, "fn": 0}  # flag all: precision 3/20
    assert point_scores(points, [(2, 4)], [(0, 19)])["f1"] == pytest.approx(2 * 3 / (3 + 20))
    assert segment_scores([(2, 4)], [(0, 19)])["f1"] == 1.0  # the segment F1 cannot tell
    stamps = pd.date_range("2020-01-01", periods=6, freq="h")
    window, interval = (stamps[1], stamps[2]), (stamps[2] - pd.Timedelta("10min"), stamps[4])
    assert point_counts(stamps.to_numpy(), [window], [interval]) == {"tp": 1, "fp": 2, "fn": 1}
    coarse = (stamps[1].as_unit("us"), stamps[2].as_unit("s"))  # NAB's windows are parsed in microseconds
    assert point_counts(stamps.to_numpy(), [coarse], [interval]) == {"tp": 1, "fp": 2, "fn": 1}
    shuffled = [19, 3, 0, 11, 7, 2, 15, 4, 10, 8, 1, 5, 6, 9, 12, 13, 14, 16, 17, 18]  # order does not matter
    assert point_counts(shuffled, [(2, 4), (10, 11)], [(3, 7), (6, 8), (15, 15)]) == {"tp": 2, "fp": 5, "fn": 3}
    with pytest.raises(ValueError, match="ends before it starts"):
        point_counts(points, [], [(5, 1)])


def test_segment_scores_edge_cases():
    assert segment_scores([(1, 2)], [])["f1"] == 0.0
    assert segment_scores([], [(1, 2)])["precision"] == 0.0
    assert segment_scores([(5, 5)], [(5, 9)])["f1"] == 1.0  # touching endpoints overlap
    stamps = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"])
    assert segment_counts([(stamps[0], stamps[1])], [(stamps[1], stamps[2])])["tp"] == 1
    with pytest.raises(ValueError, match="ends before it starts"):
        segment_counts([(5, 1)], [])
    pooled = pooled_segment_scores([([(0, 1)], [(0, 1)]), ([(0, 1)], [(5, 6)])])
    assert (pooled["tp"], pooled["fp"], pooled["fn"]) == (1, 1, 1)
    assert pooled["f1"] == pytest.approx(0.5)


def _frame(n=20):
    return pd.DataFrame({"timestamp": pd.date_range("2021-01-01", periods=n, freq="5min"),
                         "value": np.arange(n, dtype=float)})


@pytest.mark.parametrize("change, message", [
    (lambda f: f.iloc[[0, 1, 3, 2, 4]], r"not increasing: row 3"),
    (lambda f: f.assign(timestamp=f.timestamp.where(f.index != 3, f.timestamp[2])),
     r"duplicated timestamp .* rows 2 and 3"),
    (lambda f: f.assign(value=f.value.where(f.index != 4, np.nan)), r"NaN at row 4"),
    (lambda f: f.assign(value=f.value.astype(object).where(f.index != 5, "high")), r"not numeric: 'high' at row 5"),
    (lambda f: f.drop(index=[6, 7]), r"gap\(s\) .* before row 6"),
    (lambda f: f.rename(columns={"value": "v"}), r"\['value'\] not found"),
    (lambda f: f.assign(timestamp=f.timestamp.astype(str).where(f.index != 2, "soon")), r"unparseable .*row 2"),
])
def test_bad_series_tables_raise(change, message):
    with pytest.raises(DataValidationError, match=message):
        check_series_frame(change(_frame()), "timestamp", "value")


def test_gaps_resampled_with_warning():
    frame = _frame().drop(index=[6, 7])
    with pytest.warns(UserWarning, match="resampled"):
        stamps, values = check_series_frame(frame, gaps="resample")
    assert len(stamps) == 20
    np.testing.assert_allclose(values[:, 0], np.arange(20.0))


def test_aggregate_and_interval_table():
    stamps = pd.Series(pd.date_range("2021-01-01", periods=10, freq="h"))
    starts, ends, means = aggregate(stamps, np.arange(10.0), max_points=4)
    assert means[:, 0].tolist() == [1.0, 4.0, 7.0, 9.0]
    assert ends.iloc[0] == stamps.iloc[2]
    table = intervals_to_frame([(1, 2, 0.5)], starts, ends)
    assert table.loc[0, "start"] == stamps.iloc[3] and table.loc[0, "end"] == stamps.iloc[8]
