"""Windows <-> time points, and TadGAN's reconstruction errors (point-wise, area, DTW) and critic score.

A series is an array `(n_times, channels)`. Window `i` covers points `i * step ... i * step + size - 1`.
Per-point values are aggregated over every window covering the point (median by default, as in TadGAN).

References:
    Geiger et al. 2020, "TadGAN: Time Series Anomaly Detection Using Generative Adversarial Networks".
"""

from __future__ import annotations

import numpy as np

_AGGREGATES = {"median": np.nanmedian, "mean": np.nanmean, "max": np.nanmax}


def window_starts(n_times: int, size: int, step: int = 1) -> np.ndarray:
    """Start index of every window; the last window always ends at the last point (full coverage)."""
    if size > n_times:
        raise ValueError(f"window size {size} is longer than the series ({n_times} points)")
    starts = np.arange(0, n_times - size + 1, step)
    if starts[-1] != n_times - size:
        starts = np.append(starts, n_times - size)
    return starts


def sliding_windows(values: np.ndarray, size: int, step: int = 1) -> np.ndarray:
    """`(n_times, channels)` -> float32 windows `(n_windows, size, channels)` starting at `window_starts`.

    Example:
        >>> sliding_windows(np.arange(5.0).reshape(-1, 1), 3)[:, :, 0].tolist()
        [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]
    """
    values = values.reshape(len(values), -1)
    starts = window_starts(len(values), size, step)
    index = starts[:, None] + np.arange(size)[None, :]
    return values[index].astype(np.float32)


def windows_to_points(windows: np.ndarray, n_times: int, step: int = 1, how: str = "median") -> np.ndarray:
    """Aggregate per-window values back to time points.

    Args:
        windows: `(n_windows, size)` or `(n_windows, size, channels)` values (e.g. reconstructions),
            or `(n_windows,)` one value per window (e.g. critic scores), spread over the window's points.
        n_times: length of the series the windows came from (with the same `step`).
        how: "median", "mean" or "max" over the windows covering each point.

    Example:
        >>> windows_to_points(np.array([1.0, 3.0]), 3, how="mean").tolist()
        [1.0, 2.0, 3.0]
    """
    if how not in _AGGREGATES:
        raise ValueError(f"how must be one of {sorted(_AGGREGATES)}, got {how!r}")
    windows = np.asarray(windows, dtype=np.float64)
    if windows.ndim == 1:
        size = n_times - (len(windows) - 1) * step if step == 1 else None
        if size is None:
            raise ValueError("one value per window needs step=1 (the window size is then implied)")
        windows = np.repeat(windows[:, None], size, axis=1)
    squeeze = windows.ndim == 2
    windows = windows.reshape(windows.shape[0], windows.shape[1], -1)
    n_windows, size, channels = windows.shape
    starts = window_starts(n_times, size, step)
    if len(starts) != n_windows:
        raise ValueError(f"{n_windows} windows do not tile a series of {n_times} points with size {size} and "
                         f"step {step} ({len(starts)} windows expected)")
    stack = np.full((n_times, size, channels), np.nan)
    offsets = np.arange(size)
    stack[starts[:, None] + offsets[None, :], offsets[None, :]] = windows
    points = _AGGREGATES[how](stack, axis=1)
    return points[:, 0] if squeeze and channels == 1 else points


