"""Image loaders: scikit-learn's 8x8 digits, MNIST (IDX, the 10,000 test images), PneumoniaMNIST copies."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from ..exceptions import DatasetNotFoundError
from .datasets import Dataset, data_file

_MEDMNIST = {"medmnist/pneumonia": "medmnist/pneumoniamnist_normal-subsampled.npz",
             "medmnist/pneumonia-balanced": "medmnist/pneumoniamnist_balanced-subset.npz"}


def load_digits(name: str = "digits") -> Dataset:
    """scikit-learn's 1,797 8x8 digits as uint8 images (0-16 rescaled to 0-255), y = digit."""
    from sklearn.datasets import load_digits as sk_load

    bunch = sk_load()
    images = np.round(bunch.images * (255.0 / 16.0)).astype(np.uint8)
    return Dataset(images, bunch.target.astype(int), "digits", "image", {"source": "scikit-learn"})


def read_idx(path: Path) -> np.ndarray:
    """Read a gzipped IDX file (MNIST format) into a uint8 array."""
    try:
        with gzip.open(path) as handle:
            raw = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise DatasetNotFoundError(f"{path} is not a readable gzip IDX file: {exc}") from None
    if len(raw) < 8 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DatasetNotFoundError(f"{path} is not an unsigned-byte IDX file (bad magic number)")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise DatasetNotFoundError(f"{path} is truncated: header says {shape}, found {data.size} bytes")
    return data.reshape(shape)


def load_mnist(name: str = "mnist") -> Dataset:
    """The 10,000 MNIST test images (28x28 uint8) and labels: the MNIST images available here."""
    images = read_idx(data_file("mnist/t10k-images-idx3-ubyte.gz"))
    labels = read_idx(data_file("mnist/t10k-labels-idx1-ubyte.gz")).astype(int)
    return Dataset(images, labels, "mnist", "image", {"split": "t10k"})


def load_medmnist(name: str, split: str = "train") -> Dataset:
    """PneumoniaMNIST copies: `medmnist/pneumonia` (train: 388 normal vs 3,494 pneumonia, official val/test)
    or `medmnist/pneumonia-balanced`; y = 1 pneumonia. `meta["splits"]` holds every split."""
    if name not in _MEDMNIST:
        raise DatasetNotFoundError(f"unknown MedMNIST set {name!r}; use one of {sorted(_MEDMNIST)}")
    path = data_file(_MEDMNIST[name])
    try:
        archive = np.load(path, allow_pickle=False)
        splits = {s: (archive[f"{s}_images"], archive[f"{s}_labels"].ravel().astype(int))
                  for s in ("train", "val", "test")}
    except (OSError, ValueError, KeyError, zlib.error) as exc:
        raise DatasetNotFoundError(f"{path} is not a readable MedMNIST .npz: {exc}") from None
    if split not in splits:
        raise DatasetNotFoundError(f"unknown split {split!r}; use train, val or test")
    X, y = splits[split]
    return Dataset(X, y, name, "image", {"splits": splits, "split": split, "path": str(path),
                                         "positive": "pneumonia"})


def available(root: Path) -> list[tuple[str, str]]:
    """Staged image datasets under `root`."""
    found = []
    if (root / "mnist" / "t10k-images-idx3-ubyte.gz").exists():
        found.append(("mnist", str(root / "mnist")))
    found += [(n, str(root / f)) for n, f in _MEDMNIST.items() if (root / f).exists()]
    return found
