"""One-off migration: rows that a former benchmark script wrote to its own CSV become store rows of the spec
that now runs that benchmark, marked `source = legacy-script` (in the row's `versions`) so that reports say
which rows were imported and which the runner produced.

Imported cells get the spec's cell keys, so `run_grid` treats them as done; `run_grid(..., replace_legacy=True)`
(`smallgan bench run SPEC --replace-legacy`) reruns them through the runner instead.

Example:
    >>> import_legacy_rows(store, spec, frame)   # frame: dataset, method, seed, fit_seconds, metric columns
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .spec import Spec
from .store import ResultStore

LEGACY_SOURCE = "legacy-script"
_SKIP = ("dataset", "method", "seed", "classifier", "error", "fit_seconds", "score_seconds", "peak_rss_mb",
         "started_at", "ended_at")


def legacy_records(spec: Spec, frame: pd.DataFrame, shared: tuple[str, ...] = (), origin: str = "",
                   averages: bool = False) -> list[dict[str, Any]]:
    """Store records for the cells of `spec` found in `frame`.

    Args:
        frame: one row per cell, or per cell and `classifier` (then metrics become `metric@classifier` except the
            `shared` columns, as the `oversampling` protocol writes them when a cell has several classifiers).
        origin: the CSV the rows came from (kept in `versions`).
        averages: with keyed metrics, also store each numeric metric's mean over the rows under its plain name
            (as the `image_arms` protocol does for its folds).
    """
    records = []
    if "error" in frame:
        frame = frame[frame["error"].fillna("") == ""]
    groups = {key: rows for key, rows in frame.groupby(["dataset", "method", "seed"], sort=False)}
    for cell in spec.cells():
        rows = groups.get((cell.dataset, cell.method, cell.seed))
        if rows is None:
            continue
        first = rows.iloc[0]
        metrics: dict[str, Any] = {}
        keyed = "classifier" in rows and rows["classifier"].nunique() > 1
        for row in rows.to_dict("records"):
            for name, value in row.items():
                if name in _SKIP or (not isinstance(value, str) and pd.isna(value)):
                    continue
                key = f"{name}@{row['classifier']}" if keyed and name not in shared else name
                metrics[key] = float(value) if isinstance(value, int | float) else value
        if keyed and averages:
            numeric = rows.drop(columns=[c for c in _SKIP if c in rows]).select_dtypes("number")
            metrics.update({name: float(value) for name, value in numeric.mean().items()})
        records.append({**cell.as_dict(), "cell_key": cell.key, "spec_hash": spec.hash, "metrics": metrics,
                        "fit_seconds": _number(first.get("fit_seconds")),
                        "score_seconds": _number(first.get("score_seconds")),
                        "peak_rss_mb": _number(first.get("peak_rss_mb")), "status": "ok", "error": None,
                        "versions": {"source": LEGACY_SOURCE, "origin": origin}, "git_commit": None,
                        "started_at": None, "ended_at": None})
    return records


def import_legacy_rows(store: ResultStore, spec: Spec, frame: pd.DataFrame, shared: tuple[str, ...] = (),
                       origin: str = "", command: str | None = None, averages: bool = False) -> int:
    """Write `legacy_records` into `store` (registering the experiment) and return how many cells were imported."""
    store.register_experiment(spec, command=command)
    records = legacy_records(spec, frame, shared, origin, averages)
    for record in records:
        store.write_cell(record)
    return len(records)


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