def neighbour_targets(values: np.ndarray, size: int, step: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The points just before and just after every window (AER's bidirectional regression targets).

    Returns float32 `targets (n_windows, 2, channels)` (index 0: the point before, 1: the point after) and
    `mask (n_windows, 2, 1)`, 0 where the window touches the series' start or end (no such point).

    Example:
        >>> targets, mask = neighbour_targets(np.arange(5.0).reshape(-1, 1), 3)
        >>> targets[:, :, 0].tolist(), mask[:, :, 0].tolist()
        ([[0.0, 3.0], [0.0, 4.0], [1.0, 0.0]], [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
    """
    values = values.reshape(len(values), -1)
    starts = window_starts(len(values), size, step)
    before, after = starts - 1, starts + size
    mask = np.stack([before >= 0, after < len(values)], axis=1)
    index = np.stack([np.clip(before, 0, None), np.clip(after, None, len(values) - 1)], axis=1)
    targets = np.where(mask[:, :, None], values[index], 0.0)
    return targets.astype(np.float32), mask[:, :, None].astype(np.float32)


def neighbour_errors(values: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """Per-point |x - x_hat| of bidirectional predictions (AER), summed over channels.

    `predictions (n_windows, 2, channels)` come from the step-1 windows of `values`: window i predicts point
    i - 1 (backward) and point i + size (forward). A point predicted both ways gets the mean of its two errors;
    a point predicted neither way (series shorter than 2 x size) gets NaN.

    Example:
        >>> neighbour_errors(np.zeros(4), np.array([[[9.0], [1.0]], [[2.0], [3.0]]])).tolist()
        [2.0, nan, nan, 1.0]
    """
    values = values.reshape(len(values), -1)
    predictions = np.asarray(predictions, dtype=np.float64).reshape(len(predictions), 2, -1)
    n, n_windows = len(values), len(predictions)
    size = n - n_windows + 1
    backward, forward = np.full(n, np.nan), np.full(n, np.nan)
    backward[: n_windows - 1] = np.abs(predictions[1:, 0] - values[: n_windows - 1]).sum(axis=1)
    forward[size:] = np.abs(predictions[: n_windows - 1, 1] - values[size:]).sum(axis=1)
    both = np.stack([backward, forward])
    counts = np.isfinite(both).sum(axis=0)
    return np.where(counts > 0, np.nansum(both, axis=0) / np.maximum(counts, 1), np.nan)


def rolling_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Centred rolling mean that needs at least `window // 2` values (pandas' rule, as in TadGAN)."""
    import pandas as pd

    window = max(int(window), 1)
    return pd.Series(values).rolling(window, center=True, min_periods=max(window // 2, 1)).mean().to_numpy()


def point_errors(true: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """|x - x_hat| per point, summed over channels."""
    return np.abs(true - predicted).reshape(len(true), -1).sum(axis=1)


def area_errors(true: np.ndarray, predicted: np.ndarray, score_window: int = 10) -> np.ndarray:
    """|area under x - area under x_hat| over a centred window of `score_window` points (trapezoid rule)."""
    difference = (true - predicted).reshape(len(true), -1)
    length = max(int(score_window), 2)
    kernel = np.ones(length)
    kernel[0] = kernel[-1] = 0.5
    half = length // 2
    padded = np.pad(difference, ((half, length - 1 - half), (0, 0)), mode="edge")
    areas = np.stack([np.convolve(padded[:, c], kernel, mode="valid") for c in range(padded.shape[1])], axis=1)
    return np.abs(areas).sum(axis=1)


def dtw_errors(true: np.ndarray, predicted: np.ndarray, score_window: int = 10) -> np.ndarray:
    """Dynamic-time-warping distance between x and x_hat on a centred window around every point.

    The DP runs over the `(L, L)` window grid, vectorised over all points (L = 2 * (score_window // 2) + 1).
    """
    true2, pred2 = true.reshape(len(true), -1), predicted.reshape(len(predicted), -1)
    half = max(int(score_window) // 2, 1)
    length = 2 * half + 1
    pad = ((half, half), (0, 0))
    a = sliding_windows(np.pad(true2, pad, mode="edge"), length).astype(np.float64)
    b = sliding_windows(np.pad(pred2, pad, mode="edge"), length).astype(np.float64)
    cost = np.abs(a[:, :, None, :] - b[:, None, :, :]).sum(axis=3)  # (n, L, L)
    acc = np.full((len(a), length + 1, length + 1), np.inf)
    acc[:, 0, 0] = 0.0
    for i in range(1, length + 1):
        for j in range(1, length + 1):
            best = np.minimum(np.minimum(acc[:, i - 1, j], acc[:, i, j - 1]), acc[:, i - 1, j - 1])
            acc[:, i, j] = cost[:, i - 1, j - 1] + best
    return acc[:, length, length]


def reconstruction_errors(true: np.ndarray, predicted: np.ndarray, kind: str = "dtw", score_window: int = 10,
                          smooth_window: int | None = None) -> np.ndarray:
    """TadGAN's reconstruction error of one kind ("point", "area" or "dtw"), smoothed by a rolling mean.

    `smooth_window` defaults to 1% of the series length (at least 1), as in TadGAN.
    """
    functions = {"point": lambda: point_errors(true, predicted),
                 "area": lambda: area_errors(true, predicted, score_window),
                 "dtw": lambda: dtw_errors(true, predicted, score_window)}
    if kind not in functions:
        raise ValueError(f"reconstruction error must be one of {sorted(functions)}, got {kind!r}")
    errors = functions[kind]()
    return rolling_mean(errors, smooth_window or max(len(errors) // 100, 1))


def robust_center(values: np.ndarray) -> tuple[float, float]:
    """(mean of the inter-quartile values, std of all values); TadGAN's statistics of critic scores."""
    low, high = np.quantile(values, [0.25, 0.75])
    inside = values[(values >= low) & (values <= high)]
    center = float(inside.mean()) if inside.size else float(np.median(values))
    return center, float(values.std()) or 1.0
