"""Critic regularisers: WGAN-GP gradient penalty and WGAN weight clipping."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn


def interpolate(real: Tensor, fake: Tensor) -> Tensor:
    """Random per-row interpolates of real and fake (requiring grad), the points WGAN-GP penalises."""
    shape = (real.shape[0],) + (1,) * (real.dim() - 1)
    alpha = torch.rand(shape, device=real.device, dtype=real.dtype)
    return (alpha * real + (1.0 - alpha) * fake).requires_grad_(True)


def penalty_at(out: Tensor, mixed: Tensor) -> Tensor:
    """E[(||grad out / grad mixed|| - 1)^2] for critic outputs `out` computed from `mixed`."""
    (grad,) = torch.autograd.grad(out.sum(), mixed, create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1.0) ** 2).mean()


def gradient_penalty(critic: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor) -> Tensor:
    """Gulrajani et al. 2017: E[(||grad D(x_hat)|| - 1)^2] on random interpolates of real and fake."""
    mixed = interpolate(real, fake)
    return penalty_at(critic(mixed), mixed)


@torch.no_grad()
def clip_weights(module: nn.Module, value: float) -> None:
    """Clamp every parameter of `module` to [-value, value] (original WGAN)."""
    for parameter in module.parameters():
        parameter.clamp_(-value, value)
