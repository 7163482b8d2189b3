"""Tabular loaders: scikit-learn's breast cancer, ADBench .npz, KDD Cup 99, NSL-KDD, MIMII fan features, CSV."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DatasetNotFoundError
from .datasets import Dataset, data_file

KDD_COLUMNS = [
    "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment", "urgent",
    "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted", "num_root",
    "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login",
    "count", "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate", "same_srv_rate",
    "diff_srv_rate", "srv_diff_host_rate", "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate",
    "dst_host_diff_srv_rate", "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate",
    "dst_host_serror_rate", "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
]
KDD_CATEGORICAL = ["protocol_type", "service", "flag"]
_KDD_FILES = {"kddcup99": "kddcup99/kddcup.data_10_percent.gz", "kddcup99-test": "kddcup99/corrected.gz"}
_NSL_FILES = {"nsl-kdd": "nsl-kdd/KDDTrain+_20Percent.txt", "nsl-kdd-test": "nsl-kdd/KDDTest+.txt",
              "nsl-kdd-test21": "nsl-kdd/KDDTest-21.txt"}


def load_breast_cancer(name: str = "breast_cancer") -> Dataset:
    """Breast Cancer Wisconsin (569 x 30); y = 1 for malignant (the minority, 212 rows)."""
    from sklearn.datasets import load_breast_cancer as sk_load

    bunch = sk_load(as_frame=True)
    y = (bunch.target.to_numpy() == 0).astype(int)  # sklearn codes malignant as 0
    return Dataset(bunch.data, y, "breast_cancer", "tabular", {"positive": "malignant", "source": "scikit-learn"})


def _read_npz(path: Path) -> Any:
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, zlib.error) as exc:
        raise DatasetNotFoundError(f"{path} is not a readable .npz file: {exc}") from None


def load_adbench(name: str) -> Dataset:
    """`adbench/<stem>` (e.g. adbench/29_Pima) or `adbench/MVTec-AD_<object>` (ResNet-18 embeddings); y = 1 anomaly."""
    stem = name.split("/", 1)[1]
    relative = f"adbench/mvtec_resnet18/{stem}.npz" if stem.startswith("MVTec") else f"adbench/{stem}.npz"
    path = data_file(relative)
    archive = _read_npz(path)
    X = np.asarray(archive["X"], dtype=np.float64)
    y = np.asarray(archive["y"]).astype(int).ravel()
    return Dataset(X, y, name, "tabular", {"path": str(path), "positive": "anomaly"})


def _read_csv(path: Path, **kwargs: Any) -> pd.DataFrame:
    try:
        return pd.read_csv(path, **kwargs)
    except (OSError, ValueError, EOFError, zlib.error, pd.errors.ParserError) as exc:
        raise DatasetNotFoundError(f"{path} could not be read as CSV: {exc}") from None


def load_kddcup99(name: str = "kddcup99", nrows: int | None = None) -> Dataset:
    """KDD Cup 99 10% training file (`kddcup99`) or the labelled test set (`kddcup99-test`).

    X: DataFrame with the 41 named features (3 categorical); y = 1 for attack traffic, 0 for `normal.`;
    `meta["label"]` holds the raw attack names.
    """
    if name not in _KDD_FILES:
        raise DatasetNotFoundError(f"unknown KDD Cup 99 split {name!r}; use one of {sorted(_KDD_FILES)}")
    frame = _read_csv(data_file(_KDD_FILES[name]), header=None, nrows=nrows)
    return _kdd_dataset(frame, name, "normal.")


def load_nsl_kdd(name: str = "nsl-kdd", nrows: int | None = None) -> Dataset:
    """NSL-KDD 20% train (`nsl-kdd`), `nsl-kdd-test` (KDDTest+) or `nsl-kdd-test21`; y = 1 attack."""
    if name not in _NSL_FILES:
        raise DatasetNotFoundError(f"unknown NSL-KDD split {name!r}; use one of {sorted(_NSL_FILES)}")
    frame = _read_csv(data_file(_NSL_FILES[name]), header=None, nrows=nrows)
    return _kdd_dataset(frame.iloc[:, :42], name, "normal")


def _kdd_dataset(frame: pd.DataFrame, name: str, normal: str) -> Dataset:
    frame.columns = KDD_COLUMNS + ["label"]
    labels = frame.pop("label").astype(str)
    y = (labels != normal).to_numpy().astype(int)
    return Dataset(frame, y, name, "tabular", {"categorical": KDD_CATEGORICAL, "label": labels.to_numpy(),
                                                 "positive": "attack"})


def load_mimii(name: str) -> Dataset:
    """`mimii/id_00` (fan clip features, 6 dB); y = 1 abnormal (the file's own label is inverted)."""
    machine = name.split("/", 1)[1]
    frame = _read_csv(data_file(f"audio/mimii-fan-features/6dB/{machine}_raw.csv"))
    y = (frame["label"] == 0).to_numpy().astype(int)
    X = frame.drop(columns=["filename", "duration", "label"]).to_numpy(dtype=np.float64)
    return Dataset(X, y, name, "tabular", {"positive": "abnormal"})


def load_csv(name: str, target: str | None = None, categorical: list[str] | None = None) -> Dataset:
    """`csv:PATH`: any CSV; `target` names the label column (kept out of X)."""
    path = Path(name.split(":", 1)[1])
    if not path.is_file():
        raise DatasetNotFoundError(f"CSV file {path} not found")
    frame = _read_csv(path)
    if frame.empty:
        raise DatasetNotFoundError(f"CSV file {path} has no rows")
    y = None
    if target is not None:
        if target not in frame.columns:
            raise DatasetNotFoundError(f"target column {target!r} is not in {path} (columns: {list(frame.columns)})")
        y = frame.pop(target).to_numpy()
    return Dataset(frame, y, name, "tabular", {"path": str(path), "categorical": categorical or []})


def available(root: Path) -> list[tuple[str, str]]:
    """Staged tabular datasets under `root`."""
    found = [(f"adbench/{p.stem}", str(p)) for p in sorted((root / "adbench").glob("*.npz"))]
    found += [(f"adbench/{p.stem}", str(p)) for p in sorted((root / "adbench" / "mvtec_resnet18").glob("*.npz"))]
    found += [(n, str(root / f)) for n, f in {**_KDD_FILES, **_NSL_FILES}.items() if (root / f).exists()]
    found += [(f"mimii/{p.stem.removesuffix('_raw')}", str(p))
              for p in sorted((root / "audio" / "mimii-fan-features" / "6dB").glob("*_raw.csv"))]
    return found
