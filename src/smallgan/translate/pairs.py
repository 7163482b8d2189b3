"""Exact paired tasks built from real images: edge map -> image and low resolution -> full resolution.

No real paired image set is staged here, so the paired benchmark derives inputs from real images; the
pairing is then exact. Images in and out are floats in [0, 1], (n, h, w) or (n, c, h, w).

Example:
    >>> edges, images = make_pairs(mnist_images, "edges")
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_images

TASKS = ("edges", "downsample")


def _unit(images: Any) -> np.ndarray:
    return (check_images(images) + 1.0) / 2.0


def sobel_edges(images: Any) -> np.ndarray:
    """Sobel gradient magnitude per channel, scaled per image to [0, 1] (n, c, h, w).

    Each 2-D plane is filtered on its own (`scipy.ndimage.sobel` on the 4-D array would also smooth across the
    batch and channel axes, mixing neighbouring images into each map).
    """
    from scipy.ndimage import correlate1d

    array = _unit(images).astype(np.float64)

    def gradient(axis: int) -> np.ndarray:
        derivative = correlate1d(array, [-1.0, 0.0, 1.0], axis=axis, mode="nearest")
        return correlate1d(derivative, [1.0, 2.0, 1.0], axis=5 - axis, mode="nearest")  # smooth the other image axis

    magnitude = np.hypot(gradient(2), gradient(3))
    peak = magnitude.max(axis=(1, 2, 3), keepdims=True)
    return (magnitude / np.where(peak > 0, peak, 1.0)).astype(np.float32)


def resize(images: Any, size: int, mode: str = "bicubic") -> np.ndarray:
    """Resize square images to `size` x `size` with torch's interpolate (area when shrinking); [0, 1] floats."""
    import torch
    import torch.nn.functional as F

    tensor = torch.as_tensor(_unit(images))
    kwargs = {} if mode in ("area", "nearest") else {"align_corners": False}
    out = F.interpolate(tensor, size=(size, size), mode=mode, **kwargs)
    return out.clamp(0.0, 1.0).numpy().astype(np.float32)


def downsample(images: Any, factor: int = 4) -> np.ndarray:
    """Shrink by `factor` (area average), then upsample back with bicubic interpolation (the usual baseline)."""
    array = _unit(images)
    size = array.shape[-1]
    if size % factor:
        raise ValueError(f"image size {size} is not divisible by the downsampling factor {factor}")
    return resize(resize(array, size // factor, mode="area"), size, mode="bicubic")


def make_pairs(images: Any, task: str) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) for `task` in TASKS: "edges" (Sobel map -> image) or "downsample" (4x -> full)."""
    targets = _unit(images)
    if task == "edges":
        return sobel_edges(targets), targets
    if task == "downsample":
        return downsample(targets), targets
    raise ValueError(f"unknown paired task {task!r}; choose one of {TASKS}")
