"""Shared input checks for the image estimators: images + labels -> float32 tensors and class codes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_images_range, check_y
from ..exceptions import DataValidationError

UNLABELED = -1


def check_image_labels(images: Any, labels: Any, *, min_per_class: int = 2, what: str = "images",
                       allow_unlabeled: bool = False,
                       min_classes: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate images and labels together.

    Returns:
        (images float32 (n, c, h, w) in [-1, 1], classes (sorted labels), codes: index into classes per
        image, -1 for unlabelled images when `allow_unlabeled`).
    """
    array, classes, codes, _ = check_image_labels_range(images, labels, min_per_class=min_per_class, what=what,
                                                        allow_unlabeled=allow_unlabeled, min_classes=min_classes)
    return array, classes, codes


def check_image_labels_range(images: Any, labels: Any, *, min_per_class: int = 2, what: str = "images",
                             allow_unlabeled: bool = False,
                             min_classes: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """`check_image_labels` plus the pixel range of the images ("0..255", "0..1" or "-1..1"), which a
    classifier keeps as `pixel_range_` to read later images the same way."""
    array, found = check_images_range(images, what=what, min_rows=2)
    if array.shape[2] != array.shape[3]:
        raise DataValidationError(f"{what} must be square, got height {array.shape[2]} and width {array.shape[3]}")
    raw = np.asarray(labels)
    if raw.ndim == 2 and raw.shape[1] == 1:
        raw = raw.ravel()
    if raw.ndim != 1 or len(raw) != len(array):
        raise DataValidationError(f"{what}: {len(array)} images but labels have shape {raw.shape}; "
                                  "give one label per image")
    labelled = raw != UNLABELED if allow_unlabeled and raw.dtype.kind in "iuf" else np.ones(len(raw), bool)
    check_y(raw[labelled], int(labelled.sum()), min_per_class=min_per_class, min_classes=min_classes)
    classes = np.unique(raw[labelled])
    codes = np.full(len(raw), UNLABELED, dtype=np.int64)
    codes[labelled] = np.searchsorted(classes, raw[labelled])
    return array, classes, codes, found


def check_image_shape(array: np.ndarray, expected: tuple[int, ...], what: str = "images") -> None:
    """Raise when images at predict time differ in shape from those seen at fit."""
    if tuple(array.shape[1:]) != tuple(expected):
        raise DataValidationError(f"{what} have shape (c, h, w) = {tuple(array.shape[1:])}, but the model was "
                                  f"fitted on {tuple(expected)}")


def epochs_for(steps: int, n_rows: int, batch_size: int) -> int:
    """Epochs giving at least `steps` batches of `batch_size` over `n_rows` rows (the Trainer drops
    incomplete batches and uses one batch of all rows when there are fewer rows than a batch)."""
    import math

    per_epoch = max(n_rows // batch_size, 1)
    return max(1, math.ceil(steps / per_epoch))


def label_codes(classes: np.ndarray, label: Any, n: int) -> np.ndarray:
    """Class indices for `n` samples of `label` (one label or n labels); ValueError for unknown labels."""
    labels = np.full(n, label) if np.ndim(label) == 0 else np.asarray(label)
    if len(labels) != n:
        raise ValueError(f"label has {len(labels)} entries for n={n} images")
    unknown = sorted(set(labels.tolist()) - set(np.asarray(classes).tolist()))
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; fitted classes are {np.asarray(classes).tolist()}")
    return np.searchsorted(classes, labels).astype(np.int64)


_NPZ_KEYS = (("images", "labels"), ("X", "y"), ("train_images", "train_labels"), ("x", "y"))


def load_image_data(source: str) -> tuple[np.ndarray, np.ndarray | None, tuple[np.ndarray, np.ndarray] | None]:
    """Images, labels (or None) and a test split (or None) from a dataset name or an .npz file.

    An .npz needs `images` (+ optional `labels`), `X`/`y` or MedMNIST's `train_images`/`train_labels`
    (then `test_images`/`test_labels` are the test split). A dataset name goes to `load_dataset`.
    """
    import zipfile
    import zlib
    from pathlib import Path

    if not str(source).endswith(".npz"):
        from ..data import load_dataset

        data = load_dataset(source)
        splits = data.meta.get("splits", {}) if isinstance(data.meta, dict) else {}
        return data.X, data.y, splits.get("test")
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    try:
        with np.load(path, allow_pickle=False) as archive:
            keys = set(archive.files)
            for image_key, label_key in _NPZ_KEYS:
                if image_key in keys:
                    images = archive[image_key]
                    labels = archive[label_key].ravel() if label_key in keys else None
                    test = None
                    if image_key == "train_images" and {"test_images", "test_labels"} <= keys:
                        test = (archive["test_images"], archive["test_labels"].ravel())
                    return images, labels, test
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise DataValidationError(f"{path} is not a readable .npz file: {exc}") from None
    raise DataValidationError(f"{path} has arrays {sorted(keys)}; expected 'images' (and 'labels'), 'X'/'y' or "
                              "'train_images'/'train_labels'")


def to_uint8(images: np.ndarray) -> np.ndarray:
    """float images in [-1, 1] (n, c, h, w) -> uint8 (n, h, w) for one channel, (n, h, w, c) for three."""
    array = np.clip(np.round((np.asarray(images, np.float32) + 1.0) * 127.5), 0, 255).astype(np.uint8)
    return array[:, 0] if array.shape[1] == 1 else np.moveaxis(array, 1, -1)


def save_npz(path: Any, **arrays: np.ndarray) -> None:
    """Write arrays to an .npz atomically (temporary file in the same folder, then rename)."""
    from ..io_utils import atomic_target

    with atomic_target(path, suffix=".npz") as temporary:
        np.savez_compressed(temporary, **arrays)
