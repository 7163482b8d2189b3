"""Critic regularisers: WGAN-GP gradient penalty and WGAN weight clipping."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn


def gradient_penalty(critic: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor) -> Tensor:
    """Gulrajani et al. 2017: E[(||grad D(x_hat)|| - 1)^2] on random interpolates of real and fake."""
    shape = (real.shape[0],) + (1,) * (real.dim() - 1)
    alpha = torch.rand(shape, device=real.device, dtype=real.dtype)
    mixed = (alpha * real + (1.0 - alpha) * fake).requires_grad_(True)
    out = critic(mixed)
    (grad,) = torch.autograd.grad(out.sum(), mixed, create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1.0) ** 2).mean()


@torch.no_grad()
def clip_weights(module: nn.Module, value: float) -> None:
    """Clamp every parameter of `module` to [-value, value] (original WGAN)."""
    for parameter in module.parameters():
        parameter.clamp_(-value, value)
