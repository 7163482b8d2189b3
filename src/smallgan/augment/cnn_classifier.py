"""`CNNClassifier`: the small CNN of the Frid-Adar protocol with a scikit-learn classifier API."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np
from sklearn.base import ClassifierMixin

from .._base import BaseGenerativeEstimator
from .._rng import torch_seeded
from .._validation import Interval, StrOptions, check_images
from ._image_data import check_image_labels_range, check_image_shape


class ClassifierSteps:
    """Supervised cross-entropy updates in the shape the shared `Trainer` runs (no generator).

    The Trainer's `discriminator_step` is the classifier update; `generator_step` does nothing.
    """

    def __init__(self, network, *, lr: float, weight_decay: float = 0.0, class_weight=None) -> None:
        from .._optim import adam

        self.network = network
        self.optimizer = adam(network.parameters(), lr=lr, weight_decay=weight_decay)
        self.class_weight = class_weight

    def modules(self) -> dict[str, Any]:
        return {"classifier": self.network}

    def optimizers(self) -> dict[str, Any]:
        return {"classifier": self.optimizer}

    def discriminator_step(self, batch) -> dict[str, float]:
        import torch.nn.functional as F

        images, codes = batch
        self.network.train()
        loss = F.cross_entropy(self.network(images), codes, weight=self.class_weight)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        return {"loss": float(loss.detach())}

    def generator_step(self, batch) -> dict[str, float]:
        return {}


def predict_logits(network, images: np.ndarray, device: str, batch_size: int = 512, features: bool = False):
    """Run `network` (or its `features`) over float32 images in eval mode; returns a numpy array."""
    import torch

    network.eval()
    outputs = []
    with torch.no_grad():
        for begin in range(0, len(images), batch_size):
            chunk = torch.as_tensor(images[begin:begin + batch_size], device=device)
            out = network.features(chunk) if features else network(chunk)
            outputs.append(out.cpu().numpy())
    return np.concatenate(outputs) if outputs else np.zeros((0, 0), np.float32)


class CNNClassifier(ClassifierMixin, BaseGenerativeEstimator):
    """Three conv layers with max pooling, ReLU and dropout, then a dense layer (Frid-Adar et al.).

    Accepts images as `check_images` does (uint8 0-255, float 0-1 or -1..1; (n, h, w), (n, h, w, c)
    or (n, c, h, w)). The training range is kept as `pixel_range_`: after a fit on [-1, 1] floats, float
    images within [0, 1] are read as [-1, 1] too, so one image's prediction does not depend on its batch.
    Trained with Adam on cross-entropy through the shared Trainer.

    Example:
        >>> clf = CNNClassifier(epochs=20, random_state=0).fit(train_images, train_labels)
        >>> clf.score(test_images, test_labels)

    References:
        Frid-Adar et al. 2018, GAN-based synthetic medical image augmentation for increased CNN
        performance in liver lesion classification. Neurocomputing 321.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "widths": [list, tuple],
        "hidden": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "weight_decay": [Interval(numbers.Real, 0, None, closed="left")],
        "class_weight": [StrOptions({"balanced"}), None],
    }

    def __init__(self, *, widths=(16, 32, 64), hidden=64, dropout=0.5, epochs=30, batch_size=32, lr=1e-3,
                 weight_decay=0.0, class_weight=None, device="auto", random_state=None, verbose=False):
        self.widths, self.hidden, self.dropout, self.epochs = widths, hidden, dropout, epochs
        self.batch_size, self.lr, self.weight_decay, self.class_weight = batch_size, lr, weight_decay, class_weight
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit(self, images: Any, labels: Any) -> CNNClassifier:
        """Train on images and their labels."""
        import torch

        from .._train import Trainer

        seed = self._begin_fit()
        array, self.classes_, codes, self.pixel_range_ = check_image_labels_range(images, labels, min_per_class=1)
        self.image_shape_ = tuple(int(s) for s in array.shape[1:])
        with torch_seeded(seed, self.device_):
            self._build_network()
        weight = None
        if self.class_weight == "balanced":
            counts = np.bincount(codes, minlength=len(self.classes_)).astype(np.float32)
            weight = torch.as_tensor(len(codes) / (len(counts) * counts), device=self.device_)
        steps = ClassifierSteps(self.network_, lr=self.lr, weight_decay=self.weight_decay, class_weight=weight)
        tensors = (torch.as_tensor(array, device=self.device_), torch.as_tensor(codes, device=self.device_))
        trainer = Trainer(epochs=self.epochs, batch_size=self.batch_size, verbose=self.verbose, desc="CNNClassifier")
        self.history_ = trainer.fit(steps, tensors, seed)
        self.network_.eval()
        return self

    def _build_network(self) -> None:
        from ..nets.cnn import SmallCNN

        channels, size, _ = self.image_shape_
        self.network_ = SmallCNN(size, channels, len(self.classes_), widths=tuple(self.widths), hidden=self.hidden,
                                 dropout=self.dropout).to(self.device_)

    def _checked(self, images: Any) -> np.ndarray:
        self._check_fitted("network_")
        array = check_images(images, fitted_range=self.pixel_range_)
        check_image_shape(array, self.image_shape_)
        return array

    def predict_proba(self, images: Any) -> np.ndarray:
        """Class probabilities, columns in the order of `classes_`."""
        from scipy.special import softmax

        array = self._checked(images)
        return softmax(predict_logits(self.network_, array, self.device_), axis=1)

    def predict(self, images: Any) -> np.ndarray:
        """Most probable class per image."""
        proba = self.predict_proba(images)
        return self.classes_[np.argmax(proba, axis=1)]

    def transform(self, images: Any) -> np.ndarray:
        """Activations of the dense layer (n, hidden): learned image features."""
        array = self._checked(images)
        return predict_logits(self.network_, array, self.device_, features=True)

    # persistence
    def _fitted_modules(self) -> dict[str, Any]:
        return {"network": self.network_}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {"classes": self.classes_.tolist(), "image_shape": list(self.image_shape_), "seed": self.seed_,
                "pixel_range": self.pixel_range_}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self.device_, self.seed_ = "cpu", metadata["seed"]
        self.classes_ = np.asarray(metadata["classes"])
        self.image_shape_ = tuple(metadata["image_shape"])
        self.pixel_range_ = metadata.get("pixel_range") or "auto"  # saved before it was kept: infer per batch
        self._build_network()
        self.network_.eval()
