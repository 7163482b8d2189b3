"""`ImageGAN`: DCGAN-style image generators: one per class (Frid-Adar), label-conditioned (cGAN) or ACGAN."""

from __future__ import annotations

import numbers
import time
from typing import Any, ClassVar

import numpy as np

from .._base import BaseGenerativeEstimator
from .._rng import RandomState, resolve_seed, spawn_seeds, torch_seeded
from .._validation import Interval, StrOptions, check_images
from ..exceptions import DataValidationError
from ..losses import get_loss
from ._image_data import check_image_labels, label_codes
from .diffaugment import DiffAugment, check_policy

_MONITOR_ROWS = 128


class ImageGAN(BaseGenerativeEstimator):
    """Image generator trained by the shared Trainer with any shared loss, optionally with DiffAugment.

    Methods: `"per_class"` trains one DCGAN per class on that class's images only (one unconditional
    DCGAN when `fit` gets no labels); `"cgan"` feeds the one-hot label to G and (as planes) to D;
    `"acgan"` feeds it to G and lets D predict the class beside real/fake. Square images of size
    s x 2^k (s in 4..7: 8, 14, 16, 28, 32, 56, 64), 1 or 3 channels. `sample` returns float32
    (n, c, h, w) in [-1, 1]. `training_time_` holds the seconds spent training.

    Example:
        >>> gan = ImageGAN(method="per_class", epochs=200, diffaugment=("color", "translation", "cutout"),
        ...                random_state=0).fit(images, labels)
        >>> fakes = gan.sample(100, label=1)

    References:
        Radford et al. 2016 (DCGAN); Frid-Adar et al. 2018 (one DCGAN per class); Mirza & Osindero 2014
        (cGAN); Odena et al. 2017 (ACGAN); Zhao et al. 2020 (DiffAugment).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "method": [StrOptions({"per_class", "cgan", "acgan"})],
        "loss": [str],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "base_width": [Interval(numbers.Integral, 1, None, closed="left")],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_critic": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "diffaugment": [str, list, tuple, None],
        "patience": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "eval_every": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }

    def __init__(self, *, method="per_class", loss="dcgan", latent_dim=64, base_width=32, epochs=100, batch_size=64,
                 lr=2e-4, n_critic=None, diffaugment=None, patience=None, eval_every=10, max_time=None,
                 device="auto", random_state=None, verbose=False):
        self.method, self.loss, self.latent_dim, self.base_width = method, loss, latent_dim, base_width
        self.epochs, self.batch_size, self.lr, self.n_critic = epochs, batch_size, lr, n_critic
        self.diffaugment, self.patience, self.eval_every, self.max_time = diffaugment, patience, eval_every, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    # ---- training -------------------------------------------------------------------------------
    def fit(self, images: Any, labels: Any = None) -> ImageGAN:
        """Learn the images (of each class when labels are given; cgan/acgan need labels)."""
        seed = self._begin_fit()
        get_loss(self.loss)
        check_policy(self.diffaugment)
        if labels is None:
            if self.method != "per_class":
                raise ValueError(f"method={self.method!r} is conditional: pass labels to fit")
            array = check_images(images, min_rows=2)
            self.classes_, codes = None, np.zeros(len(array), np.int64)
        else:
            array, self.classes_, codes = check_image_labels(images, labels, min_classes=1)
        self.image_shape_ = tuple(int(s) for s in array.shape[1:])
        if array.shape[2] != array.shape[3]:
            raise DataValidationError(f"images must be square, got {array.shape[2]}x{array.shape[3]}")
        from ..nets import upsampling_plan

        upsampling_plan(array.shape[2])
        self._check_batch(codes)
        start = time.perf_counter()
        self.history_ = {}
        if self.method == "per_class":
            self.generators_ = []
            groups = np.unique(codes)
            for group, group_seed in zip(groups, spawn_seeds(seed, len(groups)), strict=True):
                generator, history = self._train(array[codes == group], None, group_seed)
                self.generators_.append(generator)
                self.history_[self._group_name(int(group))] = history
        else:
            generator, history = self._train(array, codes, seed)
            self.generators_ = [generator]
            self.history_["all"] = history
        self.training_time_ = time.perf_counter() - start
        return self

    def _group_name(self, group: int) -> str:
        return "all" if self.classes_ is None else str(self.classes_[group].item())

    def _check_batch(self, codes: np.ndarray) -> None:
        if self.method != "per_class":
            return
        counts = np.bincount(codes)
        for group, count in enumerate(counts):
            if count < self.batch_size:
                raise DataValidationError(
                    f"class {self._group_name(group)} has {count} images, fewer than batch_size={self.batch_size}; "
                    "lower batch_size or add (classically augmented) images of that class")

    def _n_cond(self) -> int:
        return 0 if self.method == "per_class" else len(self.classes_)

    def _build(self):
        from ..nets import ConvDecoder, ConvEncoder, dcgan_init

        channels, size, _ = self.image_shape_
        k = self._n_cond()
        generator = ConvDecoder(self.latent_dim, size, channels, base_width=self.base_width, cond_features=k)
        outputs = 1 + k if self.method == "acgan" else 1
        discriminator = ConvEncoder(size, channels, outputs, base_width=self.base_width,
                                    cond_features=k if self.method == "cgan" else 0)
        generator.apply(dcgan_init)
        discriminator.apply(dcgan_init)
        return generator.to(self.device_), discriminator.to(self.device_)

    def _train(self, array: np.ndarray, codes: np.ndarray | None, seed: int):
        import torch

        from .._adversarial import AdversarialSteps
        from .._train import Trainer
        from .image_steps import ACGANSteps

        with torch_seeded(seed, self.device_):
            generator, discriminator = self._build()
        tensors = [torch.as_tensor(array, device=self.device_)]
        if codes is not None:
            tensors.append(torch.eye(len(self.classes_), device=self.device_)[torch.as_tensor(codes)])
        steps_class = ACGANSteps if self.method == "acgan" else AdversarialSteps
        loss = get_loss(self.loss)
        steps = steps_class(generator, discriminator, loss=loss, latent_dim=self.latent_dim, lr_g=self.lr,
                            lr_d=self.lr, augment=DiffAugment(self.diffaugment) if self.diffaugment else None,
                            monitor=self._monitor(generator, tensors, seed) if self.patience else None)
        trainer = Trainer(epochs=self.epochs, batch_size=self.batch_size, n_critic=self.n_critic or loss.n_critic,
                          verbose=self.verbose, patience=self.patience, eval_every=self.eval_every,
                          max_time=self.max_time, desc=f"ImageGAN[{self.method},{self.loss}]")
        history = trainer.fit(steps, tensors, seed)
        generator.eval()
        return generator, history

    def _monitor(self, generator, tensors, seed: int):
        import torch

        from ..losses import rbf_mmd

        rng = torch.Generator().manual_seed(seed)
        pick = torch.randperm(tensors[0].shape[0], generator=rng)[:_MONITOR_ROWS].to(self.device_)
        reference = tensors[0][pick].flatten(1)
        noise = torch.randn(len(pick), self.latent_dim, generator=rng).to(self.device_)
        cond = tensors[1][pick] if len(tensors) > 1 else None

        def monitor() -> float:
            fake = generator(noise) if cond is None else generator(noise, cond)
            return float(rbf_mmd(fake.flatten(1), reference))

        return monitor

    # ---- sampling -------------------------------------------------------------------------------
    def sample(self, n: int, label: Any = None, random_state: RandomState = None) -> np.ndarray:
        """`n` images (float32 (n, c, h, w) in [-1, 1]) of `label` (one label or n labels).

        Without `random_state`, successive calls continue one reproducible stream seeded at fit.
        """
        import torch

        self._check_fitted("generators_")
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
            raise ValueError(f"n must be a non-negative integer, got {n!r}")
        codes = self._sample_codes(int(n), label)
        seed = self._next_sample_seed() if random_state is None else resolve_seed(random_state)
        z = torch.randn(int(n), self.latent_dim, generator=torch.Generator().manual_seed(seed)).to(self.device_)
        out = np.empty((int(n), *self.image_shape_), np.float32)
        with torch.no_grad():
            if self.method == "per_class":
                for group in np.unique(codes):
                    rows = np.flatnonzero(codes == group)
                    out[rows] = self.generators_[group](z[rows]).cpu().numpy()
            elif n:
                cond = torch.eye(len(self.classes_), device=self.device_)[torch.as_tensor(codes)]
                out[:] = self.generators_[0](z, cond).cpu().numpy()
        return out

    def _sample_codes(self, n: int, label: Any) -> np.ndarray:
        if self.classes_ is None:
            if label is not None:
                raise ValueError("this ImageGAN was fitted without labels; sample(n) takes no label")
            return np.zeros(n, np.int64)
        if label is None:
            raise ValueError(f"this ImageGAN was fitted with labels; pass label (one of {self.classes_.tolist()})")
        return label_codes(self.classes_, label, n)

    # ---- persistence ----------------------------------------------------------------------------
    def _fitted_modules(self) -> dict[str, Any]:
        return {f"generator_{i}": g for i, g in enumerate(self.generators_)}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {"classes": None if self.classes_ is None else self.classes_.tolist(), "seed": self.seed_,
                "sample_calls": getattr(self, "_sample_calls_", 0),
                "image_shape": list(self.image_shape_), "n_generators": len(self.generators_),
                "training_time": self.training_time_, "history": self.history_}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self.device_, self.seed_ = "cpu", int(metadata["seed"])
        self._sample_calls_ = int(metadata.get("sample_calls", 0))
        self.classes_ = None if metadata["classes"] is None else np.asarray(metadata["classes"])
        self.image_shape_ = tuple(metadata["image_shape"])
        self.training_time_, self.history_ = metadata["training_time"], metadata["history"]
        self.generators_ = []
        for _ in range(metadata["n_generators"]):
            generator = self._build()[0]
            generator.eval()
            self.generators_.append(generator)
