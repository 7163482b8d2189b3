"""`BaseSeriesDetector`: the PyOD detector contract for one time series (scores per time point).

Input is a 1-D array `(n_times,)` or `(n_times, n_channels)` (a pandas Series/DataFrame of numeric
columns works too); timestamps are handled by `series_io`. Values are min-max scaled to [-1, 1] with
the statistics of the training series. `decision_function(X)` returns one score per time point and
`detect_intervals(X)` the anomalous intervals (TadGAN's thresholding, see `series_intervals`).

`ReconstructionScoring` turns window reconstructions (and optionally critic scores) into per-point
scores as TadGAN does; the statistics that normalise them come from the training series.
"""

from __future__ import annotations

import numbers
from dataclasses import asdict
from typing import Any, ClassVar

import numpy as np

from .._validation import Interval, StrOptions, check_finite, check_params
from ..exceptions import DataValidationError, NotFittedError
from .base import BaseGANDetector
from .series_intervals import find_intervals
from .series_scoring import (
    COMBINE,
    EDGE,
    REG_COMBINE,
    RawScores,
    ScoreOptions,
    ScoreStatistics,
    combine_scores,
    fit_statistics,
    raw_point_scores,
)
from .series_windows import sliding_windows


def as_series_array(X: Any, what: str = "series") -> np.ndarray:
    """Return X as float64 `(n_times, n_channels)`; DataValidationError naming non-numeric or non-finite data."""
    if hasattr(X, "dtypes") and not hasattr(X, "dtype"):
        bad = [str(c) for c, t in X.dtypes.items() if t.kind not in "biuf"]
        if bad:
            raise DataValidationError(f"{what} has non-numeric columns {bad}; pass the value columns only "
                                      "(timestamps are handled by smallgan.detect.series_io)")
    elif hasattr(X, "dtype") and getattr(X.dtype, "kind", "f") not in "biuf":
        raise DataValidationError(f"{what} must be numeric, got dtype {X.dtype}")
    try:
        array = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataValidationError(f"{what} must be numeric: {exc}") from None
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2 or array.shape[1] == 0:
        raise DataValidationError(f"{what} must be 1-D (n_times,) or 2-D (n_times, n_channels), got shape "
                                  f"{np.shape(X)}")
    check_finite(array, what)
    return array


class IntervalDetection:
    """`detect_intervals` for any fitted series scorer with `decision_scores_` and `decision_function`."""

    def detect_intervals(self, X: Any = None, *, k: float = 4.0, padding: int = 50, min_percent: float = 0.1,
                         window_portion: float = 0.33, global_k: float | None = None) -> list[tuple[int, int, float]]:
        """Anomalous intervals `(start, end, severity)` (inclusive point indices) of X (default: the training series).

        See `series_intervals.find_intervals` for the rule (sliding mean + k * std, padding, pruning, merging, the
        optional global gate `global_k`).
        """
        if not hasattr(self, "decision_scores_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")
        scores = self.decision_scores_ if X is None else self.decision_function(X)
        return find_intervals(scores, k=k, padding=padding, min_percent=min_percent, window_portion=window_portion,
                              global_k=global_k)


class BaseSeriesDetector(IntervalDetection, BaseGANDetector):
    """Detectors of anomalous time points in one (uni- or multivariate) series."""

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGANDetector._parameter_constraints,
        "window_size": [Interval(numbers.Integral, 2, None, closed="left")],
    }

    def _check_input(self, X: Any, fitting: bool = False) -> np.ndarray:
        array = as_series_array(X)
        if fitting:
            self.input_kind_ = "series"
        elif array.shape[1] != self.n_features_in_:
            raise DataValidationError(f"series has {array.shape[1]} channels, but the model was fitted on "
                                      f"{self.n_features_in_}")
        if len(array) <= self.window_size:
            raise DataValidationError(f"series has {len(array)} points; more than window_size={self.window_size} "
                                      "are needed (lower window_size or pass a longer series)")
        if fitting:
            self.n_features_in_ = array.shape[1]
            low, high = array.min(axis=0), array.max(axis=0)
            self.scale_min_, self.scale_span_ = low, np.where(high > low, high - low, 1.0)
        return array

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        """Values mapped to [-1, 1] with the training series' min and max."""
        return 2.0 * (values - self.scale_min_) / self.scale_span_ - 1.0

    # persistence of what every series detector fits
    def _series_metadata(self) -> dict[str, Any]:
        return {"n_features_in": int(self.n_features_in_), "scale_min": self.scale_min_.tolist(),
                "scale_span": self.scale_span_.tolist(), "threshold": float(self.threshold_),
                "decision_scores": self.decision_scores_.tolist(), "seed": int(self.seed_)}

    def _restore_series(self, meta: dict[str, Any]) -> None:
        from .._device import resolve_device

        self.input_kind_ = "series"
        self.n_features_in_ = int(meta["n_features_in"])
        self.scale_min_, self.scale_span_ = np.asarray(meta["scale_min"]), np.asarray(meta["scale_span"])
        self.decision_scores_ = np.asarray(meta["decision_scores"], dtype=np.float64)
        self.threshold_, self.seed_ = float(meta["threshold"]), int(meta["seed"])
        self._set_n_classes(None)
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(int)
        self.device_ = resolve_device(self.device)


