"""From a timestamped series to anomalous intervals in one call (used by the CLI and the benchmark).

`detect_series(stamps, values, method=...)` optionally averages long series down to `max_points`,
fits the chosen detector on the series (unsupervised, as in TadGAN's NAB protocol), scores every
point and returns the intervals as timestamps. `detect_series_csv` adds reading, checking and writing.
"""

from __future__ import annotations

import inspect
import os
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..io_utils import atomic_write_csv
from .series_baselines import LSTMAutoencoderDetector, RollingZScoreDetector, WindowIForestDetector
from .series_intervals import find_intervals
from .series_io import aggregate, intervals_to_frame, order_faults, read_series_csv
from .tadgan import LSTMGANDetector

SERIES_METHODS: dict[str, tuple[type, dict[str, Any]]] = {
    "lstmgan": (LSTMGANDetector, {}),
    "algan": (LSTMGANDetector, {"variant": "algan"}),
    "lstm-ae": (LSTMAutoencoderDetector, {}),
    # AER-style: the LSTM autoencoder with the bidirectional regression head (the best NAB row without a GAN)
    "aer": (LSTMAutoencoderDetector, {"regression": 1.0}),
    "iforest": (WindowIForestDetector, {}),
    "zscore": (RollingZScoreDetector, {}),
}
INTERVAL_OPTIONS = ("k", "padding", "min_percent", "window_portion", "global_k")


def make_series_detector(method: str, **params: Any) -> Any:
    """A detector for `method`: a `SERIES_METHODS` name or the registry name of a series detector class.

    Parameters the class does not take are ignored (one option set serves every method).
    """
    by_class = {cls.__name__: (cls, {}) for cls, _ in SERIES_METHODS.values()}
    if method not in SERIES_METHODS and method not in by_class:
        raise ValueError(f"unknown method {method!r}; choose from {sorted(SERIES_METHODS)} or {sorted(by_class)}")
    cls, fixed = SERIES_METHODS.get(method) or by_class[method]
    accepted = set(inspect.signature(cls.__init__).parameters)
    return cls(**{k: v for k, v in {**params, **fixed}.items() if k in accepted})


@dataclass
class SeriesDetection:
    """Result of `detect_series`: intervals (timestamps), per-point scores and the fitted detector."""

    intervals: pd.DataFrame
    scores: np.ndarray
    detector: Any
    starts: pd.Series
    ends: pd.Series
    values: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)
    stamps: pd.Series | None = None  # the original time stamps (before averaging)

    @property
    def flagged_share(self) -> float:
        """Share of the points inside the intervals: read it beside any interval F1, which long intervals inflate."""
        lengths = self.intervals["end_index"] - self.intervals["start_index"] + 1
        return float(lengths.sum()) / len(self.values)

    def evaluate(self, windows: Any) -> dict[str, float]:
        """Overlapping-segment and point-wise precision / recall / F1 against labelled `(start, end)` windows
        (keys `segment_f1`, `point_f1`...; points are the original time stamps)."""
        from ..evaluate.segments import point_scores, segment_scores

        detected = list(zip(self.intervals["start"], self.intervals["end"], strict=True))
        points = (self.stamps if self.stamps is not None else self.starts).to_numpy()  # point_counts sorts
        return {**{f"segment_{k}": v for k, v in segment_scores(windows, detected).items()},
                **{f"point_{k}": v for k, v in point_scores(points, windows, detected).items()}}


def warn_out_of_order(stamps: pd.Series) -> None:
    """Warn when `stamps` repeat or step back: points are then windowed in the given order, not by time (some NAB
    files do this; `read_series_csv`, the CLI's reader, rejects them instead)."""
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    if stamps.dtype.kind not in "iufM" or len(stamps) < 2:  # labels of another kind: no order to check
        return
    back, repeated = order_faults(stamps)
    if len(back) or len(repeated):
        first = int(min(back[:1].tolist() + repeated[:1].tolist()))
        warnings.warn(f"time stamps are not increasing ({len(repeated)} repeated, {len(back)} stepping back, first "
                      f"at row {first}): points are windowed in the given order", UserWarning, stacklevel=4)


def detect_series(stamps: Any, values: Any, method: str = "lstmgan", *, max_points: int | None = None,
                  n_members: int = 1, **params: Any) -> SeriesDetection:
    """Fit `method` on the series, score every point and extract anomalous intervals.

    Args:
        stamps: timestamps (or positions) of the points, increasing.
        values: `(n_times,)` or `(n_times, n_channels)` numeric values.
        max_points: average consecutive points so that at most this many remain (None: keep all).
        n_members: fit the method this many times with seeds drawn from `random_state` and average the scores
            (`series_ensemble.SeriesSeedEnsemble`); 1: one detector seeded with `random_state`.
        **params: detector parameters (`window_size`, `epochs`, `random_state`...) and interval options
            (`k`, `padding`, `min_percent`, `window_portion`, `global_k`, see `series_intervals.find_intervals`).

    Example:
        >>> result = detect_series(frame.timestamp, frame.value, "lstmgan", epochs=20, random_state=0)
        >>> result.intervals[["start", "end", "severity"]]
    """
    stamps, starts, ends, values = _prepared(stamps, values, max_points)
    interval_options = {k: params.pop(k) for k in INTERVAL_OPTIONS if k in params}
    if n_members == 1:
        detector = make_series_detector(method, **params)
    else:
        from .series_ensemble import SeriesSeedEnsemble

        detector = SeriesSeedEnsemble(method, n_members, params, random_state=params.get("random_state"))
    begin = time.perf_counter()
    detector.fit(values[:, 0] if values.shape[1] == 1 else values)
    fit_seconds = time.perf_counter() - begin
    begin = time.perf_counter()
    intervals = detector.detect_intervals(**interval_options)
    interval_seconds = time.perf_counter() - begin
    return SeriesDetection(intervals_to_frame(intervals, starts, ends), detector.decision_scores_, detector,
                           starts, ends, values, {"fit": fit_seconds, "intervals": interval_seconds}, stamps)


