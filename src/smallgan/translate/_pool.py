"""History of generated images for the CycleGAN discriminators (Shrivastava et al. 2017; Zhu et al. 2017)."""

from __future__ import annotations

import torch
from torch import Tensor


class ImagePool:
    """Keep up to `size` past fakes; each query returns, per image, the new fake or (half the time, once the
    pool is full) a stored one that the new fake replaces. Draws come from torch's global RNG, which the
    Trainer seeds, so training stays reproducible. `size=0` returns the batch unchanged.

    Example:
        >>> pool = ImagePool(50)
        >>> d_input = pool.query(fake.detach())
    """

    def __init__(self, size: int = 50) -> None:
        self.size = size
        self.images: list[Tensor] = []

    def query(self, images: Tensor) -> Tensor:
        if self.size == 0:
            return images.detach()
        out = []
        for image in images.detach():
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif float(torch.rand(())) < 0.5:
                slot = int(torch.randint(len(self.images), ()))
                out.append(self.images[slot])
                self.images[slot] = image
            else:
                out.append(image)
        return torch.stack(out)
