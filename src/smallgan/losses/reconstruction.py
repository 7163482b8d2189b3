"""Reconstruction and feature-matching losses."""

from __future__ import annotations

import torch
from torch import Tensor


def l1(x: Tensor, y: Tensor) -> Tensor:
    """Mean absolute error."""
    return (x - y).abs().mean()


def l2(x: Tensor, y: Tensor) -> Tensor:
    """Mean squared error."""
    return ((x - y) ** 2).mean()


def per_sample_l1(x: Tensor, y: Tensor) -> Tensor:
    """Mean absolute error per row (all non-batch dimensions averaged)."""
    return (x - y).abs().reshape(x.shape[0], -1).mean(dim=1)


def per_sample_l2(x: Tensor, y: Tensor) -> Tensor:
    """Mean squared error per row."""
    return ((x - y) ** 2).reshape(x.shape[0], -1).mean(dim=1)


def feature_matching(real_features: Tensor, fake_features: Tensor) -> Tensor:
    """Salimans et al. 2016: squared distance between mean discriminator features."""
    return ((real_features.mean(dim=0) - fake_features.mean(dim=0)) ** 2).sum()


def rbf_mmd(x: Tensor, y: Tensor, bandwidths: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)) -> Tensor:
    """Biased MMD^2 with a mixture of RBF kernels; used as a cheap convergence signal."""
    xy = torch.cat([x, y])
    d2 = torch.cdist(xy, xy).pow(2)
    scale = x.shape[1]
    kernel = sum(torch.exp(-d2 / (2.0 * b * b * scale)) for b in bandwidths)
    n = x.shape[0]
    return kernel[:n, :n].mean() + kernel[n:, n:].mean() - 2.0 * kernel[:n, n:].mean()