class ReconstructionScoring:
    """TadGAN's per-point score from window reconstructions and (optionally) a critic (`series_scoring`).

    Subclasses set the `rec_error`, `score_window`, `smooth`, `combine`, `alpha`, `edge` and `reg_combine`
    parameters and implement `_reconstruct_windows(windows) -> (reconstructions, critic or None)` on scaled windows
    (and `_predict_neighbours` with a regression head); the statistics that normalise the scores come from the
    training series.
    """

    _scoring_constraints: ClassVar[dict[str, list]] = {
        "rec_error": [StrOptions({"point", "area", "dtw"})],
        "score_window": [Interval(numbers.Integral, 2, None, closed="left")],
        "smooth": [Interval(numbers.Real, 0, None, closed="neither")],
        "combine": [StrOptions(set(COMBINE))],
        "alpha": [Interval(numbers.Real, 0, 1, closed="both")],
        "edge": [StrOptions(set(EDGE))],
        "reg_combine": [StrOptions(set(REG_COMBINE))],
    }
    _scoring_params: ClassVar[tuple[str, ...]] = ()  # a subclass's other parameters that only change the scoring

    def _reconstruct_windows(self, windows: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        raise NotImplementedError

    def _predict_neighbours(self, windows: np.ndarray) -> np.ndarray | None:
        """Predictions `(n_windows, 2, channels)` of the point before and after each window, or None (no
        bidirectional regression head)."""
        return None

    def _score_options(self) -> ScoreOptions:
        return ScoreOptions(rec_error=self.rec_error, score_window=self.score_window, smooth=self.smooth,
                            combine=self.combine, alpha=self.alpha, edge=self.edge,
                            reg_combine=self.reg_combine, critic_agg=getattr(self, "critic_agg", "median"))

    def _raw_scores(self, values: np.ndarray) -> RawScores:
        scaled = self._scaled(values)
        windows = sliding_windows(scaled, self.window_size)
        reconstructions, critic = self._reconstruct_windows(windows)
        return raw_point_scores(scaled, reconstructions, critic, self._score_options(),
                                self._predict_neighbours(windows))

    def rescore(self, X: Any, **options: Any) -> Any:
        """Score with other scoring options without retraining; X is the series the detector was fitted on.

        `options` set scoring parameters only (`rec_error`, `score_window`, `smooth`, `combine`, `alpha`, `edge`,
        `reg_combine` and the class's `_scoring_params`); the score statistics, `decision_scores_`, `threshold_`
        and `labels_` are recomputed from X. On an error the detector is left as it was. Returns self.
        """
        self._check_fitted("score_stats_")
        allowed = {*self._scoring_constraints, *self._scoring_params}
        if unknown := sorted(set(options) - allowed):
            raise ValueError(f"rescore changes scoring options only; {unknown} need a refit (scoring options: "
                             f"{sorted(allowed)})")
        previous = {name: getattr(self, name) for name in options}
        self.set_params(**options)
        try:
            check_params(self, self._parameter_constraints)
            values = self._check_input(X)
            if len(values) != len(self.decision_scores_):
                raise DataValidationError(f"X has {len(values)} points but the training series had "
                                          f"{len(self.decision_scores_)}; pass the series the detector was fitted on")
            raw = self._raw_scores(values)
            stats = fit_statistics(raw)
            scores = combine_scores(raw, stats, self._score_options(), self.window_size)
        except Exception:
            self.set_params(**previous)
            raise
        self.score_stats_, self.decision_scores_ = stats, np.asarray(scores, dtype=np.float64).ravel()
        self._process_decision_scores()
        return self

    def _fit_score_statistics(self, values: np.ndarray) -> None:
        """Remember the training series' error and critic statistics (used to normalise every score)."""
        self.score_stats_ = fit_statistics(self._raw_scores(values))

    def _score(self, X: np.ndarray) -> np.ndarray:
        return combine_scores(self._raw_scores(X), self.score_stats_, self._score_options(), self.window_size)

    def _score_metadata(self) -> dict[str, float]:
        return {"score_stats": asdict(self.score_stats_)}

    def _restore_score_metadata(self, meta: dict[str, Any]) -> None:
        self.score_stats_ = ScoreStatistics(**meta["score_stats"])
