"""Anomalous intervals from per-point scores, as TadGAN does it.

Within sliding windows over the scores (a third of the series, moved by a tenth of that), points above
`mean + k * std` are flagged and padded; each flagged sequence keeps its highest score; sequences are
pruned when their peak is within `min_percent` of the next lower peak (near-duplicates of the
background), then overlapping sequences from all windows are merged. An optional global gate
(`global_k`) then keeps only the intervals whose peak clears `mean + global_k * std` of the whole series,
so that a series without anomalies need not yield any (the sliding rule always finds its local maxima).

References:
    Geiger et al. 2020 (TadGAN); Hundman et al. 2018 (non-parametric thresholding and pruning).
"""

from __future__ import annotations

import numpy as np


def _sequences(scores: np.ndarray, threshold: float, padding: int) -> tuple[list[tuple[int, int]], float]:
    """Runs of points above `threshold` (each hit padded by `padding` points), and the highest score below."""
    above = scores > threshold
    flagged = np.zeros(len(scores), dtype=bool)
    for index in np.flatnonzero(above):
        flagged[max(0, index - padding): index + padding + 1] = True
    max_below = float(scores[~flagged].max()) if (~flagged).any() else 0.0
    edges = np.diff(np.concatenate([[0], flagged.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True)), max_below


Peak = tuple[int, int, float]


def prune_peaks(peaks: list[Peak], max_below: float, min_percent: float) -> list[Peak]:
    """Drop the sequences whose peaks do not stand out.

    Peaks sorted in decreasing order, with `max_below` (the highest unflagged score) appended: the
    sequences kept are those down to the last one whose peak is at least `min_percent` (relative) above
    the next lower peak.

    Example:
        >>> prune_peaks([(0, 1, 10.0), (5, 6, 9.8)], max_below=5.0, min_percent=0.1)
        [(0, 1, 10.0), (5, 6, 9.8)]
    """
    ordered = sorted(peaks, key=lambda peak: peak[2], reverse=True)
    values = [peak[2] for peak in ordered] + [max_below]
    last = -1
    for i in range(len(ordered)):
        if values[i] > 0 and (values[i] - values[i + 1]) / values[i] >= min_percent:
            last = i
    return ordered[: last + 1]


def merge_intervals(intervals: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Merge overlapping or adjacent (start, end, score) intervals; the score is the length-weighted mean."""
    merged: list[list[float]] = []
    weights: list[list[float]] = []
    for start, end, score in sorted(intervals):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
            weights[-1].append((max(end - start, 1), score))
            total = sum(w for w, _ in weights[-1])
            merged[-1][2] = sum(w * s for w, s in weights[-1]) / total
        else:
            merged.append([start, end, score])
            weights.append([(max(end - start, 1), score)])
    return [(int(a), int(b), float(s)) for a, b, s in merged]


def find_intervals(scores: np.ndarray, *, k: float = 4.0, window_portion: float = 0.33, step_portion: float = 0.1,
                   padding: int = 50, min_percent: float = 0.1,
                   global_k: float | None = None) -> list[tuple[int, int, float]]:
    """Anomalous intervals `(start, end, severity)` (inclusive point indices) from per-point scores.

    Args:
        scores: one score per time point, higher = more anomalous.
        k: threshold = mean + k * std of the scores inside each sliding window.
        window_portion: sliding-window length as a fraction of the series.
        step_portion: sliding-window step as a fraction of the window length.
        padding: points added on each side of a point above the threshold.
        min_percent: relative gap a peak needs over the next lower one to be kept.
        global_k: if given, keep only the intervals whose peak score exceeds the whole series' mean + global_k * std.

    Example:
        >>> scores = np.zeros(300); scores[150] = 10.0
        >>> find_intervals(scores, padding=5)
        [(145, 155, ...)]  # doctest: +SKIP
    """
    scores = np.nan_to_num(np.asarray(scores, dtype=np.float64).ravel())
    n = len(scores)
    size = max(int(np.ceil(n * window_portion)), 1)
    step = max(int(np.ceil(size * step_portion)), 1)
    found: list[tuple[int, int, float]] = []
    for begin in range(0, max(n - size, 0) + step, step):
        window = scores[begin: begin + size]
        if len(window) == 0:
            break
        threshold = window.mean() + k * window.std()
        sequences, max_below = _sequences(window, threshold, padding)
        peaks = [(a, b, float(window[a: b + 1].max())) for a, b in sequences]
        scale = window.mean() + window.std() or 1.0
        for a, b, peak in prune_peaks(peaks, max_below, min_percent):
            found.append((a + begin, b + begin, (peak - threshold) / scale))
        if begin + size >= n:
            break
    merged = merge_intervals(found)
    if global_k is None:
        return merged
    gate = scores.mean() + global_k * scores.std()
    return [(a, b, severity) for a, b, severity in merged if scores[a: b + 1].max() > gate]
