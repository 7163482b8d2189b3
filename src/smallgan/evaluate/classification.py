"""Classification and detection metrics: minority/anomaly class = positive (label 1)."""

from __future__ import annotations

import numpy as np
from sklearn import metrics


def binary_metrics(y_true: np.ndarray, y_pred: np.ndarray, y_score: np.ndarray | None = None) -> dict[str, float]:
    """Accuracy, precision, recall (= sensitivity), specificity, F1, balanced accuracy and, with scores, ROC AUC."""
    y_true, y_pred = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    out = {
        "accuracy": float((tp + tn) / max(tp + tn + fp + fn, 1)),
        "precision": float(tp / (tp + fp)) if tp + fp else 0.0,
        "recall": float(tp / (tp + fn)) if tp + fn else 0.0,
        "specificity": float(tn / (tn + fp)) if tn + fp else 0.0,
    }
    out["sensitivity"] = out["recall"]
    pr = out["precision"] + out["recall"]
    out["f1"] = float(2 * out["precision"] * out["recall"] / pr) if pr else 0.0
    out["balanced_accuracy"] = 0.5 * (out["recall"] + out["specificity"])
    if y_score is not None and len(np.unique(y_true)) == 2:
        out["roc_auc"] = float(metrics.roc_auc_score(y_true, y_score))
    return out


def youden_stats(y_true: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Statistics at the ROC threshold maximising sensitivity + specificity - 1 (as f-AnoGAN reports)."""
    fpr, tpr, thresholds = metrics.roc_curve(y_true, scores)
    best = int(np.argmax(tpr - fpr))
    threshold = float(thresholds[best])
    stats = binary_metrics(y_true, scores >= threshold, scores)
    stats.update(threshold=threshold, youden_j=float(tpr[best] - fpr[best]),
                 average_precision=float(metrics.average_precision_score(y_true, scores)))
    return stats


def top_fraction_stats(y_true: np.ndarray, scores: np.ndarray, fraction: float = 0.2) -> dict[str, float]:
    """Precision/recall/F1 when the top `fraction` of scores are called anomalies (EGBAD's KDD99 protocol)."""
    threshold = float(np.quantile(scores, 1.0 - fraction))
    stats = binary_metrics(y_true, scores >= threshold, scores)
    stats["threshold"] = threshold
    return stats
