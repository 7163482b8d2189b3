"""Fit-time comparison of tabular generators on the same rows with the same epochs (issue #3's speed target).

`fit_time_cell` is a grid protocol (spec: `protocol: "smallgan.evaluate.fit_time:fit_time_cell"`): it draws
`rows` rows of the dataset's minority class with the cell's seed (every method of a seed gets the same rows),
fits one generator on them and records wall-clock and CPU seconds of `fit` alone (after an untimed one-epoch
warm-up fit of the same model, so that no method pays the process's first-use costs). CPU seconds (this process,
one torch thread) are the fairer figure on a machine shared with other jobs, where wall time depends on the load.

Example:
    >>> fit_time_cell("breast_cancer", "gan", {"epochs": 300}, seed=0)["fit_cpu_seconds"]
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

GENERATORS = ("gan", "ctgan", "tvae")


def minority_rows(dataset: str, rows: int, seed: int) -> np.ndarray:
    """`rows` rows of the least frequent class of `dataset`, drawn without replacement with `seed`."""
    from ..data import load_dataset

    data = load_dataset(dataset)
    if data.y is None:
        raise ValueError(f"dataset {dataset!r} has no labels; the fit-time protocol needs a minority class")
    X = np.asarray(data.X, dtype=float).reshape(len(data.X), -1)
    labels, counts = np.unique(np.asarray(data.y), return_counts=True)
    minority = X[np.asarray(data.y) == labels[np.argmin(counts)]]
    take = min(rows, len(minority))
    return minority[np.random.default_rng(seed).permutation(len(minority))[:take]]


def build_generator(method: str, params: dict[str, Any], seed: int, n_rows: int) -> Any:
    """Our `TabularGAN` ("gan", with `params`) or a `ctgan` peer built as `CTGANSampler` builds it."""
    if method == "gan":
        from ..augment import TabularGAN

        return TabularGAN(**{**params, "random_state": seed})
    if method in ("ctgan", "tvae"):
        from ..augment.peers import CTGANSampler

        model = CTGANSampler(model=method, **params)._build(n_rows)
        model.set_random_state(seed)
        return model
    raise ValueError(f"unknown generator {method!r}; choose one of {', '.join(GENERATORS)}")


def fit_time_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
                  rows: int = 20) -> dict[str, float]:
    """Fit one generator on the seed's minority rows; wall and CPU seconds of the fit, per epoch too."""
    X = minority_rows(dataset, rows, seed)
    data = X if method == "gan" else pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    build_generator(method, {**params, "epochs": 1}, seed, len(X)).fit(data)  # untimed warm-up: lazy inits
    model = build_generator(method, params, seed, len(X))
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    epochs = float(params.get("epochs", 300))
    return {"fit_seconds": wall, "fit_cpu_seconds": cpu, "rows": float(len(X)), "columns": float(X.shape[1]),
            "epochs": epochs, "cpu_ms_per_epoch": 1000.0 * cpu / max(epochs, 1.0)}
