"""Shared input checks for the image estimators: images + labels -> float32 tensors and class codes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_images, check_y
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
    array = check_images(images, what=what, min_rows=2)
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
    return array, classes, codes


def check_image_shape(array: np.ndarray, expected: tuple[int, ...], what: str = "images") -> None:
    """Raise when images at predict time differ in shape from those seen at fit."""
    if tuple(array.shape[1:]) != tuple(expected):
        raise DataValidationError(f"{what} have shape (c, h, w) = {tuple(array.shape[1:])}, but the model was "
                                  f"fitted on {tuple(expected)}")


def label_codes(classes: np.ndarray, label: Any, n: int) -> np.ndarray:
    """Class indices for `n` samples of `label` (one label or n labels); ValueError for unknown labels."""
    labels = np.full(n, label) if np.ndim(label) == 0 else np.asarray(label)
    if len(labels) != n:
        raise ValueError(f"label has {len(labels)} entries for n={n} images")
    unknown = sorted(set(labels.tolist()) - set(np.asarray(classes).tolist()))
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; fitted classes are {np.asarray(classes).tolist()}")
    return np.searchsorted(classes, labels).astype(np.int64)
