"""`load_dataset(name)`: one entry point for embedded and staged datasets; `list_datasets()` says what exists."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import DatasetNotFoundError

ENV_VAR = "SMALLGAN_DATA"


@dataclass
class Dataset:
    """A loaded dataset. `X` is a DataFrame/array (tabular), a uint8 image array (n, h, w[, c]) or a
    DataFrame with `timestamp` and `value` (series); `y` holds labels (1 = anomaly/minority where binary)."""

    X: Any
    y: np.ndarray | None
    name: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)


def data_root(required: bool = True) -> Path | None:
    """`$SMALLGAN_DATA`, else `../shared/data` beside the working directory or the repository."""
    candidates = []
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    else:
        repo = Path(__file__).resolve().parents[3]
        candidates += [Path.cwd() / ".." / "shared" / "data", repo / ".." / "shared" / "data"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    if required:
        raise DatasetNotFoundError(f"no data folder found; looked in {[str(c) for c in candidates]}. "
                                   f"Set {ENV_VAR} to the folder holding adbench/, mnist/, nab/ ...")
    return None


def data_file(relative: str) -> Path:
    """Path of a staged file, or DatasetNotFoundError naming where it was looked for."""
    root = data_root()
    path = root / relative
    if not path.exists():
        raise DatasetNotFoundError(f"dataset file {path} not found (data root {root}, from ${ENV_VAR} or "
                                   "../shared/data)")
    return path


def _loaders() -> dict[str, Callable[[str], Dataset]]:
    from . import files, images, series

    return {"breast_cancer": files.load_breast_cancer, "digits": images.load_digits,
            "adbench/": files.load_adbench, "kddcup99": files.load_kddcup99, "nsl-kdd": files.load_nsl_kdd,
            "mimii/": files.load_mimii, "mnist": images.load_mnist, "medmnist/": images.load_medmnist,
            "nab/": series.load_nab, "csv:": files.load_csv}


def load_dataset(name: str, **kwargs: Any) -> Dataset:
    """Load a dataset by name: `breast_cancer`, `digits`, `adbench/29_Pima`, `adbench/MVTec-AD_bottle`,
    `kddcup99`, `kddcup99-test`, `nsl-kdd`, `nsl-kdd-test`, `nsl-kdd-test21`, `mimii/id_00`, `mnist`,
    `medmnist/pneumonia`, `medmnist/pneumonia-balanced`, `nab/realKnownCause/nyc_taxi`, or `csv:PATH`
    (with `target=` column)."""
    for prefix, loader in _loaders().items():
        if name == prefix or (prefix.endswith(("/", ":")) and name.startswith(prefix)) or \
                name.startswith(prefix + "-"):
            return loader(name, **kwargs)
    raise DatasetNotFoundError(f"unknown dataset {name!r}; known: {', '.join(n for n, _ in list_datasets())}")


def list_datasets() -> list[tuple[str, str]]:
    """(name, location) for every dataset that can be loaded here."""
    from . import files, images, series

    found = [("breast_cancer", "embedded (scikit-learn)"), ("digits", "embedded (scikit-learn)")]
    root = data_root(required=False)
    if root is None:
        return found
    for lister in (files.available, images.available, series.available):
        found += lister(root)
    return found
