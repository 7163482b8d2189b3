"""`ImageGANOverSampler`: imbalanced-learn style `fit_resample` for images, backed by `ImageGAN`."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type

from .._base import GenerativeMixin
from .._validation import check_images, check_params
from ._image_data import check_image_labels, epochs_for
from .image_gan import ImageGAN

_GAN_PARAMS = ("method", "loss", "latent_dim", "base_width", "epochs", "batch_size", "lr", "n_critic", "diffaugment",
               "max_time", "device", "verbose")


class ImageGANOverSampler(GenerativeMixin, BaseOverSampler):
    """Balance (or enlarge) an image set with GAN images: imbalanced-learn's `sampling_strategy` rules.

    `sampling_strategy="auto"` brings every class up to the largest one; a dict `{label: target_count}`
    enlarges chosen classes (e.g. `{0: 500, 1: 500}`). With `method="per_class"` only the classes that
    get new images train a generator. Returns float32 images (n, c, h, w) in [-1, 1] (the originals
    first) and their labels; `generator_` is the fitted `ImageGAN`.

    Example:
        >>> images_res, labels_res = ImageGANOverSampler(epochs=200, random_state=0).fit_resample(images, labels)

    References:
        Frid-Adar et al. 2018; Lemaître et al. 2017 (imbalanced-learn API).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseOverSampler._parameter_constraints,
        **{k: v for k, v in ImageGAN._parameter_constraints.items() if k in _GAN_PARAMS},
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", method="per_class", loss="dcgan", latent_dim=64, base_width=32,
                 epochs=100, batch_size=64, lr=2e-4, n_critic=None, diffaugment=None, max_time=None, device="auto",
                 random_state=None, verbose=False):
        super().__init__(sampling_strategy=sampling_strategy)
        self.method, self.loss, self.latent_dim, self.base_width = method, loss, latent_dim, base_width
        self.epochs, self.batch_size, self.lr, self.n_critic = epochs, batch_size, lr, n_critic
        self.diffaugment, self.max_time = diffaugment, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit_resample(self, images: Any, labels: Any, **params: Any):
        """Validate parameters and images, then resample as imbalanced-learn does."""
        check_params(self, self._parameter_constraints)
        array = check_images(images, min_rows=2)
        self.image_shape_ = tuple(int(s) for s in array.shape[1:])
        return super().fit_resample(array.reshape(len(array), -1), labels, **params)

    def _check_X_y(self, X: Any, y: Any, accept_sparse: Any = None):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        _, _, _ = check_image_labels(X.reshape(-1, *self.image_shape_), y)
        return X, np.asarray(y).ravel(), binarize_y

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        images = X.reshape(-1, *self.image_shape_)
        needed = {label: n for label, n in self.sampling_strategy_.items() if n > 0}
        params = {name: getattr(self, name) for name in _GAN_PARAMS}
        mask = np.isin(y, list(needed)) if self.method == "per_class" else np.ones(len(y), bool)
        self.generator_ = None
        new_images, new_labels = [images], [y]
        if needed:
            self.generator_ = ImageGAN(**params, random_state=self.random_state).fit(images[mask], y[mask])
            for label, n_new in needed.items():
                new_images.append(self.generator_.sample(int(n_new), label=label))
                new_labels.append(np.full(n_new, label, dtype=y.dtype))
        return np.concatenate(new_images), np.concatenate(new_labels)


def generate_images(images: Any, labels: Any = None, *, method: str = "per_class", n_per_class: int = 100,
                    classic: dict[str, Any] | None = None, steps: int | None = None, random_state: int | None = 0,
                    **gan_params: Any) -> tuple[np.ndarray, np.ndarray | None, ImageGAN]:
    """Train an `ImageGAN` (on classically augmented images when `classic` gives ClassicAugment
    parameters, as Frid-Adar did) and draw `n_per_class` images per class. `steps` (generator steps
    per class) sets `epochs` from the data size when given.

    Returns (images float32 (n, c, h, w) in [-1, 1], their labels or None, the fitted generator).
    """
    from .classic import ClassicAugment

    if labels is not None and classic is not None:
        images, labels = ClassicAugment(**classic, random_state=random_state).fit_resample(images, labels)
    elif classic is not None:
        images = ClassicAugment(**classic, random_state=random_state).transform(images)
    if steps is not None:
        counts = np.unique(labels, return_counts=True)[1] if labels is not None else np.array([len(images)])
        n_rows = int(counts.min()) if method == "per_class" else int(counts.sum())
        total = steps if method == "per_class" else steps * len(counts)
        gan_params["epochs"] = epochs_for(total, n_rows, gan_params.get("batch_size", 64))
    gan = ImageGAN(method=method, random_state=random_state, **gan_params).fit(images, labels)
    if gan.classes_ is None:
        return gan.sample(n_per_class), None, gan
    parts = [gan.sample(n_per_class, label=label) for label in gan.classes_.tolist()]
    return np.concatenate(parts), np.repeat(gan.classes_, n_per_class), gan
