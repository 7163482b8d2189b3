"""TadGAN's per-point anomaly score from window reconstructions and critic scores, as a pure function.

`score_points(scaled, reconstructions, critic, options)`:
1. reconstructions `(n_windows, window, channels)` -> one prediction per point (median over the windows
   covering it); the critic's window scores -> one value per point the same way;
2. reconstruction error of kind `rec_error` ("point", "area", "dtw") and the critic score, both smoothed by
   a centred rolling mean of `smooth` x the series length (TadGAN: 1%);
3. error z-scored and clipped at 0, critic |z|-scored around its inter-quartile mean (TadGAN's statistics,
   taken from the training series), combined: "mult" (TadGAN), "sum" (`alpha` x error + (1 - alpha) x
   critic), "rec" or "critic";
   With bidirectional predictions (AER: each window also predicts the point before and after it), their
   smoothed error is z-scored the same way and joins the reconstruction error first (`reg_combine`: "mult",
   AER's default; "sum", their mean; "reg" alone; "rec" ignores it);
4. edge correction (`edge="ramp"`): a point near either end of the series is covered by fewer windows (the
   first point by one), so its prediction is a median of few, often poor, reconstructions and it false-alarms;
   its score is multiplied by (windows covering it) / window length, 1 everywhere but the first and last
   window - 1 points.

References:
    Geiger et al. 2020, "TadGAN: Time Series Anomaly Detection Using Generative Adversarial Networks";
    Wong et al. 2022, "AER: Auto-Encoder with Regression for Time Series Anomaly Detection";
    Orion's `score_anomalies` (sintel-dev/Orion).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .series_windows import neighbour_errors, reconstruction_errors, robust_center, rolling_mean, windows_to_points

COMBINE = ("mult", "sum", "rec", "critic")
REG_COMBINE = ("mult", "sum", "reg", "rec")
EDGE = ("none", "ramp")


@dataclass(frozen=True)
class ScoreOptions:
    """How window reconstructions and critic scores become per-point scores (see the module docstring)."""

    rec_error: str = "dtw"
    score_window: int = 10
    smooth: float = 0.01
    combine: str = "mult"
    alpha: float = 0.5
    edge: str = "ramp"
    reg_combine: str = "mult"
    critic_agg: str = "median"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ScoreStatistics:
    """Training-series statistics that normalise the error and the critic score."""

    error_mean: float
    error_std: float
    critic_center: float = 0.0
    critic_std: float = 1.0
    regression_mean: float = 0.0
    regression_std: float = 1.0


def coverage(n_times: int, window_size: int) -> np.ndarray:
    """Number of step-1 windows of `window_size` covering each of `n_times` points.

    Example:
        >>> coverage(5, 3).tolist()
        [1, 2, 3, 2, 1]
    """
    t = np.arange(n_times)
    return np.minimum.reduce([t + 1, n_times - t, np.full(n_times, window_size),
                              np.full(n_times, n_times - window_size + 1)])


def smooth_length(n_times: int, smooth: float) -> int:
    """Rolling-mean length: `smooth` x n_times when smooth < 1 (TadGAN: 1%), else `smooth` points."""
    return max(int(smooth * n_times) if smooth < 1 else int(smooth), 1)


@dataclass(frozen=True)
class RawScores:
    """Smoothed per-point reconstruction error, critic score and bidirectional-prediction error (None: absent)."""

    errors: np.ndarray
    critic: np.ndarray | None = None
    regression: np.ndarray | None = None


def raw_point_scores(scaled: np.ndarray, reconstructions: np.ndarray, critic: np.ndarray | None,
                     options: ScoreOptions, predictions: np.ndarray | None = None) -> RawScores:
    """Per-point raw scores from window reconstructions, critic scores and neighbour `predictions`
    `(n_windows, 2, channels)` (the point before and after each window; None: no regression)."""
    n = len(scaled)
    window = smooth_length(n, options.smooth)
    predicted = windows_to_points(reconstructions, n).reshape(scaled.shape)
    errors = reconstruction_errors(scaled, predicted, options.rec_error, options.score_window, window)
    regression = None
    if predictions is not None:
        regression = rolling_mean(neighbour_errors(scaled, predictions), window)
        regression = np.where(np.isnan(regression), np.nanmean(regression), regression)
    if critic is not None:
        critic = np.asarray(critic, dtype=np.float64).ravel()
        critic = kde_mode_points(critic, n) if options.critic_agg == "kde" else windows_to_points(critic, n)
    return RawScores(errors, critic, regression)


def kde_mode_points(critic: np.ndarray, n_times: int) -> np.ndarray:
    """Per point, the mode (Gaussian KDE evaluated at the values) of the critic scores of the step-1 windows
    covering it, as Orion's TadGAN `score_anomalies`; the median where the values are degenerate.

    Example:
        >>> kde_mode_points(np.array([0.0, 0.1, 0.1, 5.0]), 6).round(2).tolist()  # windows of 3 points
        [0.0, 0.0, 0.1, 0.1, 0.1, 5.0]
    """
    from scipy import stats

    size = n_times - len(critic) + 1
    points = np.empty(n_times)
    for t in range(n_times):
        values = critic[max(0, t - size + 1): min(t, len(critic) - 1) + 1]
        try:
            points[t] = values[np.argmax(stats.gaussian_kde(values)(values))] if len(values) > 1 else values[0]
        except (np.linalg.LinAlgError, ValueError):  # all values equal (singular covariance)
            points[t] = float(np.median(values))
    return points


def fit_statistics(raw: RawScores) -> ScoreStatistics:
    """TadGAN's statistics of one (training) series: error mean/std, critic inter-quartile mean and std, and the
    regression error's mean/std."""
    error_std = float(np.nanstd(raw.errors)) or 1.0
    center, spread = robust_center(raw.critic) if raw.critic is not None else (0.0, 1.0)
    reg_mean, reg_std = (0.0, 1.0) if raw.regression is None else \
        (float(np.nanmean(raw.regression)), float(np.nanstd(raw.regression)) or 1.0)
    return ScoreStatistics(float(np.nanmean(raw.errors)), error_std, center, spread, reg_mean, reg_std)


