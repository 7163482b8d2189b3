"""`detect_dataset`: load data, fit (or load) a GAN detector, score, write scores/plots/model. Used by the CLI.

Example:
    >>> summary = detect_dataset("adbench/29_Pima", method="fanogan", out="scores.csv", epochs=50)
    >>> summary["youden"]["f1"]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError

METHODS = {"anogan": "AnoGAN", "fanogan": "FAnoGAN", "egbad": "EGBAD", "ganomaly": "GANomaly"}


def read_data(source: str, target: str | None = None) -> tuple[Any, np.ndarray | None, str]:
    """(X, y or None, kind) from a dataset name (`smallgan datasets`), a CSV file (label column `target`)
    or a .npy / .npz file (arrays `X` and optional `y`)."""
    from ..data import load_dataset

    path = Path(source)
    if path.suffix == ".npy" and path.is_file():
        X = np.load(path, allow_pickle=False)
        return X, None, "tabular" if X.ndim == 2 else "image"
    if path.suffix == ".npz" and path.is_file():
        with np.load(path, allow_pickle=False) as archive:
            X, y = archive["X"], archive.get("y")
        return X, y, "tabular" if X.ndim == 2 else "image"
    data = load_dataset(f"csv:{source}", target=target) if path.suffix == ".csv" else load_dataset(source)
    X = data.X
    if hasattr(X, "dtypes"):
        X = pd.get_dummies(X, dtype=float)  # categorical columns one-hot
    y = None if data.y is None else np.asarray(data.y)
    if y is not None and len(np.unique(y)) > 2:
        y = None  # multi-class labels (digits) are not anomaly labels
    return X, y, data.kind


def detect_dataset(source: str, *, method: str = "fanogan", out: str | os.PathLike = "scores.csv",
                   plot: bool = False, save: str | None = None, load: str | None = None, target: str | None = None,
                   max_rows: int | None = None, random_state: int = 0, **params: Any) -> dict[str, Any]:
    """Score every row of `source` with a detector fitted on it (or loaded from `load`).

    Writes `out` (CSV: score, predicted label at the fitted threshold, true label when known) and with
    `plot` a ROC curve (when labels are known), a score histogram and, for images, an anomaly-map grid.
    Returns a summary: counts, threshold, and ROC AUC / AP / Youden statistics when labels are known.
    """
    from .. import io
    from ..evaluate.detection import detection_metrics
    from ..registry import get_class

    X, y, kind = read_data(source, target)
    if max_rows is not None and len(X) > max_rows:
        keep = np.sort(np.random.default_rng(random_state).choice(len(X), max_rows, replace=False))
        X = X.iloc[keep] if hasattr(X, "iloc") else X[keep]
        y = None if y is None else y[keep]
    if load is not None:
        detector = load_detector(load)
    else:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose one of {sorted(METHODS)}")
        detector = get_class(METHODS[method])(random_state=random_state, **params).fit(X)
    scores = detector.decision_function(X)
    labels = (scores > detector.threshold_).astype(int)
    frame = pd.DataFrame({"score": scores, "predicted": labels})
    if y is not None:
        frame["label"] = y
    _write_csv(frame, Path(out))
    summary: dict[str, Any] = {"rows": len(scores), "flagged": int(labels.sum()), "threshold": detector.threshold_,
                               "method": type(detector).__name__, "out": str(out)}
    if y is not None and len(np.unique(y)) == 2:
        stats = detection_metrics(y, scores)
        summary.update(roc_auc=stats["roc_auc"], average_precision=stats["average_precision"],
                       youden={k.removeprefix("youden_"): v for k, v in stats.items() if k.startswith("youden_")})
    if plot:
        summary["plots"] = _plots(detector, X, y, scores, Path(out), kind)
    if save is not None:
        summary["saved"] = str(io.save(detector, save))
    return summary


def _write_csv(frame: pd.DataFrame, target: Path) -> None:
    from ..io_utils import atomic_write_csv

    atomic_write_csv(frame, target)


def _plots(detector: Any, X: Any, y: np.ndarray | None, scores: np.ndarray, out: Path, kind: str) -> list[str]:
    from ..report.detection_plots import anomaly_grid, roc_figure, save_figure, score_histogram

    stem = out.with_suffix("")
    written = [save_figure(score_histogram(scores, y, detector.threshold_), f"{stem}_histogram.png")]
    if y is not None and len(np.unique(y)) == 2:
        written.append(save_figure(roc_figure(y, {type(detector).__name__: scores}), f"{stem}_roc.png"))
    if kind == "image":
        top = np.argsort(scores)[::-1][:8]
        images = np.asarray(X)[top]
        inputs = detector._check_input(images)
        grid = anomaly_grid(inputs, detector.reconstruct(images), detector.anomaly_map(images),
                            title="highest scores")
        written.append(save_figure(grid, f"{stem}_maps.png"))
    return [str(path) for path in written]


def load_detector(folder: Any) -> Any:
    """The anomaly detector saved in `folder`; DataValidationError when it holds another model, a time-series
    detector included."""
    from .. import io
    from .base import BaseGANDetector
    from .series_base import IntervalDetection

    detector = io.load(folder, BaseGANDetector, "an anomaly detector (anogan, fanogan, egbad or ganomaly)")
    if isinstance(detector, IntervalDetection):
        raise DataValidationError(f"{folder} holds a {type(detector).__name__}, a time-series detector: score a "
                                  f"series with `smallgan detect-series FILE.csv --load {folder}`")
    return detector
