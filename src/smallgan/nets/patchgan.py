"""PatchGAN discriminator: one real/fake score per overlapping image patch (pix2pix, CycleGAN).

References: Isola et al. 2017 (pix2pix, 70x70 PatchGAN); Zhu et al. 2017 (CycleGAN).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .dcgan import _norm2d


class PatchDiscriminator(nn.Module):
    """Images (n, in_channels, h, w) [+ a condition image] -> patch scores (n, 1, h', w') (raw logits).

    `n_layers` stride-2 convolutions then two stride-1 4x4 convolutions; with a condition image (pix2pix)
    the two images are concatenated along channels, so `in_channels` counts both.

    Args:
        n_layers: stride-2 stages; the receptive field grows with it (2 on 28x28 images gives 5x5 patches).
        norm: "batch", "instance" or None (never on the first layer).

    Example:
        >>> PatchDiscriminator(2, n_layers=2)(torch.zeros(4, 1, 28, 28), torch.zeros(4, 1, 28, 28)).shape
        torch.Size([4, 1, 5, 5])
    """

    def __init__(self, in_channels: int, *, base_width: int = 32, n_layers: int = 2,
                 norm: str | None = "batch") -> None:
        super().__init__()
        widths = [in_channels] + [base_width * min(2**i, 8) for i in range(n_layers + 1)]
        blocks: list[nn.Module] = []
        for i in range(n_layers + 1):
            stride = 2 if i < n_layers else 1
            blocks.append(nn.Conv2d(widths[i], widths[i + 1], 4, stride, 1, bias=i == 0 or norm is None))
            if i > 0:
                blocks.append(_norm2d(norm, widths[i + 1]))
            blocks.append(nn.LeakyReLU(0.2))
        self.body = nn.Sequential(*blocks)
        self.head = nn.Conv2d(widths[-1], 1, 4, 1, 1)

    def _join(self, x: Tensor, cond: Tensor | None) -> Tensor:
        return x if cond is None else torch.cat([cond, x], dim=1)

    def features(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        """Flattened activations before the patch head."""
        return self.body(self._join(x, cond)).flatten(1)

    def forward(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        return self.head(self.body(self._join(x, cond)))
