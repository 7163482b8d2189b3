"""The Frid-Adar k-fold arms protocol for scarce image sets, and the DiffAugment FID-style check.

Per seed, `n_per_class x k / (k - 1)` images per class are drawn from the pool and split into k
stratified folds, so that every training part holds `n_per_class` images per class. Each arm builds a
training set from that part, the same small CNN is trained on it with the same number of gradient
steps, and it is scored on the test set (the held-out fold when no test set is given). Arms:
`none`, `classic`, `dcgan` (classic + one DCGAN per class trained on the classically augmented
images), `dcgan_diffaugment` (the same with DiffAugment), `acgan` (classic + ACGAN) and `sgan`
(the semi-supervised GAN classifier alone, which may also see unlabelled pool images).

References:
    Frid-Adar et al. 2018 (protocol); Zhao et al. 2020 (DiffAugment); Rashid et al. 2019 (SGAN).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_images
from ..augment._image_data import epochs_for

ARMS = ("none", "classic", "dcgan", "dcgan_diffaugment", "acgan", "sgan")
_GAN_ARMS = {"dcgan": ("per_class", False), "dcgan_diffaugment": ("per_class", True), "acgan": ("acgan", False)}


@dataclass
class ImageProtocolSettings:
    """Everything an arm needs; training lengths are counted in gradient steps so that arms with
    larger (augmented) training sets get the same training budget."""

    n_per_class: int = 50
    n_folds: int = 3
    seeds: Sequence[int] = (0, 1, 2)
    classic: dict[str, Any] = field(default_factory=lambda: {"angles": (-10, 0, 10), "n_flips": 1,
                                                             "n_translations": 1, "n_scales": 1})
    gan: dict[str, Any] = field(default_factory=lambda: {"loss": "dcgan", "latent_dim": 64, "base_width": 16,
                                                         "lr": 5e-4, "batch_size": 64})
    gan_steps: int = 300
    synthetic_ratio: float = 1.0
    diffaugment: tuple[str, ...] = ("color", "translation", "cutout")
    cnn: dict[str, Any] = field(default_factory=lambda: {"widths": (16, 32, 64), "hidden": 64, "dropout": 0.5,
                                                         "batch_size": 32, "lr": 1e-3})
    cnn_steps: int = 600
    sgan: dict[str, Any] = field(default_factory=lambda: {"latent_dim": 64, "base_width": 16, "lr": 5e-4,
                                                          "batch_size": 64})
    sgan_steps: int = 600
    sgan_unlabelled: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def class_metrics(y_true: np.ndarray, y_pred: np.ndarray, classes: np.ndarray) -> dict[str, Any]:
    """Per-class sensitivity and specificity, their means, balanced accuracy and the confusion matrix."""
    from sklearn.metrics import confusion_matrix

    matrix = confusion_matrix(y_true, y_pred, labels=classes)
    total = matrix.sum()
    out: dict[str, Any] = {"accuracy": float(np.trace(matrix) / max(total, 1))}
    sens, spec = [], []
    for i, label in enumerate(classes):
        tp = matrix[i, i]
        fn, fp = matrix[i].sum() - tp, matrix[:, i].sum() - tp
        tn = total - tp - fn - fp
        sens.append(tp / max(tp + fn, 1))
        spec.append(tn / max(tn + fp, 1))
        out[f"sensitivity_{label}"], out[f"specificity_{label}"] = float(sens[-1]), float(spec[-1])
    out["balanced_accuracy"] = float(np.mean(sens))
    out["mean_sensitivity"], out["mean_specificity"] = float(np.mean(sens)), float(np.mean(spec))
    out["confusion"] = json.dumps(matrix.tolist())
    return out


def draw_per_class(labels: np.ndarray, wanted: int, seed: int) -> np.ndarray:
    """Sorted indices of `wanted` images per class, drawn without replacement."""
    rng = np.random.default_rng(seed)
    picks = []
    for label in np.unique(labels):
        pool = np.flatnonzero(labels == label)
        if len(pool) < wanted:
            raise ValueError(f"class {label.item()!r} has {len(pool)} images; {wanted} are needed")
        picks.append(rng.choice(pool, wanted, replace=False))
    return np.sort(np.concatenate(picks))


def run_image_protocol(images: Any, labels: Any, *, arms: Sequence[str] = ARMS,
                       settings: ImageProtocolSettings | None = None, test: tuple[Any, Any] | None = None,
                       on_generator: Callable[[str, Any, dict[str, Any]], None] | None = None,
                       progress: Callable[[dict[str, Any]], None] | None = None) -> pd.DataFrame:
    """Run every arm over seeds x folds; one row per (seed, fold, arm) with metrics and timings.

    Example:
        >>> rows = run_image_protocol(X, y, arms=("classic", "dcgan"), test=(X_test, y_test))
    """
    from sklearn.model_selection import StratifiedKFold

    settings = settings or ImageProtocolSettings()
    if settings.n_folds < 2:
        raise ValueError(f"n_folds must be at least 2, got {settings.n_folds}")
    unknown = sorted(set(arms) - set(ARMS))
    if unknown:
        raise ValueError(f"unknown arm(s) {unknown}; choose from {list(ARMS)}")
    pool = check_images(images, what="images", min_rows=2)
    pool_labels = np.asarray(labels).ravel()
    if len(pool_labels) != len(pool):
        raise ValueError(f"{len(pool)} images but {len(pool_labels)} labels; give one label per image")
    classes = np.unique(pool_labels)
    test_images = None if test is None else check_images(test[0], what="test images")
    rows = []
    for seed in settings.seeds:
        wanted = math.ceil(settings.n_per_class * settings.n_folds / (settings.n_folds - 1))
        chosen = draw_per_class(pool_labels, wanted, seed)
        unlabelled = np.setdiff1d(np.arange(len(pool)), chosen)
        folds = StratifiedKFold(settings.n_folds, shuffle=True, random_state=seed)
        for fold, (train, held) in enumerate(folds.split(chosen, pool_labels[chosen])):
            train, held = chosen[train], chosen[held]
            eval_x, eval_y = (pool[held], pool_labels[held]) if test is None else (test_images, np.ravel(test[1]))
            context = {"seed": int(seed), "fold": fold, "n_train": len(train)}
            extra = np.random.default_rng(seed).permutation(unlabelled)[:settings.sgan_unlabelled]
            for arm in arms:
                result = _run_arm(arm, pool[train], pool_labels[train], pool[extra], settings, seed * 100 + fold,
                                  on_generator, context)
                start = time.perf_counter()
                predictions = result.pop("model").predict(eval_x)
                row = {**context, "arm": arm, **result, **class_metrics(eval_y, predictions, classes)}
                row["predict_seconds"] = time.perf_counter() - start
                rows.append(row)
                if progress is not None:
                    progress(row)
    return pd.DataFrame(rows)


def _run_arm(arm: str, x: np.ndarray, y: np.ndarray, unlabelled: np.ndarray, settings: ImageProtocolSettings,
             seed: int, on_generator, context: dict[str, Any]) -> dict[str, Any]:
    from ..augment.classic import ClassicAugment
    from ..augment.cnn_classifier import CNNClassifier

    if arm == "sgan":
        return _run_sgan(x, y, unlabelled, settings, seed)
    gan_seconds, n_synthetic = 0.0, 0
    if arm != "none":
        x, y = ClassicAugment(**settings.classic, random_state=seed).fit_resample(x, y)
    if arm in _GAN_ARMS:
        synthetic, synthetic_labels, gan = _synthesise(arm, x, y, settings, seed)
        gan_seconds, n_synthetic = gan.training_time_, len(synthetic)
        if on_generator is not None:
            on_generator(arm, gan, context)
        x, y = np.concatenate([x, synthetic]), np.concatenate([y, synthetic_labels])
    cnn = {**settings.cnn}
    cnn["epochs"] = epochs_for(settings.cnn_steps, len(x), cnn["batch_size"])
    start = time.perf_counter()
    model = CNNClassifier(**cnn, random_state=seed).fit(x, y)
    return {"model": model, "gan_seconds": gan_seconds, "classifier_seconds": time.perf_counter() - start,
            "n_synthetic": n_synthetic, "n_train_final": len(x)}


def _synthesise(arm: str, x: np.ndarray, y: np.ndarray, settings: ImageProtocolSettings, seed: int):
    from ..augment.image_gan import ImageGAN

    method, diffaugment = _GAN_ARMS[arm]
    classes, counts = np.unique(y, return_counts=True)
    gan_params = {**settings.gan}
    batch = gan_params["batch_size"]
    if method == "per_class":
        batch = min(batch, int(counts.min()))
        epochs = epochs_for(settings.gan_steps, int(counts.min()), batch)
    else:
        epochs = epochs_for(settings.gan_steps * len(classes), len(y), batch)
    gan_params["batch_size"] = batch
    gan = ImageGAN(method=method, epochs=epochs, diffaugment=settings.diffaugment if diffaugment else None,
                   random_state=seed, **{k: v for k, v in gan_params.items() if k != "batch_size"},
                   batch_size=batch).fit(x, y)
    synthetic, synthetic_labels = [], []
    for label, count in zip(classes, counts, strict=True):
        n_new = int(round(settings.synthetic_ratio * count))
        synthetic.append(gan.sample(n_new, label=label))
        synthetic_labels.append(np.full(n_new, label, dtype=y.dtype))
    return np.concatenate(synthetic), np.concatenate(synthetic_labels), gan


def _run_sgan(x: np.ndarray, y: np.ndarray, unlabelled: np.ndarray, settings: ImageProtocolSettings,
              seed: int) -> dict[str, Any]:
    from ..augment.sgan import SGANClassifier

    codes = np.searchsorted(np.unique(y), y)
    classes = np.unique(y)
    images = np.concatenate([x, unlabelled]) if len(unlabelled) else x
    partial = np.concatenate([codes, np.full(len(unlabelled), -1)])
    params = {**settings.sgan}
    params["epochs"] = epochs_for(settings.sgan_steps, len(images), params["batch_size"])
    model = SGANClassifier(**params, random_state=seed).fit(images, partial)
    model.classes_ = classes  # report in the caller's labels
    return {"model": model, "gan_seconds": model.training_time_, "classifier_seconds": model.training_time_,
            "n_synthetic": 0, "n_train_final": len(images)}


def diffaugment_check(images: Any, labels: Any, reference: tuple[Any, Any], extractor: Any, *,
                      n_per_class: int = 100, seeds: Sequence[int] = (0, 1, 2), gan_steps: int = 400,
                      settings: ImageProtocolSettings | None = None,
                      progress: Callable[[dict[str, Any]], None] | None = None) -> pd.DataFrame:
    """Per-class DCGANs with and without DiffAugment on `n_per_class` real images per class (no classic
    augmentation), scored against `reference` images with the FID-style distance, precision/recall and
    memorisation. One row per (seed, diffaugment)."""
    from ..augment.image_gan import ImageGAN
    from .image_quality import quality_summary

    settings = settings or ImageProtocolSettings()
    pool = check_images(images, what="images", min_rows=2)
    pool_labels = np.asarray(labels).ravel()
    reference_images, reference_labels = check_images(reference[0], what="reference images"), np.ravel(reference[1])
    classes, reference_counts = np.unique(reference_labels, return_counts=True)
    rows = []
    for seed in seeds:
        chosen = draw_per_class(pool_labels, n_per_class, seed)
        x, y = pool[chosen], pool_labels[chosen]
        batch = min(settings.gan["batch_size"], n_per_class // 2)
        epochs = epochs_for(gan_steps, n_per_class, batch)
        for use in (False, True):
            params = {k: v for k, v in settings.gan.items() if k != "batch_size"}
            gan = ImageGAN(method="per_class", epochs=epochs, batch_size=batch, random_state=seed,
                           diffaugment=settings.diffaugment if use else None, **params).fit(x, y)
            fakes = np.concatenate([gan.sample(int(n), label=c) for c, n in zip(classes, reference_counts,
                                                                                strict=True)])
            row = {"seed": int(seed), "diffaugment": use, "n_per_class": n_per_class, "gan_steps": gan_steps,
                   "epochs": epochs, "gan_seconds": gan.training_time_,
                   **quality_summary(reference_images, fakes, extractor, train_images=x)}
            rows.append(row)
            if progress is not None:
                progress(row)
    return pd.DataFrame(rows)


def summarise_arms(rows: pd.DataFrame, metrics: Sequence[str] = ("balanced_accuracy", "mean_sensitivity",
                                                                   "mean_specificity", "gan_seconds")) -> pd.DataFrame:
    """One line per arm (in run order): 'mean (std)' of each metric over seeds x folds."""
    from .stats import mean_std

    lines = []
    for arm in dict.fromkeys(rows["arm"]):
        part = rows[rows["arm"] == arm]
        lines.append({"arm": arm, "runs": len(part), **{m: mean_std(part[m]) for m in metrics if m in part}})
    return pd.DataFrame(lines)