def combine_scores(raw: RawScores, stats: ScoreStatistics, options: ScoreOptions, window_size: int) -> np.ndarray:
    """Normalise, combine and edge-correct the raw per-point scores (higher = more anomalous, >= 0)."""
    rec = np.clip((raw.errors - stats.error_mean) / stats.error_std, 0.0, None)
    if raw.regression is not None and options.reg_combine != "rec":
        reg = np.clip((raw.regression - stats.regression_mean) / stats.regression_std, 0.0, None)
        rec = {"mult": lambda: (rec + 1.0) * (reg + 1.0) - 1.0, "sum": lambda: 0.5 * (rec + reg),
               "reg": lambda: reg}[options.reg_combine]()
    critic = raw.critic
    if critic is None or options.combine == "rec":
        combined = rec
    else:
        window = smooth_length(len(critic), options.smooth)
        crit = rolling_mean(np.abs(critic - stats.critic_center) / stats.critic_std, window)
        combined = {"mult": lambda: (rec + 1.0) * (crit + 1.0) - 1.0,
                    "sum": lambda: options.alpha * rec + (1.0 - options.alpha) * crit,
                    "critic": lambda: crit}[options.combine]()
    combined = np.nan_to_num(combined)
    if options.edge == "ramp":
        combined = combined * coverage(len(combined), window_size) / min(window_size, len(combined))
    return combined


def score_points(scaled: np.ndarray, reconstructions: np.ndarray, critic: np.ndarray | None,
                 options: ScoreOptions, stats: ScoreStatistics | None = None,
                 predictions: np.ndarray | None = None) -> tuple[np.ndarray, ScoreStatistics]:
    """Per-point scores of a scaled series from its window reconstructions (critic, neighbour predictions);
    stats fitted if None.

    Example:
        >>> scores, stats = score_points(scaled, recon, critic, ScoreOptions(rec_error="point"))  # doctest: +SKIP
    """
    raw = raw_point_scores(scaled, reconstructions, critic, options, predictions)
    stats = stats or fit_statistics(raw)
    return combine_scores(raw, stats, options, reconstructions.shape[1]), stats
