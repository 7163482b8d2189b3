"""Protocol registry: the function that runs one grid cell, looked up by the spec's `protocol` name.

A cell function is called as `function(dataset, method, params, seed, **settings)` where `method` is an estimator
name (`SMOTE`, `GANOverSampler`, `IForest`, `none`...), and returns a flat dict of float metrics. The keys
`fit_seconds` and `score_seconds`, when present, go to their own columns in the store.
A spec may also name any importable function as `"package.module:function"`.

Example:
    >>> register_protocol("my-protocol", my_cell_function)   # then `protocol: my-protocol` in a spec (serial runs;
    >>> # worker processes only see protocols registered at import time, so prefer "package.module:function")
    >>> oversampling_cell("breast_cancer", "SMOTE", {}, seed=0)["balanced_accuracy"]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .protocols_more import (
    IMBALANCED_ARMS,
    image_arms_cell,
    image_diffaugment_cell,
    image_imbalanced_cell,
    series_nab_cell,
)
from .protocols_tabular import tabular_scale_cell
from .protocols_translation import PAIRED_ARMS, translation_paired_cell, translation_unpaired_cell

# Method names of the image and series protocols (kept literal so that importing this module stays light).
IMAGE_ARMS = ("none", "classic", "dcgan", "dcgan_diffaugment", "acgan", "sgan")
SERIES_METHODS = ("lstmgan", "algan", "lstm-ae", "aer", "iforest", "zscore")
# Sampler names of `smallgan.augment.samplers.make_sampler` (the tabular benchmark's names).
TABULAR_SAMPLERS = ("random", "smote", "adasyn", "borderline-smote", "gan", "cgan", "ctgan", "tvae")

CellFunction = Callable[..., dict[str, float]]

_IMBLEARN = {"SMOTE": "imblearn.over_sampling:SMOTE", "ADASYN": "imblearn.over_sampling:ADASYN",
             "BorderlineSMOTE": "imblearn.over_sampling:BorderlineSMOTE",
             "RandomOverSampler": "imblearn.over_sampling:RandomOverSampler"}
_PYOD = {"IForest": "pyod.models.iforest:IForest", "KNN": "pyod.models.knn:KNN", "LOF": "pyod.models.lof:LOF",
         "OCSVM": "pyod.models.ocsvm:OCSVM", "PCA": "pyod.models.pca:PCA", "ECOD": "pyod.models.ecod:ECOD",
         "COPOD": "pyod.models.copod:COPOD", "HBOS": "pyod.models.hbos:HBOS"}


@dataclass(frozen=True)
class Protocol:
    """A registered protocol: its cell function and the estimator names it accepts (None: any)."""

    name: str
    run: CellFunction
    estimators: tuple[str, ...] | None = None
    checks_datasets: bool = True


def _registry_names() -> tuple[str, ...]:
    from ..registry import REGISTRY

    return tuple(REGISTRY)


def build_estimator(name: str, params: dict[str, Any], seed: int, table: dict[str, str]) -> Any:
    """Instantiate `name` from `table` or the smallgan registry with `params`; `random_state=seed` if accepted."""
    if name == "none":
        return None
    if name in table:
        module, _, attribute = table[name].partition(":")
        cls = getattr(import_module(module), attribute)
    else:
        from ..registry import get_class

        cls = get_class(name)
    estimator = cls(**params)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=seed)
    return estimator


def _load_xy(dataset: str) -> tuple[np.ndarray, np.ndarray]:
    from ..data import load_dataset

    data = load_dataset(dataset)
    if data.y is None:
        raise ValueError(f"dataset {dataset!r} has no labels; this protocol needs y")
    X = data.X.to_numpy(dtype=float) if hasattr(data.X, "to_numpy") else np.asarray(data.X, dtype=float)
    return X.reshape(len(X), -1), np.asarray(data.y).astype(int)


def oversampling_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
                      classifiers: list[str] | tuple[str, ...] = ("tree",), n_repeats: int = 1,
                      split_seed: int | None = None, **options: Any) -> dict[str, float]:
    """Tabular oversampling protocol (PROTOCOLS.md section 1) through `smallgan.evaluate.protocols`.

    `method` is a class name (`SMOTE`, `GANOverSampler`...) or a `make_sampler` name (`smote`, `gan`, `ctgan`...).
    `options` (test_size, minority_cap) go to `evaluate_oversampling`. Metrics are averaged over `n_repeats`
    splits drawn from `seed`; with `split_seed` set, the cell is instead repeat number `seed` of the splits drawn
    from `split_seed` (the numbering of benchmarks/tabular_augmentation.py). With several classifiers metrics are
    keyed `metric@classifier`.
    """
    from ..evaluate.protocols import evaluate_oversampling

    X, y = _load_xy(dataset)
    if method in TABULAR_SAMPLERS:
        from ..augment.samplers import make_sampler

        sampler = make_sampler(method, random_state=seed, **params)
    else:
        sampler = build_estimator(method, params, seed, _IMBLEARN)
    split = {"random_state": seed, "n_repeats": n_repeats} if split_seed is None else \
        {"random_state": split_seed, "n_repeats": seed + 1, "repeats": [seed]}
    frame = evaluate_oversampling(X, y, samplers={method: sampler}, classifiers=list(classifiers), **split,
                                  **options)
    errors = [e for e in frame.get("error", pd.Series(dtype=str)).fillna("") if e]
    if errors:
        raise RuntimeError(f"{method} failed in the oversampling protocol: {errors[0]}")
    numeric = frame.select_dtypes("number").drop(columns=["repeat"], errors="ignore")
    # the sampler's effective parameters (library defaults included) as text: tables can say what ran
    described = {"sampler_params": _describe(sampler)} if sampler is not None else {}
    if frame["classifier"].nunique() == 1:
        return {**{name: float(value) for name, value in numeric.mean().items()}, **described}
    shared = [name for name in ("fit_seconds", "n_synthetic", "n_train_minority") if name in numeric]
    metrics = {name: float(numeric.pop(name).mean()) for name in shared}
    for classifier, part in numeric.groupby(frame["classifier"], sort=False):
        metrics.update({f"{name}@{classifier}": float(v) for name, v in part.mean().items()})
    return {**metrics, **described}


def _describe(estimator: Any) -> str:
    """`ClassName {param: value}` of an estimator's parameters, without seeds, devices and verbosity."""
    from .spec import canonical_json

    params = {key: value for key, value in estimator.get_params(deep=False).items()
              if key not in ("random_state", "device", "verbose", "sampling_strategy")}
    return f"{type(estimator).__name__} {canonical_json(params)}"


