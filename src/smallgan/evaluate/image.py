"""Full-reference image metrics: SSIM (Gaussian window, Wang et al. 2004), PSNR and MAE, per image or averaged.

Images are numpy arrays of equal shape: one image (h, w), a batch (n, h, w), or a channels-first batch
(n, c, h, w). Values are compared in their own units; `data_range` is the span of possible values (255 for
uint8, 1.0 for [0, 1] floats, 2.0 for [-1, 1] floats) and must be given for float images.

Example:
    >>> image_metrics(real, fake, data_range=1.0)
    {'ssim': 0.83, 'psnr': 21.4, 'mae': 0.05}

References:
    Wang, Bovik, Sheikh & Simoncelli 2004, "Image quality assessment: from error visibility to structural
    similarity" (11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03); the same computation as
    `skimage.metrics.structural_similarity(..., gaussian_weights=True, use_sample_covariance=False)`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import DataValidationError

_TRUNCATE = 3.5  # Gaussian window radius in sigmas: sigma 1.5 -> an 11 x 11 window


def _pair(x: Any, y: Any, data_range: float | None) -> tuple[np.ndarray, np.ndarray, float]:
    """Both images as float64 batches (n, c, h, w) and the data range."""
    a, b = np.asarray(x), np.asarray(y)
    if a.shape != b.shape:
        raise DataValidationError(f"images must have the same shape, got {a.shape} and {b.shape}")
    if a.ndim not in (2, 3, 4):
        raise DataValidationError(f"images must be (h, w), (n, h, w) or (n, c, h, w); got shape {a.shape}")
    if data_range is None:
        if a.dtype != np.uint8 or b.dtype != np.uint8:
            raise DataValidationError(f"pass data_range for {a.dtype}/{b.dtype} images (1.0 for [0, 1] floats, "
                                      "2.0 for [-1, 1]); it is only inferred (255) for uint8")
        data_range = 255.0
    if not data_range > 0:
        raise ValueError(f"data_range must be positive, got {data_range}")
    a, b = a.astype(np.float64), b.astype(np.float64)
    for name, array in (("first", a), ("second", b)):
        if not np.isfinite(array).all():
            raise DataValidationError(f"the {name} images contain NaN or inf")
    shape = (1, 1, *a.shape) if a.ndim == 2 else (a.shape[0], 1, *a.shape[1:]) if a.ndim == 3 else a.shape
    return a.reshape(shape), b.reshape(shape), float(data_range)


def _reduce(values: np.ndarray, per_image: bool) -> np.ndarray | float:
    return values if per_image else float(values.mean())


def ssim(x: Any, y: Any, *, data_range: float | None = None, sigma: float = 1.5, k1: float = 0.01,
         k2: float = 0.03, per_image: bool = False) -> np.ndarray | float:
    """Mean structural similarity with a Gaussian window (1.0 for identical images).

    The SSIM map is computed per channel, cropped by the window radius at the borders and averaged over
    pixels and channels: one value per image (`per_image=True`) or their mean.
    """
    from scipy.ndimage import gaussian_filter

    a, b, data_range = _pair(x, y, data_range)
    radius = int(_TRUNCATE * sigma + 0.5)
    if min(a.shape[-2:]) < 2 * radius + 1:
        raise DataValidationError(f"images of {a.shape[-2]}x{a.shape[-1]} are smaller than the {2 * radius + 1}x"
                                  f"{2 * radius + 1} Gaussian window of sigma {sigma}; upsample them or lower sigma")

    def blur(image: np.ndarray) -> np.ndarray:
        return gaussian_filter(image, sigma=(0, 0, sigma, sigma), truncate=_TRUNCATE, mode="reflect")

    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a * mu_a
    var_b = blur(b * b) - mu_b * mu_b
    cov = blur(a * b) - mu_a * mu_b
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    cropped = index[..., radius:-radius, radius:-radius]
    return _reduce(cropped.mean(axis=(2, 3)).mean(axis=1), per_image)


def psnr(x: Any, y: Any, *, data_range: float | None = None, per_image: bool = False) -> np.ndarray | float:
    """Peak signal-to-noise ratio in dB, 10 log10(data_range^2 / MSE), per image (inf for identical images)
    or the mean over images."""
    a, b, data_range = _pair(x, y, data_range)
    mse = ((a - b) ** 2).mean(axis=(1, 2, 3))
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range**2 / mse)
    return _reduce(values, per_image)


def mae(x: Any, y: Any, *, per_image: bool = False) -> np.ndarray | float:
    """Mean absolute error in the images' units, per image or averaged."""
    a, b, _ = _pair(x, y, 1.0)
    return _reduce(np.abs(a - b).mean(axis=(1, 2, 3)), per_image)


def image_metrics(x: Any, y: Any, *, data_range: float | None = None) -> dict[str, float]:
    """SSIM, PSNR (mean over images) and MAE of `y` against the reference `x`."""
    return {"ssim": float(ssim(x, y, data_range=data_range)), "psnr": float(psnr(x, y, data_range=data_range)),
            "mae": float(mae(x, y))}
