"""Benchmark figures: box plots over seeds and critical-difference diagrams (functions return Figures).

References:
    Demsar, "Statistical Comparisons of Classifiers over Multiple Data Sets", JMLR 7, 2006 (CD diagram).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def seed_box_plots(results: pd.DataFrame, metric: str, methods: Sequence[str] | None = None,
                   max_columns: int = 3) -> Any:
    """One panel per dataset: the metric's spread over seeds for every method (box + the seeds as dots).

    Args:
        results: long table with columns dataset, method, seed, metric, value (as `ResultStore.results`).

    Example:
        >>> fig = seed_box_plots(store.results("tabular"), "balanced_accuracy")
    """
    plt = _pyplot()
    frame = results[results["metric"] == metric]
    if frame.empty:
        raise ValueError(f"no values for metric {metric!r}; present: {sorted(results['metric'].unique())}")
    methods = list(methods) if methods is not None else list(dict.fromkeys(frame["method"]))
    datasets = list(dict.fromkeys(frame["dataset"]))
    n_cols = min(max_columns, len(datasets))
    n_rows = math.ceil(len(datasets) / n_cols)
    width = max(3.2, 0.55 * len(methods) + 1.2)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(width * n_cols, 2.9 * n_rows), squeeze=False)
    for ax, dataset in zip(axes.ravel(), datasets, strict=False):
        part = frame[frame["dataset"] == dataset]
        values = [part.loc[part["method"] == m, "value"].to_numpy() for m in methods]
        ax.boxplot(values, widths=0.55, showfliers=False)
        for position, column in enumerate(values, start=1):
            ax.plot([position] * len(column), column, ".", color="tab:blue", alpha=0.6, markersize=4)
        ax.set_xticks(range(1, len(methods) + 1), methods, rotation=35, ha="right", fontsize=7)
        ax.set_title(dataset, fontsize=9)
        ax.set_ylabel(metric, fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(axis="y", alpha=0.3)
    for ax in axes.ravel()[len(datasets):]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def critical_difference_diagram(ranks: pd.Series, cd: float, groups: Sequence[Sequence[str]],
                                title: str = "") -> Any:
    """Demsar's diagram: methods on a mean-rank axis (1 = best, left); bars join methods whose mean ranks
    differ by less than the critical difference `cd`, shown as a ruler above the axis.

    Example:
        >>> s = critical_difference(table)
        >>> fig = critical_difference_diagram(s["ranks"], s["cd"], s["groups"])
    """
    plt = _pyplot()
    ranks = ranks.sort_values()
    k = len(ranks)
    low, high = 1, max(k, 2)
    half = math.ceil(k / 2)
    fig, ax = plt.subplots(figsize=(7.5, 1.6 + 0.28 * half + 0.18 * len(groups)))
    ax.set_xlim(low - 0.3, high + 0.3)
    ax.set_ylim(-(half + 1.5 + 0.35 * len(groups)) * 0.3, 0.9)
    ax.axis("off")
    ax.hlines(0, low, high, color="black", linewidth=1)
    for tick in range(low, high + 1):
        ax.vlines(tick, 0, 0.08, color="black", linewidth=1)
        ax.text(tick, 0.14, str(tick), ha="center", va="bottom", fontsize=8)
    ax.hlines(0.65, low, min(low + cd, high + 0.3), color="tab:red", linewidth=2)
    ax.text(low, 0.72, f"CD = {cd:.2f}", fontsize=8, color="tab:red", va="bottom")
    for index, (name, rank) in enumerate(ranks.items()):
        left = index < half
        row = index if left else k - 1 - index
        y = -0.3 * (row + 1) - 0.35 * 0.3 * len(groups)
        edge = low - 0.25 if left else high + 0.25
        ax.plot([rank, rank, edge], [0, y, y], color="0.35", linewidth=0.8)
        ax.text(edge, y, f"{name} ({rank:.2f})", ha="left" if not left else "right", va="center", fontsize=8,
                clip_on=False)
    for level, group in enumerate(groups):
        values = ranks[list(group)]
        y = -0.1 - 0.1 * level
        ax.hlines(y, values.min() - 0.03, values.max() + 0.03, color="black", linewidth=3)
    if title:
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig
