"""`ClassicAugment`: rotations, flips, translations and scalings written as torch tensor ops (no torchvision).

The lecture's count rule (Frid-Adar et al.): every image gives N = N_rot x (1 + N_flip + N_trans + N_scale)
images. Each of the N_rot rotations is kept, and flipped, translated and scaled copies of it are added.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from .._base import BaseGenerativeEstimator
from .._rng import make_rng
from .._validation import Interval, check_images
from ..exceptions import DataValidationError
from ._image_data import check_image_labels


class ClassicAugment(BaseGenerativeEstimator):
    """Classic (non-generative) augmentation of square images.

    Args:
        angles: rotation angles in degrees (N_rot = len(angles)); multiples of 90 are exact pixel moves,
            other angles are bilinear with black fill.
        n_flips: 0-3 flipped copies per rotation (horizontal, vertical, both).
        n_translations: random shifts per rotation, up to `max_shift` x size in each direction.
        n_scales: random zooms per rotation with a factor drawn from `scale_range`.

    Output images are float32 (n, c, h, w) in [-1, 1]; the N versions of an image are consecutive.

    Example:
        >>> aug = ClassicAugment(angles=(0, 90, 180, 270), n_flips=1, n_translations=2, n_scales=1, random_state=0)
        >>> X_aug, y_aug = aug.fit_resample(images, labels)   # 4 x (1 + 1 + 2 + 1) = 20 images per image

    References:
        Frid-Adar et al. 2018, GAN-based synthetic medical image augmentation for increased CNN
        performance in liver lesion classification. Neurocomputing 321.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "angles": [list, tuple],
        "n_flips": [Interval(numbers.Integral, 0, 3, closed="both")],
        "n_translations": [Interval(numbers.Integral, 0, None, closed="left")],
        "n_scales": [Interval(numbers.Integral, 0, None, closed="left")],
        "max_shift": [Interval(numbers.Real, 0, 0.5, closed="both")],
        "scale_range": [tuple, list],
    }

    def __init__(self, *, angles=(0, 90, 180, 270), n_flips=1, n_translations=2, n_scales=1, max_shift=0.1,
                 scale_range=(0.85, 1.15), device="auto", random_state=None, verbose=False):
        self.angles, self.n_flips, self.n_translations, self.n_scales = angles, n_flips, n_translations, n_scales
        self.max_shift, self.scale_range = max_shift, scale_range
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def n_per_image(self) -> int:
        """N = N_rot x (1 + N_flip + N_trans + N_scale)."""
        return len(self.angles) * (1 + self.n_flips + self.n_translations + self.n_scales)

    def fit_resample(self, images: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
        """Augmented images and their labels (each label repeated N times)."""
        array, _, _ = check_image_labels(images, labels, min_per_class=1, min_classes=1)
        raw = np.asarray(labels).ravel()
        return self.transform(array), np.repeat(raw, self.n_per_image())

    def transform(self, images: Any) -> np.ndarray:
        """Every image's N augmented versions, image after image."""
        import torch

        self._begin_fit()
        if len(self.angles) == 0:
            raise ValueError("angles must hold at least one angle (use (0,) for no rotation)")
        low, high = (float(v) for v in self.scale_range)
        if not 0 < low <= high:
            raise ValueError(f"scale_range must be (low, high) with 0 < low <= high, got {self.scale_range}")
        array = check_images(images)
        if array.shape[2] != array.shape[3]:
            raise DataValidationError(f"images must be square to rotate, got {array.shape[2]}x{array.shape[3]}")
        rng = make_rng(self.seed_)
        x = torch.as_tensor(array, device=self.device_)
        blocks = [self._versions(_rotate(x, float(angle)), rng, (low, high)) for angle in self.angles]
        out = torch.stack(blocks, dim=1)  # (n, N_rot, per, c, h, w)
        return out.reshape(-1, *x.shape[1:]).cpu().numpy()

    def _versions(self, x, rng: np.random.Generator, scale_range: tuple[float, float]):
        import torch

        versions = [x]
        flips = [(3,), (2,), (2, 3)][:self.n_flips]
        versions += [torch.flip(x, dims=dims) for dims in flips]
        n = x.shape[0]
        for _ in range(self.n_translations):
            shift = rng.uniform(-self.max_shift, self.max_shift, size=(n, 2)) * 2.0  # grid units span 2
            versions.append(_affine(x, np.ones(n), np.zeros(n), shift))
        for _ in range(self.n_scales):
            versions.append(_affine(x, rng.uniform(*scale_range, size=n), np.zeros(n), np.zeros((n, 2))))
        return torch.stack(versions, dim=1)  # (n, per, c, h, w)


def _rotate(x, angle: float):
    """Rotate counter-clockwise by `angle` degrees; exact for multiples of 90."""
    import torch

    if angle % 90 == 0:
        return torch.rot90(x, k=int(angle // 90) % 4, dims=(2, 3))
    n = x.shape[0]
    return _affine(x, np.ones(n), np.full(n, np.deg2rad(angle)), np.zeros((n, 2)))


def _affine(x, scale: np.ndarray, theta: np.ndarray, shift: np.ndarray):
    """Zoom by `scale`, rotate by `theta` (radians, counter-clockwise) and shift (grid units) per image."""
    import torch
    import torch.nn.functional as F

    cos, sin = np.cos(theta) / scale, np.sin(theta) / scale  # the grid maps output to input coordinates
    matrix = np.stack([np.stack([cos, -sin, -shift[:, 0]], 1), np.stack([sin, cos, -shift[:, 1]], 1)], 1)
    grid = F.affine_grid(torch.as_tensor(matrix, dtype=x.dtype, device=x.device), list(x.shape),
                         align_corners=False)
    return F.grid_sample(x + 1.0, grid, mode="bilinear", padding_mode="zeros", align_corners=False) - 1.0
