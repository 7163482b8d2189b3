"""Timestamped series from a table or CSV, checked: order, duplicates, gaps, NaN and non-numeric values.

Gaps (a step longer than 1.5 x the median step) raise by default (`gaps="error"`); `gaps="resample"`
puts the series on a regular grid at the median step, filling the new points by linear interpolation
(with a warning); `gaps="ignore"` keeps the points as they are.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError

GAP_POLICIES = ("error", "resample", "ignore")


def _timestamps(column: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column):
        return column.astype(np.float64)
    parsed = pd.to_datetime(column, errors="coerce")
    bad = parsed.isna() & column.notna() | column.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataValidationError(f"timestamp column {name!r} has an unparseable or missing value "
                                  f"{column.iloc[row]!r} at row {row}")
    return parsed


def order_faults(stamps: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose time stamp comes before the previous row's, and rows that repeat it."""
    steps = np.diff(stamps.to_numpy())
    zero = np.zeros((), dtype=steps.dtype)
    return np.flatnonzero(steps < zero) + 1, np.flatnonzero(steps == zero) + 1


def _check_order(stamps: pd.Series, name: str) -> None:
    back, repeated = order_faults(stamps)
    if len(back):
        row = int(back[0])
        raise DataValidationError(f"timestamps in {name!r} are not increasing: row {row} ({stamps.iloc[row]}) comes "
                                  f"before row {row - 1} ({stamps.iloc[row - 1]}); sort the file first")
    if len(repeated):
        row = int(repeated[0])
        raise DataValidationError(f"duplicated timestamp {stamps.iloc[row]} in {name!r} at rows {row - 1} and {row}; "
                                  "aggregate or drop duplicates first")