def _prepared(stamps: Any, values: Any, max_points: int | None) -> tuple[pd.Series, pd.Series, pd.Series, np.ndarray]:
    """Stamps, start and end stamps of each (averaged) point, and values `(n_points, n_channels)`."""
    stamps = pd.Series(stamps).reset_index(drop=True)
    warn_out_of_order(stamps)
    values = np.asarray(values, dtype=np.float64).reshape(len(stamps), -1)
    if max_points is not None and len(values) > max_points:
        starts, ends, values = aggregate(stamps, values, max_points)
        return stamps, starts, ends, values
    return stamps, stamps, stamps, values


def score_series(stamps: Any, values: Any, detector: Any, *, max_points: int | None = None,
                 **params: Any) -> SeriesDetection:
    """Score a series with an already fitted series `detector` (no fitting) and extract its intervals; `params`:
    interval options (`k`, `padding`, ...), other keys are ignored. Long series are averaged to `max_points` first."""
    stamps, starts, ends, values = _prepared(stamps, values, max_points)
    begin = time.perf_counter()
    series = values[:, 0] if values.shape[1] == 1 else values
    scores = detector.decision_function(series)
    intervals = find_intervals(scores, **{k: params[k] for k in INTERVAL_OPTIONS if k in params})
    return SeriesDetection(intervals_to_frame(intervals, starts, ends), scores, detector, starts, ends, values,
                           {"fit": 0.0, "intervals": time.perf_counter() - begin}, stamps)


def detect_series_csv(path: str | os.PathLike, *, timestamp_col: str = "timestamp", value_cols: Any = "value",
                      method: str = "lstmgan", gaps: str = "error", out: str | os.PathLike | None = None,
                      plot: str | os.PathLike | None = None, windows: Any = None, options: dict | None = None,
                      save: str | os.PathLike | None = None, load: str | os.PathLike | None = None,
                      **params: Any) -> SeriesDetection:
    """Read and check a CSV series, run `detect_series`, write the intervals CSV and a PNG plot (atomically);
    labelled `windows` ((start, end) time stamps), if given, are drawn on the plot. `options`: an option set
    (`series_options.load_options`) resolved on the series; `params` given explicitly win over it. `save`: write
    the fitted detector to this folder (`smallgan.io.save`, before any output); `load`: score with a detector saved
    that way instead of fitting one (`method` and training parameters are then ignored)."""
    if save is not None and load is not None:
        raise ValueError("give either save (fit, then save) or load (score with a saved detector), not both")
    if save is not None and params.get("n_members", 1) != 1:
        raise ValueError("a seed ensemble (n_members > 1) cannot be saved; save a single detector (n_members=1)")
    detector = None
    if load is not None:  # before the series is read: a wrong model fails fast
        from ..io import load as load_model
        from .series_base import IntervalDetection

        detector = load_model(load, IntervalDetection,
                              "a time-series detector (saved by `smallgan detect-series --save`)")
    stamps, values = read_series_csv(path, timestamp_col, value_cols, gaps=gaps)
    if detector is not None:
        result = score_series(stamps, values, detector, **params)
        _write_outputs(result, path, "saved detector", out, plot, windows)
        return result
    if options is not None:
        from .series_options import resolve_options

        if params.get("max_points") is not None:  # an explicit averaging target replaces the option's resolution
            options = {k: v for k, v in options.items() if k != "resolution"}
        params = resolve_options(options, method, stamps, params.get("max_points")) | params
    result = detect_series(stamps, values, method, **params)
    if save is not None:
        from ..io import save as save_model

        save_model(result.detector, save)
    _write_outputs(result, path, method, out, plot, windows)
    return result


def _write_outputs(result: SeriesDetection, path: str | os.PathLike, method: str, out: Any, plot: Any,
                   windows: Any) -> None:
    """The intervals CSV and the PNG plot, each written atomically, when asked for."""
    if out is not None:
        atomic_write_csv(result.intervals, out)
    if plot is not None:
        from ..report.series_plots import plot_series_detection, save_figure

        figure = plot_series_detection(result.starts, result.values, result.scores, result.intervals, windows,
                                       title=f"{Path(path).name}: {method}")
        save_figure(figure, plot)
