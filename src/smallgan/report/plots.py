"""Figures for tabular synthetic data (functions return matplotlib Figures; saving is the caller's)."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def attribute_histograms(real: Any, synthetic: Any, *, max_columns: int = 30, bins: int = 20,
                         labels: tuple[str, str] = ("real", "synthetic")) -> Any:
    """The lecture's Figure 4: one histogram per attribute, real vs synthetic overlaid."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    real_frame = real if isinstance(real, pd.DataFrame) else pd.DataFrame(np.asarray(real))
    synth_frame = synthetic if isinstance(synthetic, pd.DataFrame) else pd.DataFrame(np.asarray(synthetic),
                                                                                    columns=real_frame.columns)
    columns = list(real_frame.columns)[:max_columns]
    n_cols = min(5, len(columns))
    n_rows = math.ceil(len(columns) / n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.2 * n_cols, 2.4 * n_rows), squeeze=False)
    for ax, column in zip(axes.ravel(), columns, strict=False):
        a, b = real_frame[column], synth_frame[column]
        if a.dtype.kind in "iuf":
            edges = np.histogram_bin_edges(np.r_[a.to_numpy(float), b.to_numpy(float)], bins=bins)
            ax.hist(a, bins=edges, alpha=0.55, density=True, label=labels[0], color="tab:blue")
            ax.hist(b, bins=edges, alpha=0.55, density=True, label=labels[1], color="tab:orange")
        else:
            freq = pd.DataFrame({labels[0]: a.astype(str).value_counts(normalize=True),
                                 labels[1]: b.astype(str).value_counts(normalize=True)}).fillna(0).head(12)
            freq.plot.bar(ax=ax, color=["tab:blue", "tab:orange"], legend=False, alpha=0.8)
        ax.set_title(str(column)[:28], fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in axes.ravel()[len(columns):]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


def loss_curves(history: dict[str, list[float]]) -> Any:
    """Training losses per epoch and the convergence monitor (MMD) where recorded."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
    epochs = history["epoch"]
    for key in ("d_loss", "g_loss"):
        if key in history:
            left.plot(epochs, history[key], label=key)
    left.set_xlabel("epoch")
    left.legend()
    if "monitor" in history:
        points = [(e, m) for e, m in zip(epochs, history["monitor"], strict=False) if not math.isnan(m)]
        if points:
            right.plot(*zip(*points, strict=False), marker="o")
    right.set_title("MMD(generated, real)")
    right.set_xlabel("epoch")
    fig.tight_layout()
    return fig


def save_figure(fig: Any, path: str | os.PathLike, dpi: int = 110) -> Path:
    """Save atomically (temporary file, then rename) and close the figure."""
    import matplotlib.pyplot as plt

    from ..io_utils import atomic_target

    try:
        with atomic_target(path) as temporary:
            fig.savefig(temporary, dpi=dpi, format=Path(path).suffix.lstrip(".") or "png")
    finally:
        plt.close(fig)
    return Path(path)
