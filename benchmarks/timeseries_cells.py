"""Grid-runner cell and report hook of the NAB time-series benchmark (issue 6), built on benchmarks/timeseries.py
(`run_one`: the detector, its tuned options from timeseries_tuned.json, interval scoring) so that the spec
benchmarks/specs/timeseries_nab.yaml runs exactly that script's settings, one (series, method, seed) per cell.

The `timeseries` section of BENCHMARKS.md is written by `section`: benchmarks/timeseries_report.py's `report` on
the store's rows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeseries  # noqa: E402  (benchmarks/timeseries.py: the script whose settings the cell runs)

CELL_PARAMS = ("candidate", "overrides", "per_subset", "crossfit")


def series_cell(dataset: str, method: str, params: dict[str, Any], seed: int, **settings: Any) -> dict[str, Any]:
    """`timeseries.run_one` on NAB series `dataset`; `settings` override the script's command-line defaults
    (epochs, window_size, max_points, resolution, train_step, n_critic, batch_size); `params` {"per_subset": true}: the
    options tuned for the series' subset; {"overrides": {...}}: detector parameters set over the tuned options;
    {"candidate": name}: the options of that tuning candidate (benchmarks/timeseries_candidates.py), chosen or not;
    {"crossfit": true}: the options chosen on the reported series (benchmarks/timeseries_crossfit.py)."""
    args = timeseries.parse_args([])
    unknown = sorted(set(settings) - set(vars(args)))
    if unknown:
        raise ValueError(f"unknown time-series settings {unknown}; known: {sorted(vars(args))}")
    vars(args).update(settings)
    unknown = sorted(set(params) - set(CELL_PARAMS))
    if unknown:
        raise ValueError(f"unknown time-series cell params {unknown}; known: {list(CELL_PARAMS)}")
    row = timeseries.run_one(dataset, method, seed, args, per_subset=bool(params.get("per_subset", False)),
                             overrides=params.get("overrides"), candidate=params.get("candidate"),
                             crossfit=bool(params.get("crossfit", False)))
    metrics = {key: float(value) for key, value in row.items()
               if isinstance(value, int | float) and key not in ("seed",)}
    return {**metrics, "subset": row["subset"], "options": row.get("options", "{}"),
            "intervals": row.get("intervals", "[]"), "fit_seconds": row["fit_s"],
            "score_seconds": row["interval_s"]}


def stale_cells(cells: pd.DataFrame) -> list[str]:
    """Keys of the cells whose recorded options differ from those `run_one` would use now (timeseries_tuned*.json
    changed since they ran): `benchmarks/grid.py --rerun-stale` runs exactly these again."""
    import json

    stale = []
    for row in cells.itertuples():
        metrics, params = row.metrics or {}, row.params or {}
        subset = metrics.get("subset") if params.get("per_subset") else None
        now = timeseries.run_options(row.estimator, subset, params.get("candidate"), bool(params.get("crossfit")))
        if json.loads(metrics.get("options") or "{}") != now:
            stale.append(row.cell_key)
    return stale


def store_runs(cells: pd.DataFrame, experiments: pd.DataFrame) -> pd.DataFrame:
    """The store's successful cells as the rows of benchmarks/results/timeseries_runs.csv."""
    from smallgan.report.sections import metrics_frame

    frame = metrics_frame(cells, experiments)
    runs = frame.rename(columns={"dataset": "series"}).drop(
        columns=["experiment", "estimator", "fit_seconds", "score_seconds", "peak_rss_mb", "source", "params"])
    for column in ("tp", "fp", "fn", "n_intervals", "n_raw", "n_points", "epochs", "window_size", "max_points",
                   "train_step", "n_critic", "batch_size"):
        if column in runs:
            runs[column] = runs[column].astype(int)
    return runs


def section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries` BENCHMARKS.md section: timeseries_report.report on the store's rows."""
    from smallgan.report.sections import provenance
    from timeseries_report import report

    return provenance(cells, experiments) + "\n\n" + report(store_runs(cells, experiments))
