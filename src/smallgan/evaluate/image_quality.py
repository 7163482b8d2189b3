"""Image quality without downloaded weights: a feature extractor trained here on the real images, an
FID-style Fréchet distance in its feature space, precision/recall of the real and synthetic manifolds, and
nearest-training-image distances that flag memorised samples.

The numbers are comparable only between models scored with the same extractor (same data, same seed):
they are not the Inception FID of the literature.

References:
    Heusel et al. 2017 (FID); Kynkäänniemi et al. 2019 (improved precision and recall);
    Sajjadi et al. 2018 (precision/recall for generative models).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_images
from ..exceptions import DataValidationError


@dataclass
class FeatureExtractor:
    """A trained CNN whose dense layer gives image features; `transform(images) -> (n, d)`.

    `task` is "labels" (trained to classify the given labels) or "rotation" (self-supervised:
    trained to tell which of four 90-degree rotations was applied, when no labels are given).
    """

    classifier: Any
    task: str

    def transform(self, images: Any) -> np.ndarray:
        return self.classifier.transform(images).astype(np.float64)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return self.classifier.image_shape_


def train_feature_extractor(images: Any, labels: Any = None, *, epochs: int = 15, hidden: int = 64,
                            widths: tuple[int, ...] = (16, 32, 64), device: str = "auto",
                            random_state: int | None = 0) -> FeatureExtractor:
    """Train the feature network on real images (with their labels, else on a rotation task).

    Example:
        >>> extractor = train_feature_extractor(real_images, real_labels, random_state=0)
        >>> frechet_distance(real_images, generated_images, extractor)
    """
    from ..augment.cnn_classifier import CNNClassifier

    array = check_images(images, what="real images", min_rows=2)
    if labels is None:
        array, labels, task = _rotations(array), np.repeat(np.arange(4), len(array)), "rotation"
    else:
        task = "labels"
    classifier = CNNClassifier(widths=widths, hidden=hidden, dropout=0.3, epochs=epochs, batch_size=64,
                               device=device, random_state=random_state)
    classifier.fit(array, labels)
    return FeatureExtractor(classifier, task)


def _rotations(array: np.ndarray) -> np.ndarray:
    return np.concatenate([np.rot90(array, k, axes=(2, 3)) for k in range(4)]).astype(np.float32)


def _features(images: Any, extractor: FeatureExtractor, what: str) -> np.ndarray:
    array = check_images(images, what=what, min_rows=2)
    if tuple(array.shape[1:]) != tuple(extractor.image_shape):
        raise DataValidationError(f"{what} have shape {tuple(array.shape[1:])}, the extractor was trained on "
                                  f"{tuple(extractor.image_shape)}")
    return extractor.transform(array)


def frechet_from_features(real: np.ndarray, fake: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (the FID formula)."""
    from scipy import linalg

    mu_r, mu_f = real.mean(axis=0), fake.mean(axis=0)
    cov_r, cov_f = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
    eps = 1e-6 * np.eye(len(cov_r))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # near-singular covariances of small sets: handled by the eps ridge
        root = linalg.sqrtm((cov_r + eps) @ (cov_f + eps))
    root = np.real(root)
    value = float(np.sum((mu_r - mu_f) ** 2) + np.trace(cov_r) + np.trace(cov_f) - 2.0 * np.trace(root))
    return max(value, 0.0)


def frechet_distance(real_images: Any, fake_images: Any, extractor: FeatureExtractor) -> float:
    """FID-style distance between real and generated images in the extractor's feature space (lower is better)."""
    return frechet_from_features(_features(real_images, extractor, "real images"),
                                 _features(fake_images, extractor, "fake images"))


def _knn_radii(features: np.ndarray, k: int) -> np.ndarray:
    from sklearn.metrics import pairwise_distances

    distances = pairwise_distances(features)
    return np.sort(distances, axis=1)[:, min(k, len(features) - 1)]


def _coverage(points: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> float:
    from sklearn.metrics import pairwise_distances

    return float(np.mean((pairwise_distances(points, centres) <= radii[None, :]).any(axis=1)))


def precision_recall(real_images: Any, fake_images: Any, extractor: FeatureExtractor, k: int = 3) -> dict[str, float]:
    """Improved precision (fakes inside the real manifold) and recall (reals inside the fake manifold).

    Each manifold is the union of balls around its points with radius = distance to the k-th neighbour.
    """
    real = _features(real_images, extractor, "real images")
    fake = _features(fake_images, extractor, "fake images")
    return {"precision": _coverage(fake, real, _knn_radii(real, k)),
            "recall": _coverage(real, fake, _knn_radii(fake, k))}


def nearest_training_distances(fake_images: Any, train_images: Any,
                               extractor: FeatureExtractor | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distance of every fake image to its nearest training image, and the index of that image.

    Pixel space (RMS over pixels in [-1, 1]) by default, the extractor's feature space when given.
    """
    from sklearn.metrics import pairwise_distances_argmin_min

    fake, train = (_flat(fake_images, "fake images", extractor), _flat(train_images, "training images", extractor))
    index, distance = pairwise_distances_argmin_min(fake, train)
    scale = 1.0 if extractor is not None else np.sqrt(fake.shape[1])
    return distance / scale, index


def _flat(images: Any, what: str, extractor: FeatureExtractor | None) -> np.ndarray:
    if extractor is not None:
        return _features(images, extractor, what)
    array = check_images(images, what=what)
    return array.reshape(len(array), -1).astype(np.float64)


def memorisation(train_images: Any, fake_images: Any, *, extractor: FeatureExtractor | None = None,
                 ratio: float = 0.5) -> dict[str, Any]:
    """Flag fakes that sit much closer to a training image than training images sit to each other.

    A fake is flagged when its nearest-training distance is below `ratio` x the median leave-one-out
    nearest-neighbour distance among the training images. Returns rate, threshold, distances, indices.
    """
    from sklearn.metrics import pairwise_distances

    train = _flat(train_images, "training images", extractor)
    if len(train) < 2:
        raise DataValidationError("memorisation needs at least 2 training images")
    within = pairwise_distances(train)
    np.fill_diagonal(within, np.inf)
    scale = 1.0 if extractor is not None else np.sqrt(train.shape[1])
    threshold = ratio * float(np.median(within.min(axis=1))) / scale
    distances, index = nearest_training_distances(fake_images, train_images, extractor)
    flagged = distances < threshold
    return {"rate": float(flagged.mean()), "threshold": threshold, "median_distance": float(np.median(distances)),
            "distances": distances, "nearest": index, "flagged": np.flatnonzero(flagged)}


def quality_summary(real_images: Any, fake_images: Any, extractor: FeatureExtractor,
                    train_images: Any = None) -> dict[str, float]:
    """FID-style distance, precision, recall and (with `train_images`) the memorisation rate."""
    out = {"fid": frechet_distance(real_images, fake_images, extractor)}
    out.update(precision_recall(real_images, fake_images, extractor))
    if train_images is not None:
        out["memorised"] = memorisation(train_images, fake_images)["rate"]
    return out
