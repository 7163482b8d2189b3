"""Overlapping-segment precision, recall and F1 for detected intervals (Orion's / TadGAN's NAB metric).

A labelled window is a true positive when at least one detected interval overlaps it (else a false
negative); a detected interval that overlaps no labelled window is a false positive. Intervals are
closed `(start, end)` pairs of anything ordered (indices, floats, timestamps). `point_scores` counts time points
instead, so that an interval pays for every point it covers outside the labelled windows.

References:
    Geiger et al. 2020 (TadGAN), section 5; Orion's `contextual_f1_score(weighted=False)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Interval = Sequence[Any]


def overlaps(a: Interval, b: Interval) -> bool:
    """True when the closed intervals a and b share at least one point."""
    return a[0] <= b[1] and b[0] <= a[1]


def segment_counts(expected: Iterable[Interval], detected: Iterable[Interval]) -> dict[str, int]:
    """tp (labelled windows hit), fn (labelled windows missed), fp (detections hitting no window).

    Example:
        >>> segment_counts([(10, 20), (50, 60)], [(15, 30), (70, 80)])
        {'tp': 1, 'fp': 1, 'fn': 1}
    """
    expected, detected = [tuple(e[:2]) for e in expected], [tuple(d[:2]) for d in detected]
    for a, b in expected + detected:
        if b < a:
            raise ValueError(f"interval ({a}, {b}) ends before it starts")
    tp = sum(any(overlaps(e, d) for d in detected) for e in expected)
    fp = sum(not any(overlaps(d, e) for e in expected) for d in detected)
    return {"tp": int(tp), "fp": int(fp), "fn": len(expected) - int(tp)}


def scores_from_counts(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts; 0 where a ratio is 0/0."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def segment_scores(expected: Iterable[Interval], detected: Iterable[Interval]) -> dict[str, float]:
    """Overlapping-segment precision, recall, F1 and the counts behind them, for one series.

    Example:
        >>> segment_scores([(10, 20)], [(15, 30), (70, 80)])["precision"]
        0.5
    """
    counts = segment_counts(expected, detected)
    return {**scores_from_counts(**counts), **counts}


def pooled_segment_scores(pairs: Iterable[tuple[Iterable[Interval], Iterable[Interval]]]) -> dict[str, float]:
    """Scores over several series with counts summed first (how Orion's benchmark reports a data set)."""
    total = {"tp": 0, "fp": 0, "fn": 0}
    for expected, detected in pairs:
        for key, value in segment_counts(expected, detected).items():
            total[key] += value
    return {**scores_from_counts(**total), **total}


def point_counts(points: Sequence[Any], expected: Iterable[Interval], detected: Iterable[Interval]) -> dict[str, int]:
    """Point-wise tp / fp / fn: each of `points` (time stamps or indices, in any order) counts once, as labelled when
    it lies in an `expected` window and as flagged when it lies in a `detected` interval. Unlike the segment counts, a
    long interval pays for every point it covers outside the labelled windows.

    Example:
        >>> point_counts(range(10), [(2, 4)], [(3, 6)])
        {'tp': 2, 'fp': 2, 'fn': 1}
    """
    import numpy as np

    values = np.sort(np.asarray(points))  # the counts do not depend on the order; the interval lookup needs it

    def inside(intervals: Iterable[Interval]) -> np.ndarray:
        mask = np.zeros(len(values), dtype=bool)
        for a, b, *_ in intervals:
            if b < a:
                raise ValueError(f"interval ({a}, {b}) ends before it starts")
            if values.dtype.kind == "M":  # time stamps of any resolution -> the points' own datetime64 unit
                a, b = np.array([a, b]).astype(values.dtype)
            mask[np.searchsorted(values, a, side="left"): np.searchsorted(values, b, side="right")] = True
        return mask

    labelled, flagged = inside(expected), inside(detected)
    return {"tp": int((labelled & flagged).sum()), "fp": int((~labelled & flagged).sum()),
            "fn": int((labelled & ~flagged).sum())}


def point_scores(points: Sequence[Any], expected: Iterable[Interval], detected: Iterable[Interval]) -> dict[str, float]:
    """Point-wise precision, recall, F1 and the counts behind them, for one series (`point_counts`).

    Example:
        >>> point_scores(range(10), [(2, 4)], [(3, 6)])["precision"]
        0.5
    """
    counts = point_counts(points, expected, detected)
    return {**scores_from_counts(**counts), **counts}
