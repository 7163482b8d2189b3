"""Statistics for benchmark tables: mean (std), confidence intervals, paired tests with Holm correction,
mean ranks, Friedman test and Nemenyi critical difference (Demsar 2006)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats


def mean_std(values: Sequence[float], digits: int = 3) -> str:
    """'0.912 (0.013)' style cell text."""
    array = np.asarray(values, dtype=float)
    return f"{np.nanmean(array):.{digits}f} ({np.nanstd(array, ddof=1) if len(array) > 1 else 0.0:.{digits}f})"


def confidence_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float]:
    """Student-t confidence interval of the mean."""
    array = np.asarray(values, dtype=float)
    if len(array) < 2 or np.ptp(array) == 0:
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


def mean_ranks(scores: pd.DataFrame, higher_is_better: bool = True) -> pd.Series:
    """Mean rank of each method (columns) over datasets (rows); rank 1 is best, ties share the average rank.

    Example:
        >>> mean_ranks(pd.DataFrame({"gan": [0.9, 0.7], "smote": [0.8, 0.8]}))  # gan 1.5, smote 1.5
    """
    frame = _complete(scores)
    ranks = frame.rank(axis=1, ascending=not higher_is_better, method="average")
    return ranks.mean(axis=0).sort_values()


def friedman(scores: pd.DataFrame) -> tuple[float, float]:
    """Friedman chi-square test that all methods (columns) rank alike over datasets (rows): (statistic, p)."""
    frame = _complete(scores)
    if frame.shape[1] < 3:
        raise ValueError(f"the Friedman test needs at least 3 methods, got {frame.shape[1]}")
    result = stats.friedmanchisquare(*(frame[column].to_numpy() for column in frame.columns))
    return float(result.statistic), float(result.pvalue)


def nemenyi_critical_difference(n_methods: int, n_datasets: int, alpha: float = 0.05) -> float:
    """Critical difference of mean ranks for the Nemenyi post-hoc test (Demsar 2006, eq. 5).

    CD = q_alpha * sqrt(k (k + 1) / (6 N)), with q_alpha the studentized range quantile / sqrt(2).

    References:
        Demsar, "Statistical Comparisons of Classifiers over Multiple Data Sets", JMLR 7, 2006.
    """
    if n_methods < 2 or n_datasets < 1:
        raise ValueError(f"need at least 2 methods and 1 dataset, got {n_methods} methods, {n_datasets} datasets")
    q_alpha = stats.studentized_range.ppf(1 - alpha, n_methods, np.inf) / np.sqrt(2)
    return float(q_alpha * np.sqrt(n_methods * (n_methods + 1) / (6.0 * n_datasets)))


def critical_difference(scores: pd.DataFrame, alpha: float = 0.05, higher_is_better: bool = True) -> dict:
    """Mean ranks, Nemenyi critical difference, Friedman p-value and the groups of methods whose ranks
    differ by less than the CD (the bars of a critical-difference diagram).

    Example:
        >>> summary = critical_difference(table)  # table: datasets x methods of one metric
        >>> summary["ranks"], summary["cd"], summary["groups"]
    """
    ranks = mean_ranks(scores, higher_is_better)
    n_datasets = len(_complete(scores))
    cd = nemenyi_critical_difference(len(ranks), n_datasets, alpha)
    p_value = friedman(scores)[1] if len(ranks) >= 3 and n_datasets >= 2 else float("nan")
    names, values = list(ranks.index), ranks.to_numpy()
    groups: list[list[str]] = []
    for start in range(len(names)):
        stop = start
        while stop + 1 < len(names) and values[stop + 1] - values[start] < cd:
            stop += 1
        group = names[start:stop + 1]
        if len(group) > 1 and not any(set(group) <= set(g) for g in groups):
            groups.append(group)
    return {"ranks": ranks, "cd": cd, "friedman_p": p_value, "groups": groups, "n_datasets": n_datasets}


def _complete(scores: pd.DataFrame) -> pd.DataFrame:
    """Rows without missing values; ValueError if none remain."""
    frame = pd.DataFrame(scores).astype(float).dropna(axis=0, how="any")
    if frame.empty:
        raise ValueError("no dataset has a score for every method; cannot rank")
    return frame
