"""Shared plumbing of the image translators: input checks, array layouts, batched inference, persistence."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from .._base import BaseGenerativeEstimator
from .._validation import Interval, check_images_range
from ..exceptions import DataValidationError

_INFERENCE_BATCH = 256


def layout_of(images: Any) -> str:
    """"nhw", "nhwc" or "nchw": how an image array is laid out (the rules of `check_images`)."""
    shape = np.shape(images)
    if len(shape) == 3:
        return "nhw"
    if len(shape) == 4 and shape[-1] in (1, 3) and shape[1] not in (1, 3):
        return "nhwc"
    return "nchw"


def to_layout(images: np.ndarray, layout: str) -> np.ndarray:
    """Map (n, c, h, w) images in [-1, 1] to float32 in [0, 1] laid out as `layout` ("nhw" needs one channel)."""
    unit = np.clip((images.astype(np.float32) + 1.0) / 2.0, 0.0, 1.0)
    if layout == "nhw" and unit.shape[1] == 1:
        return unit[:, 0]
    if layout == "nhwc":
        return np.ascontiguousarray(np.moveaxis(unit, 1, -1))
    return unit


def check_domain(images: Any, what: str, min_rows: int = 2, fitted_range: str | None = None) -> np.ndarray:
    """Validated images of one domain as float32 (n, c, h, w) in [-1, 1]."""
    return check_domain_range(images, what, min_rows, fitted_range)[0]


def check_domain_range(images: Any, what: str, min_rows: int = 2,
                       fitted_range: str | None = None) -> tuple[np.ndarray, str]:
    """`check_domain` plus the pixel range read ("0..255", "0..1" or "-1..1"); `fitted_range` = "-1..1" reads
    floats within [0, 1] as [-1, 1] (see `smallgan._validation.pixel_range`)."""
    return check_images_range(images, what=what, min_rows=min_rows, fitted_range=fitted_range)


def check_net_fits(shape: tuple[int, ...], depth: int, n_layers_d: int | None, generator: str = "U-Net") -> None:
    """Raise DataValidationError when the generator depth or the PatchGAN cannot handle `shape` (c, h, w)."""
    from ..nets.unet import check_divisible

    height, width = shape[-2:]
    try:
        check_divisible(height, width, depth, generator)
    except ValueError as exc:
        raise DataValidationError(str(exc)) from None
    if n_layers_d is not None and min(height, width) // 2**n_layers_d < 3:
        raise DataValidationError(f"images of {height}x{width} are too small for a PatchGAN with n_layers_d="
                                  f"{n_layers_d}: it needs at least {3 * 2**n_layers_d} pixels a side")


class ImageTranslator(BaseGenerativeEstimator):
    """Base of Pix2Pix and CycleGAN: training settings, batched `_translate`, shape checks, persistence.

    `pixel_range_a_` / `pixel_range_b_` keep each domain's training pixel range ("0..255", "0..1" or "-1..1"):
    a domain fitted on [-1, 1] images reads later float images within [0, 1] as [-1, 1] too, so the output for
    one image does not depend on the rest of its batch. Models saved before this read "auto" (per batch).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "base_width": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_layers_d": [Interval(numbers.Integral, 1, None, closed="left")],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "patience": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "eval_every": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }

    def _trainer(self, desc: str):
        from .._train import Trainer

        return Trainer(epochs=self.epochs, batch_size=self.batch_size, n_critic=1, verbose=self.verbose,
                       patience=self.patience, eval_every=self.eval_every, max_time=self.max_time, desc=desc)

    def _check_domains(self, A: Any, B: Any) -> tuple[np.ndarray, np.ndarray]:
        """Validate both training domains and record their pixel ranges (`pixel_range_a_`, `pixel_range_b_`)."""
        (a, self.pixel_range_a_), (b, self.pixel_range_b_) = check_domain_range(A, "A"), check_domain_range(B, "B")
        return a, b

    def _translate(self, net_name: str, images: Any, shape_name: str, what: str) -> np.ndarray:
        """Run the fitted net `net_name` over `images` (checked against the fitted shape `shape_name` and read
        with the domain's fitted pixel range)."""
        import torch

        self._check_fitted(net_name)
        net, expected = getattr(self, net_name), getattr(self, shape_name)
        fitted_range = getattr(self, shape_name.replace("shape", "pixel_range"), None)
        array = check_domain(images, what, min_rows=1, fitted_range=fitted_range)
        if tuple(array.shape[1:]) != tuple(expected):
            raise DataValidationError(f"{what} have shape (c, h, w) = {tuple(array.shape[1:])}, but the model was "
                                      f"fitted on {tuple(expected)}")
        net.eval()
        outputs = []
        with torch.no_grad():
            for begin in range(0, array.shape[0], _INFERENCE_BATCH):
                batch = torch.as_tensor(array[begin:begin + _INFERENCE_BATCH], device=self.device_)
                outputs.append(net(batch).cpu().numpy())
        return to_layout(np.concatenate(outputs), layout_of(images))

    def _tensor(self, array: np.ndarray):
        import torch

        return torch.as_tensor(array, device=self.device_)

    # persistence (see smallgan.io)
    def _fitted_metadata(self) -> dict[str, Any]:
        return {"seed": self.seed_, "shape_a": list(self.shape_a_), "shape_b": list(self.shape_b_),
                "history": self.history_, "pixel_range_a": getattr(self, "pixel_range_a_", "auto"),
                "pixel_range_b": getattr(self, "pixel_range_b_", "auto")}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        from .._rng import torch_seeded

        self.device_ = "cpu"
        self.seed_ = metadata["seed"]
        self.shape_a_, self.shape_b_ = tuple(metadata["shape_a"]), tuple(metadata["shape_b"])
        self.history_ = metadata["history"]
        # files saved before the ranges were kept: infer the range per batch, as those models did
        self.pixel_range_a_ = metadata.get("pixel_range_a") or "auto"
        self.pixel_range_b_ = metadata.get("pixel_range_b") or "auto"
        with torch_seeded(self.seed_):
            self._build_networks()
        for module in self._fitted_modules().values():
            module.eval()

    def _build_networks(self) -> None:
        raise NotImplementedError
