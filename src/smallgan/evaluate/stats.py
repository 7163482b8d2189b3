"""Statistics for benchmark tables: mean (std), confidence intervals, paired tests with Holm correction."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats


def mean_std(values: Sequence[float], digits: int = 3) -> str:
    """'0.912 (0.013)' style cell text."""
    array = np.asarray(values, dtype=float)
    return f"{np.nanmean(array):.{digits}f} ({np.nanstd(array, ddof=1) if len(array) > 1 else 0.0:.{digits}f})"


def confidence_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float]:
    """Student-t confidence interval of the mean."""
    array = np.asarray(values, dtype=float)
    if len(array) < 2:
        return float(array.mean()), float(array.mean())
    low, high = stats.t.interval(level, len(array) - 1, loc=array.mean(), scale=stats.sem(array))
    return float(low), float(high)


def paired_comparison(a: Sequence[float], b: Sequence[float], alpha: float = 0.05) -> dict[str, float | str]:
    """Wilcoxon signed-rank test of paired scores a vs b (same splits); verdict 'better'/'worse'/'tie' for a."""
    a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a_arr.shape != b_arr.shape:
        raise ValueError(f"paired samples need equal lengths, got {a_arr.shape} and {b_arr.shape}")
    diff = a_arr - b_arr
    if np.allclose(diff, 0):
        p_value = 1.0
    else:
        p_value = float(stats.wilcoxon(a_arr, b_arr, zero_method="zsplit").pvalue)
    verdict = "tie" if p_value >= alpha else ("better" if np.mean(diff) > 0 else "worse")
    return {"mean_diff": float(np.mean(diff)), "p_value": p_value, "verdict": verdict}


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (same order as given)."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    adjusted = np.empty_like(p)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[index]))
        adjusted[index] = running
    return adjusted
