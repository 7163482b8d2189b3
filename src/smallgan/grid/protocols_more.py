"""Image-arms and NAB time-series protocols for the grid runner (registered by `smallgan.grid.protocols`).

`image_arms`: one cell = (image dataset, arm of `smallgan.evaluate.image_protocol.ARMS`, seed); the Frid-Adar
k-fold arms protocol run for that one arm and seed, metrics averaged over the folds.
`image_imbalanced`: one cell = (image dataset with official splits, balancing arm, seed); see
`image_imbalanced_cell`.
`series_nab`: one cell = (NAB series, method of `smallgan.detect.series_pipeline.SERIES_METHODS`, seed); the
detector is fitted on the whole series (unsupervised) and its intervals are scored against the labelled NAB
windows with overlapping-segment precision, recall and F1 (`smallgan.evaluate.segments`).

Example:
    >>> image_arms_cell("digits", "classic", {}, seed=0, n_per_class=10, cnn_steps=50)["balanced_accuracy"]
    >>> series_nab_cell("nab/realAdExchange/exchange-2_cpc_results", "zscore", {}, seed=0)["f1"]

References:
    Frid-Adar et al., "GAN-based synthetic medical image augmentation", Neurocomputing 2018.
    Geiger et al., "TadGAN: Time Series Anomaly Detection Using GANs", IEEE Big Data 2020 (segment scores).
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import numpy as np

IMAGE_METRICS = ("balanced_accuracy", "mean_sensitivity", "mean_specificity", "accuracy", "gan_seconds",
                 "classifier_seconds", "n_synthetic", "n_train_final")
# Pool/test split of the image benchmark (benchmarks/image_augmentation.py `load()`): digits and mnist have no
# official split here, so a fixed permutation (seed 12345) gives the pool (digits: 1000 images, mnist: 80%).
_SPLIT_SEED = 12345


def image_pool_and_test(dataset: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(pool images, pool labels, test images, test labels) of `dataset`, split as in the image benchmark."""
    from ..data import load_dataset

    data = load_dataset(dataset)
    splits = data.meta.get("splits") if isinstance(data.meta, dict) else None
    if splits:
        return (*splits["train"], *splits["test"])
    if data.y is None:
        raise ValueError(f"dataset {dataset!r} has no labels; the image_arms protocol needs y")
    images, labels = np.asarray(data.X), np.asarray(data.y)
    order = np.random.default_rng(_SPLIT_SEED).permutation(len(images))
    cut = 1000 if dataset == "digits" else int(0.8 * len(images))
    pool, test = order[:cut], order[cut:]
    return images[pool], labels[pool], images[test], labels[test]


def image_arms_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *,
                    max_test: int | None = None, per_fold: bool = False, **settings: Any) -> dict[str, Any]:
    """One arm of the image augmentation protocol for one seed, averaged over its folds.

    Args:
        dataset: an image dataset (`digits`, `mnist`, `medmnist/pneumonia`...).
        method: the arm (`none`, `classic`, `dcgan`, `dcgan_diffaugment`, `acgan`, `sgan`).
        params: `ImageProtocolSettings` fields for this method (e.g. `gan_steps`), over the spec settings.
        seed: the protocol seed (draws the images and the folds; seeds the models).
        max_test: score on at most this many test images (a seeded subset; None: all).
        per_fold: also return every fold's metrics as `metric@fold<k>` (and its confusion matrix as text), for
            tests paired over (seed, fold) such as the image benchmark's.
        **settings: other `ImageProtocolSettings` fields (`n_per_class`, `n_folds`, `cnn_steps`, `classic`...).
    """
    from ..evaluate.image_protocol import ImageProtocolSettings, run_image_protocol

    pool_x, pool_y, test_x, test_y = image_pool_and_test(dataset)
    if max_test is not None and len(test_x) > max_test:
        keep = np.sort(np.random.default_rng(seed).choice(len(test_x), max_test, replace=False))
        test_x, test_y = test_x[keep], test_y[keep]
    merged = {**settings, **params}
    for key in ("classic", "gan", "cnn", "sgan"):  # partial dicts update the defaults instead of replacing them
        if isinstance(merged.get(key), dict):
            merged[key] = {**getattr(ImageProtocolSettings(), key), **merged[key]}
    options = ImageProtocolSettings(**{**merged, "seeds": (int(seed),)})
    rows = run_image_protocol(pool_x, pool_y, arms=(method,), settings=options, test=(test_x, test_y))
    metrics = {name: float(rows[name].mean()) for name in IMAGE_METRICS if name in rows}
    metrics["fit_seconds"] = metrics.get("gan_seconds", 0.0) + metrics.get("classifier_seconds", 0.0)
    metrics["score_seconds"] = float(rows["predict_seconds"].mean())
    if per_fold:
        for row in rows.to_dict("records"):
            metrics.update({f"{key}@fold{row['fold']}": (float(value) if isinstance(value, int | float) else value)
                            for key, value in row.items() if key not in ("seed", "fold", "arm")})
    return metrics


