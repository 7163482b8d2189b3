"""DCGAN-style convolutional decoder (generator) and encoder (discriminator / image encoder).

Sizes: any H = W with H = s0 * 2^k and s0 in 4..7 (8, 16, 28, 32, 56, 64, ...); 1 or 3 channels.
A condition vector (e.g. one-hot class) is concatenated to the noise (decoder) or broadcast as extra
input channels (encoder). Reference: Radford et al. 2016.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


def upsampling_plan(image_size: int) -> tuple[int, int]:
    """(start size, number of stride-2 stages) for `image_size`; ValueError naming the sizes that work."""
    stages = 0
    size = image_size
    while size % 2 == 0 and size // 2 >= 4:
        size //= 2
        stages += 1
    if stages == 0 or size > 7:
        raise ValueError(f"image size {image_size} is not supported: use s * 2^k with s in 4..7 and k >= 1 "
                         "(e.g. 8, 14, 16, 28, 32, 56, 64)")
    return size, stages


def _norm2d(kind: str | None, channels: int) -> nn.Module:
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    return nn.Identity()


class ConvDecoder(nn.Module):
    """Noise (n, latent_dim) [+ cond] -> images (n, channels, size, size) in [-1, 1] (tanh)."""

    def __init__(self, latent_dim: int, image_size: int, channels: int = 1, *, base_width: int = 32,
                 cond_features: int = 0, norm: str | None = "batch") -> None:
        super().__init__()
        start, stages = upsampling_plan(image_size)
        widths = [base_width * 2 ** (stages - 1 - i) for i in range(stages)] + [channels]
        self.start, self.width0 = start, widths[0]
        self.project = nn.Sequential(nn.Linear(latent_dim + cond_features, widths[0] * start * start),
                                     nn.ReLU(inplace=True))
        blocks: list[nn.Module] = [_norm2d(norm, widths[0])]
        for i in range(stages):
            last = i == stages - 1
            blocks.append(nn.ConvTranspose2d(widths[i], widths[i + 1], 4, 2, 1, bias=last or norm is None))
            blocks += [nn.Tanh()] if last else [_norm2d(norm, widths[i + 1]), nn.ReLU(inplace=True)]
        self.body = nn.Sequential(*blocks)
        self.cond_features = cond_features

    def forward(self, z: Tensor, cond: Tensor | None = None) -> Tensor:
        if self.cond_features:
            if cond is None:
                raise ValueError("this decoder is conditional: pass cond")
            z = torch.cat([z, cond], dim=1)
        x = self.project(z).view(z.shape[0], self.width0, self.start, self.start)
        return self.body(x)


class ConvEncoder(nn.Module):
    """Images (n, channels, size, size) [+ cond] -> (n, out_features); `features()` gives the flattened
    last conv activations. With out_features=1 it is a DCGAN discriminator / WGAN critic."""

    def __init__(self, image_size: int, channels: int = 1, out_features: int = 1, *, base_width: int = 32,
                 cond_features: int = 0, norm: str | None = None, dropout: float = 0.0) -> None:
        super().__init__()
        start, stages = upsampling_plan(image_size)
        widths = [channels + cond_features] + [base_width * 2**i for i in range(stages)]
        blocks: list[nn.Module] = []
        for i in range(stages):
            blocks.append(nn.Conv2d(widths[i], widths[i + 1], 4, 2, 1, bias=i == 0 or norm is None))
            if i > 0:
                blocks.append(_norm2d(norm, widths[i + 1]))
            blocks.append(nn.LeakyReLU(0.2, inplace=True))
            if dropout > 0:
                blocks.append(nn.Dropout2d(dropout))
        self.body = nn.Sequential(*blocks)
        self.head = nn.Linear(widths[-1] * start * start, out_features)
        self.cond_features = cond_features

    def _join(self, x: Tensor, cond: Tensor | None) -> Tensor:
        if not self.cond_features:
            return x
        if cond is None:
            raise ValueError("this encoder is conditional: pass cond")
        planes = cond[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
        return torch.cat([x, planes], dim=1)

    def features(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        return self.body(self._join(x, cond)).flatten(1)

    def forward(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        return self.head(self.features(x, cond))
