"""Grid-runner cells and report hook of the detection benchmark (issue 4), built on the functions of
benchmarks/detection.py and detection_kdd.py (detector factories, subsampling, KDD encoding, `_one_run`) so
that the specs benchmarks/specs/detection_*.yaml run exactly the settings of that script, one (dataset, method, seed)
per cell.

Protocols (spec `protocol: "benchmarks.detection_cells:<function>"`): `adbench_cell`, `kdd_cell`, `mnist_cell`,
`speed_cell`, `speed_fanogan_cell`. Differences from the script: torch's global RNG (used by PyOD's deep models) is
reset before every cell instead of once per (dataset, seed), so a cell does not depend on which cells ran before.
The `detection` section of BENCHMARKS.md is written by `section` (the tables of benchmarks/detection_report.py,
fed with the store's rows).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import detection  # noqa: E402  (benchmarks/detection.py: the script whose settings the cells run)
import detection_kdd  # noqa: E402

_SKIP = ("dataset", "method", "seed", "error")


def _metrics(row: dict[str, Any]) -> dict[str, float]:
    if row.get("error"):
        raise RuntimeError(row["error"])
    return {key: float(value) for key, value in row.items() if key not in _SKIP and isinstance(value, int | float)}


def adbench_cell(dataset: str, method: str, params: dict[str, Any], seed: int) -> dict[str, float]:
    """One detector on one (subsampled) ADBench set and seed: `evaluate_detectors` as in `run_adbench`."""
    from smallgan.data import load_dataset

    data = load_dataset(dataset)
    X, y = detection.subsample(np.asarray(data.X, dtype=np.float64), data.y, detection.MAX_ROWS)
    n_train = int(0.7 * (y == 0).sum())
    factories = {**detection.gan_factories(n_train), **detection.pyod_factories(len(y), X.shape[1])}
    if method not in factories:
        raise ValueError(f"{method!r} is not run on {dataset} ({len(y)} rows); known here: {sorted(factories)}")
    detection._seed_torch()
    (row,) = detection.evaluate_detectors(X, y, {method: factories[method]}, seeds=[seed],
                                          dataset=dataset.split("/", 1)[1])
    return {**_metrics(row), "fit_seconds": row["fit_s_per_1k"] * row["n_train"] / 1000.0}


def kdd_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, rows: int = 6000) -> dict[str, float]:
    """KDD99 (EGBAD protocol, 'normal.' traffic is the anomaly) or NSL-KDD, as in `run_kdd`."""
    if dataset == "KDD99":
        X, y = detection_kdd.kdd_rows("kddcup99", 2 * rows, seed, anomaly_is_normal=True)
        half = len(y) // 2
        train_frame, test_frame, y_test = X.iloc[:half][y[:half] == 0], X.iloc[half:], y[half:]
    else:
        X, y = detection_kdd.kdd_rows("nsl-kdd", rows, seed, anomaly_is_normal=False)
        train_frame = X[y == 0]
        test_frame, y_test = detection_kdd.kdd_rows("nsl-kdd-test", rows, seed, anomaly_is_normal=False)
    X_train, X_test = detection_kdd.encode_kdd(train_frame, test_frame)
    factories = detection_kdd.kdd_factories(len(X_train))
    detection._seed_torch()
    return _timed(detection._one_run(dataset, method, seed, factories[method], X_train, X_test, y_test))


def mnist_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, epochs: int = 8,
               max_train: int = 1000, max_test: int = 500) -> dict[str, float]:
    """MNIST one-class with digit `dataset` as the anomaly, as in `run_mnist` (one fixed 80/20 split)."""
    from smallgan.data import load_dataset

    digit = int(dataset)
    data = load_dataset("mnist")
    order = np.random.default_rng(0).permutation(len(data.y))
    cut = int(0.8 * len(order))
    fit_part, test_part = order[:cut], order[cut:][:max_test]
    normal = fit_part[data.y[fit_part] != digit][:max_train]
    y_test = (data.y[test_part] == digit).astype(int)
    factory = detection.gan_factories(len(normal), image=True, epochs=epochs)[method]
    detection._seed_torch()
    return _timed(detection._one_run(dataset, method, seed, factory, data.X[normal], data.X[test_part], y_test,
                                     epochs=epochs))


def _timed(row: dict[str, Any]) -> dict[str, float]:
    metrics = _metrics(row)
    return {**metrics, "fit_seconds": metrics.get("fit_s_per_1k", 0.0) * metrics.get("n_train", 0.0) / 1000.0}


def speed_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
               n_queries: int = 100) -> dict[str, float]:
    """Latent-search seconds per 1,000 queries of our batched AnoGAN or PyOD's per-query AnoGAN (`run_speed`)."""
    from pyod.models.anogan import AnoGAN as PyODAnoGAN

    from smallgan.data import load_dataset
    from smallgan.detect import AnoGAN

    X = load_dataset(dataset).X
    X = (X - X.mean(0)) / np.where(X.std(0) > 0, X.std(0), 1)
    queries = X[:n_queries]
    detection._seed_torch()
    if method == "AnoGAN (ours, batched)":
        ours = AnoGAN(epochs=5, search_steps=detection.SEARCH_STEPS, restarts=1, batch_size=64, random_state=0).fit(X)
        start = time.perf_counter()
        ours.decision_function(queries)
    elif method == "AnoGAN (PyOD, one query at a time)":
        start = time.perf_counter()
        PyODAnoGAN(epochs=0, epochs_query=detection.SEARCH_STEPS).fit(queries)
    else:
        raise ValueError(f"unknown speed method {method!r}")
    seconds = time.perf_counter() - start
    return {"search_steps": float(detection.SEARCH_STEPS), "n_queries": float(n_queries),
            "search_s_per_1k": 1000.0 * seconds / n_queries, "fit_seconds": seconds}


