"""Figures for image augmentation: sample grids per class and confusion matrices (matplotlib Figures).

`save_figure` writes PNGs atomically (temporary file, then rename).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import check_images
from .plots import save_figure  # noqa: F401  (re-exported: one atomic PNG writer)


def sample_grid(images_by_label: dict[Any, Any], *, per_row: int = 8, title: str | None = None):
    """One row block per label: up to `per_row` images of each; images as `check_images` accepts."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    labels = list(images_by_label)
    figure, axes = plt.subplots(len(labels), per_row, figsize=(per_row * 0.9, len(labels) * 0.95 + 0.4),
                                squeeze=False)
    for row, label in enumerate(labels):
        array = check_images(images_by_label[label], what=f"images of {label!r}")
        for column in range(per_row):
            axis = axes[row, column]
            axis.axis("off")
            if column < len(array):
                axis.imshow(_displayable(array[column]), cmap="gray", vmin=0.0, vmax=1.0)
        axes[row, 0].set_title(str(label), fontsize=8, loc="left")
    if title:
        figure.suptitle(title, fontsize=9)
    figure.tight_layout()
    return figure


def _displayable(image: np.ndarray) -> np.ndarray:
    scaled = (np.clip(image, -1.0, 1.0) + 1.0) / 2.0
    return scaled[0] if scaled.shape[0] == 1 else np.moveaxis(scaled, 0, -1)


def confusion_figure(matrix: Any, labels: Sequence[Any], *, title: str | None = None, normalise: bool = True):
    """Heat map of a confusion matrix (rows: true class, columns: predicted), counts written in cells."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    counts = np.asarray(matrix, dtype=float)
    shown = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalise else counts
    size = 1.0 + 0.45 * len(labels)
    figure, axis = plt.subplots(figsize=(size + 0.8, size))
    image = axis.imshow(shown, cmap="Blues", vmin=0.0, vmax=1.0 if normalise else None)
    axis.set_xticks(range(len(labels)), [str(x) for x in labels], fontsize=7)
    axis.set_yticks(range(len(labels)), [str(x) for x in labels], fontsize=7)
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    for (i, j), value in np.ndenumerate(counts):
        axis.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=7,
                  color="white" if shown[i, j] > 0.5 else "black")
    figure.colorbar(image, ax=axis, fraction=0.046)
    if title:
        axis.set_title(title, fontsize=9)
    figure.tight_layout()
    return figure
