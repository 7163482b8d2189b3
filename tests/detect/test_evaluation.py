"""One-class protocol, detection metrics, tables and plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smallgan.evaluate.detection import (
    detection_metrics,
    evaluate_detectors,
    markdown,
    one_class_split,
    summary_table,
)
from smallgan.exceptions import DataValidationError


def test_one_class_split_trains_on_normals_only():
    y = np.r_[np.zeros(100), np.ones(10)].astype(int)
    train, test = one_class_split(y, 0.7, random_state=0)
    assert len(train) == 70 and (y[train] == 0).all()
    assert set(train).isdisjoint(test) and len(test) == 40 and y[test].sum() == 10
    again, _ = one_class_split(y, 0.7, random_state=0)
    np.testing.assert_array_equal(train, again)
    assert len(one_class_split(y, 0.7, random_state=0, max_train=20)[0]) == 20


def test_one_class_split_needs_both_labels():
    with pytest.raises(DataValidationError, match="0 anomalous"):
        one_class_split(np.zeros(10), 0.7)


def test_detection_metrics_youden_and_top_fraction():
    y = np.r_[np.zeros(80), np.ones(20)]
    scores = np.r_[np.linspace(0, 1, 80), np.linspace(0.9, 2, 20)]
    out = detection_metrics(y, scores, top_fraction=0.2)
    assert 0.95 < out["roc_auc"] < 1.0 and 0.9 < out["average_precision"] <= 1.0
    assert out["youden_sensitivity"] >= 0.9 and out["youden_specificity"] >= 0.9
    assert out["top_precision"] == pytest.approx(out["top_recall"])  # 20 flagged, 20 anomalies
    with pytest.raises(DataValidationError, match="NaN"):
        detection_metrics(y, np.r_[scores[:-1], np.nan])


def test_evaluate_detectors_and_tables():
    from pyod.models.knn import KNN

    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (120, 3)), rng.normal(5, 1, (12, 3))])
    y = np.r_[np.zeros(120), np.ones(12)]

    class Broken:
        def fit(self, X):
            raise RuntimeError("boom")

    rows = evaluate_detectors(X, y, {"KNN": lambda seed: KNN(), "Broken": lambda seed: Broken()}, seeds=[0, 1],
                              dataset="blobs")
    frame = pd.DataFrame(rows)
    knn = frame[frame.method == "KNN"]
    assert len(knn) == 2 and (knn.roc_auc > 0.95).all() and (knn.fit_s_per_1k > 0).all()
    assert frame[frame.method == "Broken"].error.str.contains("boom").all()
    table = summary_table(frame, "roc_auc")
    assert list(table.columns) == ["KNN"] and "**mean**" in table.index
    assert markdown(table).startswith("| ") and "(0." in markdown(table)


def test_plots_are_written(tmp_path):
    from smallgan.report.detection_plots import anomaly_grid, roc_figure, save_figure, score_histogram

    y = np.r_[np.zeros(30), np.ones(10)]
    scores = np.r_[np.zeros(30), np.ones(10)] + np.random.default_rng(0).normal(0, 0.3, 40)
    images = np.random.default_rng(1).uniform(-1, 1, (4, 1, 8, 8))
    for name, fig in {"roc": roc_figure(y, {"a": scores}), "hist": score_histogram(scores, y, 0.5),
                      "grid": anomaly_grid(images, images * 0.5, np.abs(images[:, 0]))}.items():
        path = save_figure(fig, tmp_path / f"{name}.png")
        assert path.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.png", "hist.png", "roc.png"]
