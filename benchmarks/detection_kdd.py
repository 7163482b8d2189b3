"""KDD99 / NSL-KDD part of the detection benchmark (benchmarks/detection.py): rows, encoding, detectors, runs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detection import (
    KDD_EGBAD,
    _one_run,
    _seed_torch,
    append_row,
    egbad_ablation,
    gan_factories,
    has_run,
    pyod_factories,
)


def kdd_rows(name: str, limit: int, seed: int, anomaly_is_normal: bool) -> tuple[pd.DataFrame, np.ndarray]:
    from smallgan.data import load_dataset

    data = load_dataset(name)
    y = (data.y == 0).astype(int) if anomaly_is_normal else data.y.astype(int)
    index = np.random.default_rng(seed).permutation(len(y))[:limit]
    return data.X.iloc[index].reset_index(drop=True), y[index]


def encode_kdd(train: pd.DataFrame, test: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """log1p of the heavy-tailed count and byte columns (every numeric column but the *_rate ones), one-hot
    the 3 categorical columns, min-max scale with training statistics (Zenati et al.: one-hot + min-max)."""
    both = pd.concat([train, test], keys=["train", "test"])
    counts = [c for c in both.columns if both[c].dtype.kind in "iuf" and not c.endswith("_rate")]
    both[counts] = np.log1p(both[counts].clip(lower=0).astype(float))
    both = pd.get_dummies(both, dtype=float)
    low, high = both.loc["train"].min(), both.loc["train"].max()
    scaled = (both - low) / (high - low).replace(0, 1.0)
    return scaled.loc["train"].to_numpy(), scaled.loc["test"].to_numpy()


def kdd_factories(n_train: int) -> dict:
    """The KDD tables' detectors: ours (EGBAD with `KDD_EGBAD`), the cheap PyOD baselines without OCSVM (too
    slow at this size) and the EGBAD ablation rows."""
    detectors = {**gan_factories(n_train, egbad=KDD_EGBAD), **pyod_factories(0, 0, cheap_only=True),
                 **egbad_ablation(n_train)}
    detectors.pop("OCSVM")
    return detectors


def run_kdd(seeds: list[int], rows: int) -> None:
    """KDD99 10% with EGBAD's protocol: 'normal.' traffic is the anomaly; train on half of the (subsampled)
    rows, keeping only their attack rows; test on the other half; anomaly = top 20% of scores.
    NSL-KDD: train on the normal rows of KDDTrain+_20Percent, test on KDDTest+ (anomaly = attack)."""
    for dataset in ("KDD99", "NSL-KDD"):
        for seed in seeds:
            if dataset == "KDD99":
                X, y = kdd_rows("kddcup99", 2 * rows, seed, anomaly_is_normal=True)
                half = len(y) // 2
                train_frame, test_frame, y_test = X.iloc[:half][y[:half] == 0], X.iloc[half:], y[half:]
            else:
                X, y = kdd_rows("nsl-kdd", rows, seed, anomaly_is_normal=False)
                train_frame = X[y == 0]
                test_frame, y_test = kdd_rows("nsl-kdd-test", rows, seed, anomaly_is_normal=False)
            X_train, X_test = encode_kdd(train_frame, test_frame)
            detectors = kdd_factories(len(X_train))
            _seed_torch()
            for method, factory in detectors.items():
                if not has_run("kdd", dataset, method, seed):
                    append_row("kdd", _one_run(dataset, method, seed, factory, X_train, X_test, y_test))
