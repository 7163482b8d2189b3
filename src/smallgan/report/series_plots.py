"""Plot of a time-series detection: the series with detected intervals and labelled windows, and the scores.

Example:
    >>> figure = plot_series_detection(result.starts, result.values, result.scores, result.intervals,
    ...                                windows=dataset.meta["windows"])
    >>> save_figure(figure, "detection.png")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .plots import save_figure

__all__ = ["plot_series_detection", "save_figure"]


def plot_series_detection(stamps: Any, values: Any, scores: Any, intervals: Any = None,
                          windows: Sequence[tuple[Any, Any]] | None = None, *, title: str | None = None) -> Any:
    """Two panels sharing the time axis: values (detected intervals red, labelled windows green) and scores.

    Args:
        stamps: time of each point (timestamps or positions).
        values: `(n_times,)` or `(n_times, n_channels)`.
        scores: one anomaly score per point.
        intervals: a table with `start` and `end` columns (e.g. `SeriesDetection.intervals`) or (start, end) pairs.
        windows: labelled anomaly windows as (start, end) pairs.
    """
    from matplotlib.figure import Figure

    stamps = np.asarray(stamps)
    values = np.asarray(values, dtype=float).reshape(len(stamps), -1)
    figure = Figure(figsize=(11, 4.5), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    for channel in range(values.shape[1]):
        top.plot(stamps, values[:, channel], lw=0.8, color="0.2" if values.shape[1] == 1 else None)
    for i, (start, end) in enumerate(windows or []):
        top.axvspan(start, end, color="tab:green", alpha=0.25, lw=0, label="labelled window" if i == 0 else None)
    pairs = list(zip(intervals["start"], intervals["end"], strict=True)) if hasattr(intervals, "columns") \
        else [tuple(pair[:2]) for pair in (intervals or [])]
    for i, (start, end) in enumerate(pairs):
        for axis in (top, bottom):
            axis.axvspan(start, end, color="tab:red", alpha=0.2, lw=0, label="detected" if i == 0 and axis is top
                         else None)
    bottom.plot(stamps, np.asarray(scores, dtype=float), lw=0.8, color="tab:blue")
    top.set_ylabel("value")
    bottom.set_ylabel("anomaly score")
    if windows or pairs:
        top.legend(loc="upper left", fontsize=8)
    if title:
        top.set_title(title)
    return figure
