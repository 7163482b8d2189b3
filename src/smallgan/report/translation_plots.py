"""Input / translation / target grids for the image translators (Pix2Pix, CycleGAN)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_images


def _display(images: Any, what: str, count: int) -> np.ndarray:
    """First `count` images as (n, h, w) or (n, h, w, 3) floats in [0, 1] for imshow."""
    array = (check_images(images, what=what)[:count] + 1.0) / 2.0
    return array[:, 0] if array.shape[1] == 1 else np.moveaxis(array, 1, -1)


def translation_grid(inputs: Any, translations: Any, targets: Any = None, *, n: int = 8, title: str = "") -> Any:
    """A matplotlib Figure with one column per image and rows input / translation(s) / target.

    Images may be uint8, floats in [0, 1] or [-1, 1], laid out (n, h, w), (n, h, w, c) or (n, c, h, w).
    `translations` is one image array or a mapping {row label: images} to compare several models.

    Example:
        >>> fig = translation_grid(edges, model.transform(edges), images, n=8)
        >>> save_grid(fig, "grid.png")
    """
    import matplotlib.pyplot as plt

    named = dict(translations) if isinstance(translations, Mapping) else {"translation": translations}
    stacks = {"input": inputs, **named, **({} if targets is None else {"target": targets})}
    count = min(n, *(len(s) for s in stacks.values()))
    labels = list(stacks)
    rows = [_display(stack, label, count) for label, stack in stacks.items()]
    fig, axes = plt.subplots(len(rows), count, figsize=(1.2 * count + 0.8, 1.3 * len(rows) + 0.4), squeeze=False)
    for r, stack in enumerate(rows):
        for c in range(count):
            ax = axes[r][c]
            ax.imshow(stack[c], cmap="gray" if stack.ndim == 3 else None, vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(labels[r], fontsize="small")
    if title:
        fig.suptitle(title, fontsize="medium")
    fig.tight_layout()
    return fig


def save_grid(fig: Any, path: str | os.PathLike) -> Path:
    """Write the grid as PNG atomically (temporary file, then rename) and close it."""
    from .plots import save_figure

    return save_figure(fig, path)
