"""Per-experiment summaries from the result store: results table with best-per-row and significance marks,
mean ranks with a critical difference, and a pooled paired test of every method against the top-ranked one.

Both the HTML report and the BENCHMARKS.md sections are rendered from these summaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..evaluate.stats import confidence_interval, critical_difference, holm, mean_ranks, mean_std, paired_comparison

ALPHA = 0.05


@dataclass
class ExperimentSummary:
    """Everything a report shows for one experiment (tables are lists of row dicts, ready to render)."""

    name: str
    protocol: str
    metric: str
    higher_is_better: bool
    description: str
    command: str
    settings: dict[str, Any]
    seeds: list[int]
    methods: list[str]
    datasets: list[str]
    results: pd.DataFrame
    n_ok: int
    failures: list[str]
    versions: dict[str, Any]
    commits: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    ranking: list[dict[str, Any]] = field(default_factory=list)
    extra_metrics: list[str] = field(default_factory=list)
    cd: dict[str, Any] | None = None
    min_p: float = 1.0
    compute_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def summarize_experiment(experiment: pd.Series, cells: pd.DataFrame, results: pd.DataFrame) -> ExperimentSummary:
    """Build the summary of one experiment from its `experiments` row, its cell rows and its long results."""
    spec = json.loads(experiment["spec"])
    metric = experiment["metric"] or _first_metric(results)
    ok = cells[cells["status"] == "ok"]
    failed = cells[cells["status"] == "failed"]
    summary = ExperimentSummary(
        name=experiment["experiment"], protocol=experiment["protocol"], metric=metric,
        higher_is_better=bool(experiment["higher_is_better"]), description=spec.get("description", ""),
        command=experiment["command"] or "", settings=spec.get("settings", {}),
        seeds=sorted(cells["seed"].unique().tolist()), methods=list(dict.fromkeys(cells["method"])),
        datasets=list(dict.fromkeys(cells["dataset"])), results=results, n_ok=len(ok),
        failures=[f"{r.dataset} / {r.method} / seed {r.seed}: {str(r.error).splitlines()[0]}"
                  for r in failed.itertuples()],
        versions=cells["versions"].iloc[0] if len(cells) else {},
        commits=sorted({c for c in cells["git_commit"].dropna()}),
        extra_metrics=[m for m in spec.get("report_metrics", []) if m in set(results["metric"])])
    summary.methods = _spec_order(spec, summary.methods)
    summary.compute_seconds = float(cells[["fit_seconds", "score_seconds"]].astype(float).sum().sum())
    primary = results[results["metric"] == metric]
    if primary.empty:
        summary.notes.append(f"no successful cell reported the metric {metric!r}")
        return summary
    summary.min_p = 2.0 / 2 ** max(len(summary.seeds), 1)
    summary.rows = _result_rows(summary, primary)
    summary.ranking = _ranking(summary, primary, ok)
    return summary


def _spec_order(spec: dict[str, Any], methods: list[str]) -> list[str]:
    declared = list(spec.get("methods", {}))
    return sorted(methods, key=lambda m: (declared.index(m.split("[")[0]) if m.split("[")[0] in declared
                                          else len(declared), m))


def _first_metric(results: pd.DataFrame) -> str:
    if results.empty:
        return ""
    return str(results["metric"].iloc[0])


def _signed(values: pd.Series | np.ndarray, higher_is_better: bool) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array if higher_is_better else -array


def _result_rows(summary: ExperimentSummary, primary: pd.DataFrame) -> list[dict[str, Any]]:
    """Per dataset: 'mean (std)' per method, the best mean bold, and a mark where a method is significantly
    worse than the row's best (paired Wilcoxon over seeds, Holm-corrected within the row)."""
    rows = []
    for dataset in summary.datasets:
        part = primary[primary["dataset"] == dataset].pivot_table(index="seed", columns="method", values="value")
        if part.empty:
            continue
        means = part.mean()
        best = means.idxmax() if summary.higher_is_better else means.idxmin()
        others = [m for m in part.columns if m != best]
        p_values = []
        for method in others:
            pair = part[[method, best]].dropna()
            p_values.append(paired_comparison(_signed(pair[method], True), _signed(pair[best], True))["p_value"]
                            if len(pair) > 1 else 1.0)
        adjusted = dict(zip(others, holm(p_values), strict=True)) if others else {}
        cells = []
        for method in summary.methods:
            if method not in part.columns:
                cells.append({"text": "–", "best": False, "worse": False})
                continue
            values = part[method].dropna().to_numpy()
            low, high = confidence_interval(values)
            cells.append({"text": mean_std(values), "best": method == best, "ci": f"95% CI [{low:.3f}, {high:.3f}]",
                          "worse": adjusted.get(method, 1.0) < ALPHA, "p": adjusted.get(method)})
        rows.append({"dataset": dataset, "cells": cells, "best": best})
    return rows


def _ranking(summary: ExperimentSummary, primary: pd.DataFrame, ok: pd.DataFrame) -> list[dict[str, Any]]:
    """Mean rank over datasets, mean of each metric, mean fit seconds, and a pooled paired test over all
    (dataset, seed) pairs of each method against the top-ranked one (Holm-corrected)."""
    means = primary.pivot_table(index="dataset", columns="method", values="value")
    complete = means.dropna(axis=0)
    ranks = mean_ranks(complete, summary.higher_is_better) if len(complete) and means.shape[1] > 1 else \
        pd.Series(1.0, index=means.columns)
    if len(complete) >= 2 and means.shape[1] >= 2:
        summary.cd = critical_difference(complete, ALPHA, summary.higher_is_better)
    overall = means.mean(axis=0) * (1 if summary.higher_is_better else -1)
    order = sorted(summary.methods, key=lambda m: (ranks.get(m, np.inf), -overall.get(m, -np.inf)))
    top = order[0]  # best mean rank; ties broken by the better mean over datasets
    paired = primary.pivot_table(index=["dataset", "seed"], columns="method", values="value")
    others = [m for m in order if m != top and m in ranks.index]
    tests = []
    for method in others:
        pair = paired[[method, top]].dropna()
        tests.append(paired_comparison(_signed(pair[method], summary.higher_is_better),
                                       _signed(pair[top], summary.higher_is_better)) if len(pair) > 1 else
                     {"mean_diff": float("nan"), "p_value": 1.0, "verdict": "tie"})
    adjusted = dict(zip(others, holm([t["p_value"] for t in tests]), strict=True)) if others else {}
    verdicts = {m: t for m, t in zip(others, tests, strict=True)}
    fit = ok.groupby("method")["fit_seconds"].mean()
    rows = []
    for method in order:
        row = {"method": method, "rank": float(ranks.get(method, np.nan)),
               "fit_seconds": float(fit.get(method, np.nan))}
        for metric in [summary.metric, *summary.extra_metrics]:
            values = summary.results[(summary.results["metric"] == metric) & (summary.results["method"] == method)]
            row[metric] = float(values.groupby("dataset")["value"].mean().mean()) if len(values) else np.nan
        if method == top:
            row.update(p_holm=None, verdict="top-ranked")
        elif method not in adjusted:
            row.update(p_holm=None, verdict="no results")
        else:
            p_value = float(adjusted[method])
            row.update(p_holm=p_value, verdict="worse" if p_value < ALPHA else "no significant difference")
            if verdicts[method]["verdict"] == "better" and p_value < ALPHA:
                row["verdict"] = "better"
        rows.append(row)
    return rows