@lru_cache(maxsize=2)
def _pool_extractor(dataset: str, epochs: int) -> Any:
    """FID-style feature network trained (seed 0) on the whole pool of `dataset`; shared by the cells."""
    from ..evaluate.image_quality import train_feature_extractor

    x, y, _, _ = image_pool_and_test(dataset)
    return train_feature_extractor(x, y, epochs=epochs, random_state=0)


def image_diffaugment_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, n_per_class: int = 100,
                           gan_steps: int = 200, extractor_epochs: int = 4, **settings: Any) -> dict[str, Any]:
    """The DiffAugment check of the image benchmark for one seed: per-class DCGANs with and without
    DiffAugment on `n_per_class` pool images per class, scored against the test images (FID-style distance,
    precision, recall, memorisation); metrics keyed `metric@with` / `metric@without`."""
    from ..evaluate.image_protocol import ImageProtocolSettings, diffaugment_check

    if method != "dcgan":
        raise ValueError(f"the image_diffaugment protocol compares DCGANs ('dcgan'), got {method!r}")
    x, y, x_test, y_test = image_pool_and_test(dataset)
    rows = diffaugment_check(x, y, (x_test, y_test), _pool_extractor(dataset, extractor_epochs),
                             n_per_class=n_per_class, seeds=(seed,), gan_steps=gan_steps,
                             settings=ImageProtocolSettings(**{**settings, **params}))
    metrics: dict[str, Any] = {"fit_seconds": float(rows["gan_seconds"].sum())}
    for row in rows.to_dict("records"):
        suffix = "with" if row["diffaugment"] else "without"
        metrics.update({f"{key}@{suffix}": float(value) for key, value in row.items()
                        if key not in ("seed", "diffaugment") and isinstance(value, int | float)})
    return metrics


def series_scores(stamps: Any, values: Any, windows: list[tuple[Any, Any]], method: str, seed: int, *,
                  max_points: int | None = 1000, **params: Any) -> dict[str, float]:
    """Fit `method` on one series with `detect_series` and score its intervals against labelled `windows`.

    Returns overlapping-segment precision, recall, F1, the tp/fp/fn counts, the number of intervals, a point
    ROC AUC (score vs inside a window; NaN when all points are on one side) and fit/interval seconds.
    """
    from sklearn.metrics import roc_auc_score

    from ..detect.series_pipeline import detect_series
    from ..evaluate.segments import overlaps, segment_scores

    result = detect_series(stamps, values, method, max_points=max_points,
                           **{"device": "cpu", **params, "random_state": seed})
    detected = list(zip(result.intervals["start"], result.intervals["end"], strict=True))
    scores = segment_scores(windows, detected)
    inside = [any(overlaps((a, b), w) for w in windows) for a, b in zip(result.starts, result.ends, strict=True)]
    auc = roc_auc_score(inside, result.scores) if 0 < sum(inside) < len(inside) else float("nan")
    return {**{k: float(v) for k, v in scores.items()}, "n_intervals": float(len(detected)), "point_auc": float(auc),
            "n_points": float(len(result.values)), "fit_seconds": result.timings["fit"],
            "score_seconds": result.timings["intervals"]}


