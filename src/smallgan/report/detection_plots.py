"""Detection figures: ROC curves, score histograms, and an image grid of inputs, reconstructions and
anomaly maps. Each function returns a matplotlib Figure; `save_figure` writes it atomically.

Example:
    >>> fig = roc_figure(y_test, {"FAnoGAN": scores})
    >>> save_figure(fig, "roc.png")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .plots import save_figure  # noqa: F401  (re-exported: one atomic PNG writer)


def _figure(width: float = 5.0, height: float = 4.0):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def roc_figure(y_true: Any, scores: Mapping[str, Any], title: str = "ROC") -> Any:
    """ROC curves of one or more score vectors against the same labels (1 = anomaly), AUC in the legend."""
    from sklearn import metrics

    fig = _figure()
    ax = fig.add_subplot()
    labels = np.asarray(y_true).astype(int)
    for name, values in scores.items():
        fpr, tpr, _ = metrics.roc_curve(labels, values)
        ax.plot(fpr, tpr, label=f"{name} (AUC {metrics.auc(fpr, tpr):.3f})")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    ax.set(xlabel="false positive rate (1 - specificity)", ylabel="true positive rate (sensitivity)", title=title)
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


def score_histogram(scores: Any, y_true: Any = None, threshold: float | None = None,
                    title: str = "anomaly scores") -> Any:
    """Histogram of scores, split into normal / anomalous when labels are given, with the threshold line."""
    fig = _figure()
    ax = fig.add_subplot()
    values = np.asarray(scores, dtype=float)
    bins = np.histogram_bin_edges(values, bins=40)
    if y_true is None:
        ax.hist(values, bins=bins, color="tab:blue", alpha=0.8, label="all")
    else:
        labels = np.asarray(y_true).astype(int)
        ax.hist(values[labels == 0], bins=bins, alpha=0.6, label="normal", density=True)
        ax.hist(values[labels == 1], bins=bins, alpha=0.6, label="anomalous", density=True)
    if threshold is not None:
        ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.3g}")
    ax.set(xlabel="score (higher = more anomalous)", ylabel="density" if y_true is not None else "count",
           title=title)
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def anomaly_grid(images: Any, reconstructions: Any, maps: Any, n: int = 8, title: str = "") -> Any:
    """Three rows: inputs, reconstructions and anomaly maps of the first `n` images.

    `images`/`reconstructions`: (n, c, h, w) or (n, h, w) in [-1, 1]; `maps`: (n, h, w).
    """
    inputs, recon, heat = (_as_display(np.asarray(a, dtype=float)) for a in (images, reconstructions, maps))
    count = min(n, len(inputs))
    fig = _figure(1.3 * count + 0.8, 4.2)
    for column in range(count):
        for row, (stack, cmap) in enumerate(((inputs, "gray"), (recon, "gray"), (heat, "inferno"))):
            ax = fig.add_subplot(3, count, row * count + column + 1)
            picture = stack[column]
            if row < 2:
                ax.imshow(np.clip((picture + 1.0) / 2.0, 0, 1), cmap=cmap if picture.ndim == 2 else None)
            else:
                ax.imshow(picture, cmap=cmap, vmin=0.0, vmax=max(float(heat.max()), 1e-8))
            ax.set_xticks([])
            ax.set_yticks([])
            if column == 0:
                ax.set_ylabel(("input", "reconstruction", "|x - x_hat|")[row], fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _as_display(array: np.ndarray) -> np.ndarray:
    if array.ndim == 4:
        return array[:, 0] if array.shape[1] == 1 else np.moveaxis(array, 1, -1)
    return array
