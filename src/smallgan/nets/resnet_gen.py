"""ResNet image-to-image generator (CycleGAN): down-sampling, residual blocks, up-sampling.

References: Johnson et al. 2016 (perceptual losses architecture); Zhu et al. 2017 (CycleGAN).
"""

from __future__ import annotations

from torch import Tensor, nn

from .dcgan import _norm2d
from .unet import check_divisible


class ResidualBlock(nn.Module):
    """x + conv-norm-relu-conv-norm(x), reflection padded, size preserved."""

    def __init__(self, width: int, norm: str | None = "instance") -> None:
        super().__init__()
        self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(width, width, 3), _norm2d(norm, width),
                                  nn.ReLU(), nn.ReflectionPad2d(1), nn.Conv2d(width, width, 3),
                                  _norm2d(norm, width))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.body(x)


class ResnetGenerator(nn.Module):
    """Images (n, in_channels, h, w) -> images (n, out_channels, h, w) in [-1, 1] (tanh).

    Args:
        n_downsampling: stride-2 stages; h and w must be multiples of 2^n_downsampling.
        n_blocks: residual blocks at the lowest resolution (CycleGAN uses 6 or 9; 2-4 suit 28x28).

    Example:
        >>> ResnetGenerator(1, 1, n_blocks=3)(torch.zeros(4, 1, 28, 28)).shape
        torch.Size([4, 1, 28, 28])
    """

    def __init__(self, in_channels: int, out_channels: int, *, base_width: int = 32, n_downsampling: int = 2,
                 n_blocks: int = 3, norm: str | None = "instance") -> None:
        super().__init__()
        self.n_downsampling = n_downsampling
        layers: list[nn.Module] = [nn.ReflectionPad2d(3), nn.Conv2d(in_channels, base_width, 7),
                                   _norm2d(norm, base_width), nn.ReLU()]
        width = base_width
        for _ in range(n_downsampling):
            layers += [nn.Conv2d(width, 2 * width, 3, 2, 1), _norm2d(norm, 2 * width), nn.ReLU()]
            width *= 2
        layers += [ResidualBlock(width, norm) for _ in range(n_blocks)]
        for _ in range(n_downsampling):
            layers += [nn.ConvTranspose2d(width, width // 2, 3, 2, 1, output_padding=1), _norm2d(norm, width // 2),
                       nn.ReLU()]
            width //= 2
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(width, out_channels, 7), nn.Tanh()]
        self.body = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        check_divisible(x.shape[2], x.shape[3], self.n_downsampling, "ResNet generator")
        return self.body(x)
