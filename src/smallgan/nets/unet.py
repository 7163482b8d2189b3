"""U-Net image-to-image generator with skip connections (pix2pix generator, Ronneberger et al. / Isola et al.).

The input keeps its size: H and W must be divisible by 2^depth. A 3x3 stem and head work at full resolution,
`depth` stride-2 stages halve the size, and each up stage concatenates the matching down activation.
References: Ronneberger et al. 2015 (U-Net); Isola et al. 2017 (pix2pix).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .dcgan import _norm2d


def check_divisible(height: int, width: int, depth: int, what: str = "U-Net") -> None:
    """Raise ValueError when `depth` halvings cannot divide an `height` x `width` image, naming sizes that work."""
    factor = 2**depth
    if height % factor or width % factor or min(height, width) < factor:
        examples = ", ".join(str(factor * k) for k in (2, 3, 4, 7, 8) if factor * k <= 256)
        raise ValueError(f"image size {height}x{width} does not work with a {what} of depth {depth}: height and "
                         f"width must be multiples of 2^{depth} = {factor} (e.g. {examples}); crop or pad the "
                         "images or lower the depth")


class UNet(nn.Module):
    """Images (n, in_channels, h, w) -> images (n, out_channels, h, w) in [-1, 1] (tanh).

    Args:
        depth: number of stride-2 down/up stages; h and w must be multiples of 2^depth.
        base_width: channels after the stem; doubled at each down stage (capped at 8x).
        dropout: dropout in the innermost up stages (pix2pix uses it as the generator's noise).

    Example:
        >>> UNet(1, 1, depth=2)(torch.zeros(4, 1, 28, 28)).shape
        torch.Size([4, 1, 28, 28])
    """

    def __init__(self, in_channels: int, out_channels: int, *, depth: int = 2, base_width: int = 32,
                 norm: str | None = "batch", dropout: float = 0.0) -> None:
        super().__init__()
        self.depth = depth
        widths = [base_width * min(2**i, 8) for i in range(depth + 1)]
        self.stem = nn.Sequential(nn.Conv2d(in_channels, widths[0], 3, 1, 1), nn.LeakyReLU(0.2))
        self.down = nn.ModuleList(
            nn.Sequential(nn.Conv2d(widths[i], widths[i + 1], 4, 2, 1, bias=norm is None),
                          _norm2d(norm, widths[i + 1]), nn.LeakyReLU(0.2))
            for i in range(depth))
        up = []
        for i in reversed(range(depth)):
            in_width = widths[i + 1] * (1 if i == depth - 1 else 2)
            layers = [nn.ConvTranspose2d(in_width, widths[i], 4, 2, 1, bias=norm is None), _norm2d(norm, widths[i])]
            if dropout > 0 and i >= depth - 2:
                layers.append(nn.Dropout(dropout))
            up.append(nn.Sequential(*layers, nn.ReLU()))
        self.up = nn.ModuleList(up)
        self.head = nn.Sequential(nn.Conv2d(2 * widths[0], out_channels, 3, 1, 1), nn.Tanh())

    def forward(self, x: Tensor) -> Tensor:
        check_divisible(x.shape[2], x.shape[3], self.depth)
        skips = [self.stem(x)]
        for stage in self.down:
            skips.append(stage(skips[-1]))
        h = skips.pop()
        for stage in self.up:
            h = torch.cat([stage(h), skips.pop()], dim=1)
        return self.head(h)
