"""DCGAN weight initialisation (Radford et al. 2016): N(0, 0.02) conv weights, N(1, 0.02) norm scales."""

from __future__ import annotations

from torch import nn


def dcgan_init(module: nn.Module) -> None:
    """Apply DCGAN initialisation in place; use as `net.apply(dcgan_init)`."""
    if isinstance(module, nn.Conv2d | nn.ConvTranspose2d | nn.Conv1d | nn.Linear):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.BatchNorm2d | nn.BatchNorm1d | nn.InstanceNorm2d) and module.weight is not None:
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)