def detection_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, train_fraction: float = 0.7,
                   max_train: int | None = None, top_fraction: float | None = None) -> dict[str, float]:
    """One-class detection protocol of `smallgan.evaluate.detection` (fit on a random share of the normal rows,
    score the other normals and every anomaly): ROC AUC, AP, Youden-index and optional top-fraction statistics."""
    from ..evaluate.detection import evaluate_detectors

    X, y = _load_xy(dataset)
    factory = {method: lambda run_seed: build_estimator(method, params, run_seed, _PYOD)}
    (row,) = evaluate_detectors(X, y, factory, seeds=[seed], train_fraction=train_fraction, max_train=max_train,
                                top_fraction=top_fraction, dataset=dataset)
    if row.get("error"):
        raise RuntimeError(f"{method} failed in the detection protocol: {row['error']}")
    skip = {"dataset", "method", "seed", "error"}
    return {key: float(value) for key, value in row.items() if key not in skip and isinstance(value, int | float)}


def smoke_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
               sleep: float = 0.0) -> dict[str, float]:
    """A data-free protocol for checking a runner or cluster set-up: logistic regression on a seeded
    `make_classification` task (`dataset` names only the row count, e.g. "blobs-200"; `method` is ignored
    unless it is "fail", which raises on purpose), with an optional `sleep` in seconds per cell."""
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    if method == "fail":
        raise RuntimeError("estimator 'fail' fails on purpose (smoke protocol)")
    n_rows = int(dataset.rpartition("-")[2]) if dataset.rpartition("-")[2].isdigit() else 200
    X, y = make_classification(n_samples=n_rows, n_features=5, random_state=seed)
    start = time.perf_counter()
    model = LogisticRegression(C=float(params.get("C", 1.0))).fit(X[: n_rows // 2], y[: n_rows // 2])
    time.sleep(sleep)
    return {"accuracy": float(model.score(X[n_rows // 2:], y[n_rows // 2:])),
            "draw": float(np.random.default_rng(seed).random()), "fit_seconds": time.perf_counter() - start}


PROTOCOLS: dict[str, Protocol] = {}


def register_protocol(name: str, run: CellFunction, estimators: tuple[str, ...] | None = None,
                      checks_datasets: bool = True) -> None:
    """Make `run` available to specs as `protocol: name` (in this process; workers re-import this module)."""
    PROTOCOLS[name] = Protocol(name, run, estimators, checks_datasets)


register_protocol("oversampling", oversampling_cell, ("none", *_IMBLEARN, *TABULAR_SAMPLERS))
register_protocol("tabular_scale", tabular_scale_cell, ("TabularGAN",))
register_protocol("image_diffaugment", image_diffaugment_cell, ("dcgan",))
register_protocol("image_imbalanced", image_imbalanced_cell, IMBALANCED_ARMS)
register_protocol("translation_paired", translation_paired_cell, PAIRED_ARMS)
register_protocol("translation_unpaired", translation_unpaired_cell, ("cyclegan",), checks_datasets=False)
register_protocol("detection", detection_cell, tuple(_PYOD))
register_protocol("smoke", smoke_cell, None, checks_datasets=False)
register_protocol("image_arms", image_arms_cell, IMAGE_ARMS)
register_protocol("series_nab", series_nab_cell, SERIES_METHODS)


def get_protocol(name: str) -> Protocol:
    """The protocol registered as `name`, or the function `module:attribute`; ValueError listing known names."""
    if name in PROTOCOLS:
        protocol = PROTOCOLS[name]
        if protocol.estimators is not None:
            return Protocol(name, protocol.run, (*protocol.estimators, *_registry_names()), protocol.checks_datasets)
        return protocol
    if ":" in name:
        try:
            run = import_attribute(name)
        except (ImportError, AttributeError) as error:
            raise ValueError(f"protocol {name!r} cannot be imported: {error}") from None
        return Protocol(name, run, None, checks_datasets=False)
    raise ValueError(f"unknown protocol {name!r}; known: {sorted(PROTOCOLS)} or 'package.module:function'")


def import_attribute(name: str) -> Any:
    """`package.module:attribute`; a module not found on sys.path is also looked up from the working directory
    (so that `benchmarks.<module>` works when the command runs in the repository root)."""
    module, _, attribute = name.partition(":")
    try:
        return getattr(import_module(module), attribute)
    except ModuleNotFoundError:
        if str(Path.cwd()) in sys.path:
            raise
        sys.path.insert(0, str(Path.cwd()))
        return getattr(import_module(module), attribute)