def speed_fanogan_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
                       paper_steps: int = 500) -> dict[str, float]:
    """f-AnoGAN vs iterative AnoGAN at the f-AnoGAN paper's search steps on one split (`run_speed_fanogan`)."""
    import math

    from smallgan.data import load_dataset
    from smallgan.detect import AnoGAN

    data = load_dataset(dataset)
    train, test = detection.one_class_split(data.y, 0.7, seed)
    common = {"epochs": int(min(50, max(5, math.ceil(detection.GAN_STEPS / max(1, len(train) // 128))))),
              "lr": 1e-3, "batch_size": min(128, len(train)), "hidden": (64, 64), "latent_dim": 16}
    factories = {"f-AnoGAN (ours)": detection.gan_factories(len(train))["f-AnoGAN (ours)"],
                 f"AnoGAN (ours, {paper_steps} steps)": lambda s: AnoGAN(**common, search_steps=paper_steps,
                                                                         restarts=1, random_state=s)}
    detection._seed_torch()
    return _timed(detection._one_run(dataset.split("/", 1)[1], method, seed, factories[method], data.X[train],
                                     data.X[test], data.y[test]))


PARTS = {"adbench_cell": "adbench", "kdd_cell": "kdd", "mnist_cell": "mnist", "speed_cell": "speed",
         "speed_fanogan_cell": "speed_fanogan"}


def store_rows(cells: pd.DataFrame, experiments: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The store's successful cells as the former script's per-part rows (dataset names as the script wrote)."""
    from smallgan.report.sections import metrics_frame

    parts: dict[str, pd.DataFrame] = {}
    for row in experiments.itertuples():
        part = PARTS.get(row.protocol.rpartition(":")[2])
        frame = metrics_frame(cells[cells["experiment"] == row.experiment], experiments)
        if part is None or frame.empty:
            continue
        frame = frame.assign(dataset=frame["dataset"].str.replace("adbench/", "", regex=False))
        parts[part] = frame.drop(columns=["experiment", "estimator", "fit_seconds", "score_seconds", "peak_rss_mb",
                                          "source", "params"])
    return parts


def section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `detection` BENCHMARKS.md section: benchmarks/detection_report.py's tables on the store's rows."""
    import detection_report
    from smallgan.report.sections import provenance

    parts = store_rows(cells, experiments)
    original = detection_report.load_rows
    detection_report.load_rows = lambda part: parts.get(part, pd.DataFrame())
    try:
        tables = [detection_report.adbench_section(None), detection_report.kdd_section(),
                  detection_report.mnist_section(None), detection_report.speed_section()]
    finally:
        detection_report.load_rows = original
    legacy = ("Imported rows were produced by `nice -n 5 .venv/bin/python benchmarks/detection.py --seeds 5 "
              "--kdd-rows 6000 --mnist-epochs 8 --mnist-train 1000`, run in passes: all parts with seeds 0-2, then "
              "ADBench seeds 3-4, then every EGBAD row of tables 1-3 and all of table 2 with the current code "
              "(EGBAD's stabilised defaults, the KDD preprocessing), then table 4's f-AnoGAN check. Between the "
              "passes the shared WGAN-GP step was changed to one critic pass over real, fake and interpolates (same "
              "objective), so ADBench seeds 3-4 of the other GAN rows ran with it. Machine: 2 CPU cores shared with "
              "other jobs, torch threads = 1 (timings are only comparable within a table).\n")
    return "\n".join(["## GAN anomaly detection (issue 4)\n", provenance(cells, experiments) + "\n", legacy, *tables])
