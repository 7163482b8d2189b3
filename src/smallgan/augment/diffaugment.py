"""Differentiable augmentation (DiffAugment) applied to real and fake images inside GAN training.

Colour (brightness, saturation, contrast), translation (shift up to 1/8 of the size, zero padded)
and cutout (a square of half the size set to zero), drawn from torch's global RNG, which the
shared Trainer seeds for every run. Every op is differentiable w.r.t. the images, so the generator
learns through the augmentation. Images are in [-1, 1].

References:
    Zhao, Liu, Lin, Zhu, Han 2020, Differentiable augmentation for data-efficient GAN training. NeurIPS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

POLICIES = ("color", "translation", "cutout")


def _color(x: Tensor) -> Tensor:
    n = x.shape[0]
    x = x + (torch.rand(n, 1, 1, 1, device=x.device) - 0.5)
    mean = x.mean(dim=1, keepdim=True)
    x = (x - mean) * (torch.rand(n, 1, 1, 1, device=x.device) * 2) + mean
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * (torch.rand(n, 1, 1, 1, device=x.device) + 0.5) + mean


def _translation(x: Tensor, ratio: float = 0.125) -> Tensor:
    n, _, h, w = x.shape
    sx, sy = int(h * ratio + 0.5), int(w * ratio + 0.5)
    tx = torch.randint(-sx, sx + 1, (n, 1, 1), device=x.device)
    ty = torch.randint(-sy, sy + 1, (n, 1, 1), device=x.device)
    batch, gx, gy = torch.meshgrid(torch.arange(n, device=x.device), torch.arange(h, device=x.device),
                                   torch.arange(w, device=x.device), indexing="ij")
    gx = torch.clamp(gx + tx + 1, 0, h + 1)
    gy = torch.clamp(gy + ty + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1])
    return padded.permute(0, 2, 3, 1).contiguous()[batch, gx, gy].permute(0, 3, 1, 2)


def _cutout(x: Tensor, ratio: float = 0.5) -> Tensor:
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ox = torch.randint(0, h + (1 - ch % 2), (n, 1, 1), device=x.device)
    oy = torch.randint(0, w + (1 - cw % 2), (n, 1, 1), device=x.device)
    batch, gx, gy = torch.meshgrid(torch.arange(n, device=x.device), torch.arange(ch, device=x.device),
                                   torch.arange(cw, device=x.device), indexing="ij")
    gx = torch.clamp(gx + ox - ch // 2, 0, h - 1)
    gy = torch.clamp(gy + oy - cw // 2, 0, w - 1)
    mask = torch.ones(n, h, w, dtype=x.dtype, device=x.device)
    mask[batch, gx, gy] = 0
    return x * mask.unsqueeze(1)


_OPS: dict[str, Callable[[Tensor], Tensor]] = {"color": _color, "translation": _translation, "cutout": _cutout}


def check_policy(policy: str | Sequence[str] | None) -> tuple[str, ...]:
    """Normalise a policy ("color,translation", a sequence or None) to a tuple; ValueError for unknown ops."""
    if policy is None:
        return ()
    names = tuple(p.strip() for p in policy.split(",")) if isinstance(policy, str) else tuple(policy)
    unknown = [p for p in names if p not in _OPS]
    if unknown:
        raise ValueError(f"unknown DiffAugment op(s) {unknown}; choose from {list(POLICIES)}")
    return names


class DiffAugment:
    """Callable applying the policy's ops in order to a batch (n, c, h, w).

    Example:
        >>> augment = DiffAugment(("color", "translation", "cutout"))
        >>> AdversarialSteps(G, D, loss="dcgan", latent_dim=64, augment=augment)
    """

    def __init__(self, policy: str | Sequence[str] | None = POLICIES) -> None:
        self.policy = check_policy(policy)

    def __call__(self, x: Tensor) -> Tensor:
        for name in self.policy:
            x = _OPS[name](x)
        return x

    def __repr__(self) -> str:
        return f"DiffAugment({list(self.policy)})"
