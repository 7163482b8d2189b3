"""`SGANClassifier`: the semi-supervised GAN whose discriminator classifies K real classes + fake."""

from __future__ import annotations

import numbers
import time
from typing import Any, ClassVar

import numpy as np
from sklearn.base import ClassifierMixin

from .._base import BaseGenerativeEstimator
from .._rng import torch_seeded
from .._validation import Interval, check_images
from ._image_data import check_image_labels_range, check_image_shape
from .cnn_classifier import predict_logits
from .diffaugment import DiffAugment, check_policy


class SGANClassifier(ClassifierMixin, BaseGenerativeEstimator):
    """Semi-supervised GAN classifier with a scikit-learn API (`fit`, `predict`, `predict_proba`, `score`).

    The discriminator (a DCGAN encoder) outputs K class logits; "fake" is the (K+1)-th class with its
    logit fixed at 0. It learns from labelled images (cross-entropy), from every training image as
    "real" (labelled or not: label -1 marks unlabelled images, as in scikit-learn's semi-supervised
    estimators) and from generated images as "fake"; the generator uses feature matching. Images are uint8
    or floats in [0, 1] / [-1, 1]; the training range is kept as `pixel_range_`, so after a fit on [-1, 1]
    floats, float images within [0, 1] are read as [-1, 1] too (predictions do not depend on the batch).

    Example:
        >>> y_partial = np.where(rng.random(len(y)) < 0.1, y, -1)   # 10% labelled
        >>> clf = SGANClassifier(epochs=50, random_state=0).fit(images, y_partial)
        >>> clf.score(test_images, test_labels)

    References:
        Salimans et al. 2016, Improved techniques for training GANs; Odena 2016, Semi-supervised learning
        with GANs; Rashid et al. 2019, Skin lesion classification using GAN based data augmentation.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "base_width": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "labelled_batch": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "diffaugment": [str, list, tuple, None],
    }

    def __init__(self, *, latent_dim=64, base_width=32, dropout=0.3, epochs=100, batch_size=64, labelled_batch=32,
                 lr=2e-4, diffaugment=None, device="auto", random_state=None, verbose=False):
        self.latent_dim, self.base_width, self.dropout, self.epochs = latent_dim, base_width, dropout, epochs
        self.batch_size, self.labelled_batch, self.lr, self.diffaugment = batch_size, labelled_batch, lr, diffaugment
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit(self, images: Any, labels: Any) -> SGANClassifier:
        """Train on images and labels; label -1 marks an unlabelled image (integer labels then)."""
        import torch

        from .._train import Trainer
        from .image_steps import SGANSteps

        seed = self._begin_fit()
        check_policy(self.diffaugment)
        array, self.classes_, codes, self.pixel_range_ = check_image_labels_range(images, labels, min_per_class=1,
                                                                                  allow_unlabeled=True)
        self.image_shape_ = tuple(int(s) for s in array.shape[1:])
        with torch_seeded(seed, self.device_):
            self._build()
        data = torch.as_tensor(array, device=self.device_)
        labelled = torch.as_tensor(np.flatnonzero(codes >= 0), device=self.device_)
        augment = DiffAugment(self.diffaugment) if self.diffaugment else None
        steps = SGANSteps(self.generator_, self.discriminator_, loss="dcgan", latent_dim=self.latent_dim,
                          lr_g=self.lr, lr_d=self.lr, augment=augment,
                          labelled_images=data[labelled],
                          labelled_codes=torch.as_tensor(codes, device=self.device_)[labelled],
                          labelled_batch=self.labelled_batch)
        start = time.perf_counter()
        trainer = Trainer(epochs=self.epochs, batch_size=self.batch_size, verbose=self.verbose, desc="SGAN")
        self.history_ = trainer.fit(steps, data, seed)
        self.training_time_ = time.perf_counter() - start
        self.discriminator_.eval()
        self.generator_.eval()
        return self

    def _build(self) -> None:
        from ..nets import ConvDecoder, ConvEncoder, dcgan_init, upsampling_plan

        channels, size, _ = self.image_shape_
        upsampling_plan(size)
        self.generator_ = ConvDecoder(self.latent_dim, size, channels, base_width=self.base_width).to(self.device_)
        self.discriminator_ = ConvEncoder(size, channels, len(self.classes_), base_width=self.base_width,
                                          dropout=self.dropout).to(self.device_)
        self.generator_.apply(dcgan_init)
        self.discriminator_.apply(dcgan_init)

    def predict_proba(self, images: Any) -> np.ndarray:
        """P(class | image is real), columns in the order of `classes_`."""
        from scipy.special import softmax

        self._check_fitted("discriminator_")
        array = check_images(images, fitted_range=self.pixel_range_)
        check_image_shape(array, self.image_shape_)
        return softmax(predict_logits(self.discriminator_, array, self.device_), axis=1)

    def predict(self, images: Any) -> np.ndarray:
        """Most probable real class per image."""
        proba = self.predict_proba(images)
        return self.classes_[np.argmax(proba, axis=1)]

    # persistence
    def _fitted_modules(self) -> dict[str, Any]:
        return {"generator": self.generator_, "discriminator": self.discriminator_}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {"classes": self.classes_.tolist(), "image_shape": list(self.image_shape_), "seed": self.seed_,
                "training_time": self.training_time_, "pixel_range": self.pixel_range_}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self.device_, self.seed_ = "cpu", metadata["seed"]
        self.classes_ = np.asarray(metadata["classes"])
        self.image_shape_ = tuple(metadata["image_shape"])
        self.training_time_ = metadata["training_time"]
        self.pixel_range_ = metadata.get("pixel_range") or "auto"  # saved before it was kept: infer per batch
        self._build()
        self.discriminator_.eval()
        self.generator_.eval()