def _values(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    out = []
    for column in columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() & frame[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataValidationError(f"value column {column!r} is not numeric: {frame[column].iloc[row]!r} at row "
                                      f"{row}")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise DataValidationError(f"value column {column!r} has NaN at row {row} ({int(values.isna().sum())} "
                                      "missing in total); impute or drop them first")
        out.append(values.to_numpy(dtype=np.float64))
    return np.stack(out, axis=1)


def _fix_gaps(stamps: pd.Series, values: np.ndarray, gaps: str) -> tuple[pd.Series, np.ndarray]:
    is_time = pd.api.types.is_datetime64_any_dtype(stamps)
    positions = stamps.astype("int64").to_numpy() if is_time else stamps.to_numpy(dtype=np.float64)
    steps = np.diff(positions).astype(np.float64)
    if len(steps) == 0 or gaps == "ignore":
        return stamps, values
    median = float(np.median(steps))
    long = steps > median * 1.5
    if not long.any():
        return stamps, values
    row = int(np.flatnonzero(long)[0]) + 1
    shown = pd.Timedelta(median, unit="ns") if is_time else median
    message = (f"{int(long.sum())} gap(s) in the timestamps (steps longer than 1.5 x the median step {shown}); "
               f"the first is before row {row} ({stamps.iloc[row - 1]} -> {stamps.iloc[row]})")
    if gaps == "error":
        raise DataValidationError(message + "; pass gaps='resample' to interpolate onto a regular grid")
    warnings.warn(message + "; resampled to the median step with linear interpolation", UserWarning, stacklevel=3)
    grid = np.arange(positions[0], positions[-1] + median / 2, median)
    filled = np.stack([np.interp(grid, positions, values[:, c]) for c in range(values.shape[1])], axis=1)
    new_stamps = pd.Series(pd.to_datetime(grid.astype(np.int64), utc=stamps.dt.tz is not None)) if is_time \
        else pd.Series(grid)
    return new_stamps, filled


def check_series_frame(frame: pd.DataFrame, timestamp_col: str = "timestamp", value_cols: str | Sequence[str] =
                       "value", *, gaps: str = "error") -> tuple[pd.Series, np.ndarray]:
    """Validate a table holding a series; return (timestamps, values `(n_times, n_channels)`).

    Raises DataValidationError naming the problem: a missing column, unparseable, non-increasing or
    duplicated timestamps, gaps (unless `gaps` is "resample" or "ignore"), NaN or non-numeric values.

    Example:
        >>> stamps, values = check_series_frame(pd.read_csv("cpu.csv"), "timestamp", "value")
    """
    if gaps not in GAP_POLICIES:
        raise ValueError(f"gaps must be one of {GAP_POLICIES}, got {gaps!r}")
    columns = [value_cols] if isinstance(value_cols, str) else list(value_cols)
    missing = [c for c in [timestamp_col, *columns] if c not in frame.columns]
    if missing:
        raise DataValidationError(f"column(s) {missing} not found; the table has {list(frame.columns)}")
    if len(frame) < 2:
        raise DataValidationError(f"the series has {len(frame)} rows; at least 2 are needed")
    stamps = _timestamps(frame[timestamp_col].reset_index(drop=True), timestamp_col)
    _check_order(stamps, timestamp_col)
    values = _values(frame.reset_index(drop=True), columns)
    return _fix_gaps(stamps, values, gaps)


def read_series_csv(path: str | os.PathLike, timestamp_col: str = "timestamp",
                    value_cols: str | Sequence[str] = "value", *, gaps: str = "error") -> tuple[pd.Series, np.ndarray]:
    """Read a CSV file and check it with `check_series_frame`."""
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise DataValidationError(f"could not read {path}: {exc}") from None
    return check_series_frame(frame, timestamp_col, value_cols, gaps=gaps)


def aggregate(stamps: pd.Series, values: np.ndarray, max_points: int) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Average consecutive points so that at most `max_points` remain; returns (bin starts, bin ends, means)."""
    values = np.asarray(values, dtype=np.float64).reshape(len(values), -1)
    factor = max(int(np.ceil(len(values) / max_points)), 1)
    bins = np.arange(len(values)) // factor
    frame = pd.DataFrame(values).groupby(bins).mean()
    starts = stamps.groupby(bins).first().reset_index(drop=True)
    ends = stamps.groupby(bins).last().reset_index(drop=True)
    return starts, ends, frame.to_numpy()


def intervals_to_frame(intervals: Sequence[tuple[int, int, float]], starts: Any, ends: Any | None = None
                       ) -> pd.DataFrame:
    """Point-index intervals -> a table of (start, end, severity) in timestamps (bin ends for aggregated series)."""
    starts = pd.Series(starts).reset_index(drop=True)
    ends = starts if ends is None else pd.Series(ends).reset_index(drop=True)
    rows = [{"start": starts.iloc[a], "end": ends.iloc[b], "severity": s, "start_index": a, "end_index": b}
            for a, b, s in intervals]
    return pd.DataFrame(rows, columns=["start", "end", "severity", "start_index", "end_index"])


def read_windows_csv(path: str | os.PathLike) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Labelled anomaly windows from a CSV with `start` and `end` time stamp columns (one window per row).

    Raises DataValidationError naming the problem: an unreadable file, a missing column, an unparseable time stamp
    or a window that ends before it starts.
    """
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise DataValidationError(f"could not read the labels file {path}: {exc}") from None
    missing = [c for c in ("start", "end") if c not in frame.columns]
    if missing:
        raise DataValidationError(f"labels file {path}: column(s) {missing} not found; it has {list(frame.columns)}")
    starts, ends = (_timestamps(frame[c], f"{c} (labels file {path})") for c in ("start", "end"))
    backwards = np.flatnonzero((ends < starts).to_numpy())
    if len(backwards):
        row = int(backwards[0])
        raise DataValidationError(f"labels file {path}: window at row {row} ends ({ends.iloc[row]}) before it starts "
                                  f"({starts.iloc[row]})")
    return list(zip(starts, ends, strict=True))