def series_nab_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, max_points: int | None = 1000,
                    **settings: Any) -> dict[str, float]:
    """The NAB time-series protocol for one cell: `series_scores` on `dataset` and its labelled windows.

    `settings` (spec-wide) and `params` (per method) are detector and interval options (`window_size`,
    `epochs`, `train_step`, `n_critic`, `batch_size`, `k`, `padding`...); options a detector lacks are ignored.
    """
    from ..data import load_dataset

    data = load_dataset(dataset)
    windows = data.meta.get("windows") if isinstance(data.meta, dict) else None
    if windows is None:
        raise ValueError(f"dataset {dataset!r} has no labelled windows (meta['windows']); use a nab/... series")
    return series_scores(data.X["timestamp"], data.X["value"].to_numpy(), windows, method, seed,
                         max_points=max_points, **{**settings, **params})


IMBALANCED_ARMS = ("none", "class_weight", "random", "gan", "gan_diffaugment")
_IMBALANCED_CNN = {"widths": (16, 32, 64), "hidden": 64, "dropout": 0.5, "batch_size": 32, "lr": 1e-3}
_IMBALANCED_GAN = {"loss": "dcgan", "latent_dim": 64, "base_width": 16, "lr": 5e-4, "batch_size": 64}


def image_imbalanced_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, cnn_steps: int = 600,
                          gan_steps: int = 300, cnn: dict[str, Any] | None = None,
                          gan: dict[str, Any] | None = None) -> dict[str, Any]:
    """One arm of the natural-imbalance benchmark (the former benchmarks/image_imbalanced.py) for one seed: the
    official training split as staged, balanced by the arm (`none`, `class_weight`, `random`, `gan`,
    `gan_diffaugment`), the same small CNN for `cnn_steps` gradient steps, scored on the official test split."""
    from imblearn.over_sampling import RandomOverSampler

    from ..augment import CNNClassifier, ImageGANOverSampler
    from ..augment._image_data import epochs_for
    from ..data import load_dataset
    from ..evaluate.image_protocol import class_metrics

    if method not in IMBALANCED_ARMS:
        raise ValueError(f"unknown arm {method!r}; choose one of {IMBALANCED_ARMS}")
    cnn, gan = {**_IMBALANCED_CNN, **(cnn or {})}, {**_IMBALANCED_GAN, **(gan or {}), **params}
    (x, y), (x_test, y_test) = (load_dataset(dataset).meta["splits"][part] for part in ("train", "test"))
    images, labels, gan_seconds = x, y, 0.0
    if method == "random":
        index, labels = RandomOverSampler(random_state=seed).fit_resample(np.arange(len(y)).reshape(-1, 1), y)
        images = x[index.ravel()]
    elif method.startswith("gan"):
        epochs = epochs_for(gan_steps, int(np.bincount(y).min()), gan["batch_size"])
        sampler = ImageGANOverSampler(epochs=epochs, random_state=seed, **gan, diffaugment=(
            ("color", "translation", "cutout") if method == "gan_diffaugment" else None))
        start = time.perf_counter()
        images, labels = sampler.fit_resample(x, y)
        gan_seconds = time.perf_counter() - start
    start = time.perf_counter()
    model = CNNClassifier(**{**cnn, "widths": tuple(cnn["widths"])}, random_state=seed,
                          epochs=epochs_for(cnn_steps, len(labels), cnn["batch_size"]),
                          class_weight="balanced" if method == "class_weight" else None).fit(images, labels)
    cnn_seconds = time.perf_counter() - start
    metrics = class_metrics(y_test, model.predict(x_test), np.array([0, 1]))
    return {"n_train": float(len(labels)), "n_normal": float((labels == 0).sum()), "gan_seconds": gan_seconds,
            "cnn_seconds": cnn_seconds, "fit_seconds": gan_seconds + cnn_seconds,
            **{k: (float(v) if isinstance(v, int | float | np.floating) else str(v)) for k, v in metrics.items()}}
