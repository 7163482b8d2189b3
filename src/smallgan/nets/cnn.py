"""Small classification CNN (Frid-Adar et al. 2018): conv 3x3 + ReLU + max-pool blocks, dropout, dense head."""

from __future__ import annotations

from collections.abc import Sequence

from torch import Tensor, nn


class SmallCNN(nn.Module):
    """Images (n, channels, size, size) -> class logits (n, n_classes); `features()` is the dense layer.

    Each width adds a block conv 3x3 -> ReLU -> max-pool 2; then dropout, a dense layer of `hidden`
    units with ReLU (the features) and the output layer. Images must be at least 2^len(widths) pixels.
    """

    def __init__(self, image_size: int, channels: int, n_classes: int, *, widths: Sequence[int] = (16, 32, 64),
                 hidden: int = 64, dropout: float = 0.5) -> None:
        super().__init__()
        size = image_size
        blocks: list[nn.Module] = []
        previous = channels
        for width in widths:
            if size < 2:
                raise ValueError(f"image size {image_size} is too small for {len(widths)} pooling blocks")
            blocks += [nn.Conv2d(previous, width, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            previous, size = width, size // 2
        self.body = nn.Sequential(*blocks, nn.Flatten(), nn.Dropout(dropout),
                                  nn.Linear(previous * size * size, hidden), nn.ReLU(inplace=True))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(hidden, n_classes))

    def features(self, x: Tensor) -> Tensor:
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))
