"""One-class detection protocol and tables: ROC AUC, AP, statistics at the Youden index and at top-k%.

The protocol (ADBench / f-AnoGAN style): a detector is fitted on a random share of the normal rows
only; it scores the remaining normals plus every anomaly. Anomalies are label 1, higher score =
more anomalous.

Example:
    >>> from pyod.models.iforest import IForest
    >>> rows = evaluate_detectors(X, y, {"IForest": lambda seed: IForest(random_state=seed)}, seeds=[0, 1])
    >>> summary_table(pd.DataFrame(rows), "roc_auc")

References:
    Han et al. 2022, ADBench; Schlegl et al. 2019 (Youden statistics); Zenati et al. 2018 (top-20% protocol).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn import metrics

from ..exceptions import DataValidationError
from .classification import top_fraction_stats, youden_stats
from .stats import mean_ranks, mean_std

_YOUDEN_KEYS = ("threshold", "precision", "sensitivity", "specificity", "f1")


def one_class_split(y: Any, train_fraction: float = 0.7, random_state: int | None = None,
                    max_train: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test): train = a random `train_fraction` of the normal rows (at most `max_train`),
    test = the other normal rows plus all anomalies (label 1)."""
    labels = np.asarray(y).astype(int).ravel()
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must be in (0, 1), got {train_fraction}")
    normal, anomalous = np.flatnonzero(labels == 0), np.flatnonzero(labels == 1)
    if len(normal) < 2 or len(anomalous) == 0:
        raise DataValidationError(f"one-class protocol needs normal (0) and anomalous (1) rows; found "
                                  f"{len(normal)} normal and {len(anomalous)} anomalous")
    rng = np.random.default_rng(random_state)
    shuffled = rng.permutation(normal)
    n_train = max(1, int(round(train_fraction * len(normal))))
    train, held_out = shuffled[:n_train], shuffled[n_train:]
    if max_train is not None:
        train = train[:max_train]
    return np.sort(train), np.sort(np.concatenate([held_out, anomalous]))


def detection_metrics(y_true: Any, scores: Any, top_fraction: float | None = None) -> dict[str, float]:
    """ROC AUC, average precision, Youden-index statistics (`youden_*`) and, with `top_fraction`,
    precision/recall/F1 when the top share of scores is called anomalous (`top_*`)."""
    labels, values = np.asarray(y_true).astype(int).ravel(), np.asarray(scores, dtype=float).ravel()
    if labels.shape != values.shape:
        raise DataValidationError(f"{len(labels)} labels but {len(values)} scores")
    if len(np.unique(labels)) != 2:
        raise DataValidationError("detection metrics need both normal (0) and anomalous (1) labels")
    if not np.isfinite(values).all():
        raise DataValidationError(f"scores contain {int((~np.isfinite(values)).sum())} NaN/inf values")
    out = {"roc_auc": float(metrics.roc_auc_score(labels, values)),
           "average_precision": float(metrics.average_precision_score(labels, values))}
    youden = youden_stats(labels, values)
    out.update({f"youden_{key}": youden[key] for key in _YOUDEN_KEYS})
    if top_fraction is not None:
        top = top_fraction_stats(labels, values, top_fraction)
        out.update({f"top_{key}": top[key] for key in ("precision", "recall", "f1")})
    return out


def timed_fit_score(detector: Any, X_train: Any, X_test: Any) -> tuple[np.ndarray, float, float]:
    """Fit on X_train, score X_test; returns (scores, fit seconds per 1,000 rows, score s per 1,000)."""
    start = time.perf_counter()
    detector.fit(X_train)
    fitted = time.perf_counter()
    scores = np.asarray(detector.decision_function(X_test), dtype=float)
    done = time.perf_counter()
    return scores, 1000.0 * (fitted - start) / len(X_train), 1000.0 * (done - fitted) / len(X_test)


def evaluate_detectors(X: Any, y: Any, detectors: Mapping[str, Callable[[int], Any]], *,
                       seeds: Iterable[int] = (0, 1, 2), train_fraction: float = 0.7, max_train: int | None = None,
                       top_fraction: float | None = None, dataset: str = "",
                       on_result: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Run the one-class protocol: for each seed one split, every detector (built as `factory(seed)`)
    fitted on the training normals and scored on the test rows. One result dict per (seed, detector);
    a detector that raises gets a row with `error` set instead of metrics."""
    labels = np.asarray(y).astype(int).ravel()
    rows = []
    for seed in seeds:
        train, test = one_class_split(labels, train_fraction, seed, max_train)
        X_train, X_test = _take(X, train), _take(X, test)
        for name, factory in detectors.items():
            row: dict[str, Any] = {"dataset": dataset, "method": name, "seed": seed, "n_train": len(train),
                                   "n_test": len(test), "n_anomalies": int(labels[test].sum())}
            try:
                scores, fit_s, score_s = timed_fit_score(factory(seed), X_train, X_test)
                row.update(detection_metrics(labels[test], scores, top_fraction), fit_s_per_1k=fit_s,
                           score_s_per_1k=score_s)
            except Exception as exc:  # a failing baseline must not stop the benchmark; the row says why
                row["error"] = f"{type(exc).__name__}: {exc}"[:300]
            rows.append(row)
            if on_result is not None:
                on_result(row)
    return rows


def _take(X: Any, index: np.ndarray) -> Any:
    return X.iloc[index] if hasattr(X, "iloc") else np.asarray(X)[index]


def summary_table(results: pd.DataFrame, metric: str = "roc_auc", digits: int = 3) -> pd.DataFrame:
    """Datasets x methods table of 'mean (std)' over seeds, with a 'mean' row (mean over datasets of the
    per-dataset means) and a 'mean rank' row (1 = best)."""
    frame = results.dropna(subset=[metric])
    means = frame.pivot_table(index="dataset", columns="method", values=metric, aggfunc="mean")
    cells = frame.groupby(["dataset", "method"])[metric].apply(lambda v: mean_std(v.to_numpy(), digits))
    table = cells.unstack("method").reindex(index=means.index, columns=means.columns).fillna("–")
    table.loc["**mean**"] = [f"{value:.{digits}f}" for value in means.mean(axis=0)]
    complete = means.dropna(axis=0)
    if len(complete) and complete.shape[1] > 1:
        ranks = mean_ranks(complete)
        table.loc["**mean rank**"] = [f"{ranks.get(m, np.nan):.2f}" for m in means.columns]
    return table


def timing_table(results: pd.DataFrame) -> pd.DataFrame:
    """Median fit and score seconds per 1,000 rows per method."""
    columns = ["fit_s_per_1k", "score_s_per_1k"]
    return results.groupby("method")[columns].median().round(4)


def markdown(table: pd.DataFrame, index_name: str = "") -> str:
    """A pandas table as GitHub markdown (no extra dependency)."""
    header = [index_name or (table.index.name or ""), *map(str, table.columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for label, row in table.iterrows():
        lines.append("| " + " | ".join([str(label), *(_cell(v) for v in row.tolist())]) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "–" if np.isnan(value) else f"{value:.4g}"
    return str(value)
