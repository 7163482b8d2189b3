"""Weight averaging of networks during training (EMA / Polyak averaging of GAN generators).

The average of the last steps' weights is a smoother model than the last step's weights, which oscillate
under the adversarial game; reconstruction-based anomaly scores from it have fewer spurious error spikes.

References:
    Yazici et al. 2019, "The Unusual Effectiveness of Averaging in GAN Training";
    Karras et al. 2018 (progressive GANs: an exponential moving average of the generator).
"""

from __future__ import annotations

import torch
from torch import nn


class WeightAverage:
    """Exponential moving average of the parameters of `modules`, with a warm start.

    Update t (1, 2, ...) uses the decay min(decay, 1 - 1/t): a plain running mean of the first
    1 / (1 - decay) steps' weights, then an exponential average with `decay` (no bias towards the initial
    weights). `apply()` writes the averaged weights into the modules.

    Example:
        >>> average = WeightAverage({"generator": generator}, decay=0.95)
        >>> for _ in range(100):
        ...     train_step(); average.update()
        >>> average.apply()
    """

    def __init__(self, modules: dict[str, nn.Module], decay: float) -> None:
        if not 0.0 < decay < 1.0:
            raise ValueError(f"the averaging decay must be in (0, 1), got {decay}")
        self.decay, self.updates = decay, 0
        self.parameters = [p for module in modules.values() for p in module.parameters()]
        self.shadow = [p.detach().clone() for p in self.parameters]

    @torch.no_grad()
    def update(self) -> None:
        """Fold the modules' current weights into the average."""
        self.updates += 1
        decay = min(self.decay, 1.0 - 1.0 / self.updates)
        torch._foreach_lerp_(self.shadow, [p.detach() for p in self.parameters], 1.0 - decay)

    @torch.no_grad()
    def apply(self) -> None:
        """Copy the averaged weights into the modules."""
        for parameter, average in zip(self.parameters, self.shadow, strict=True):
            parameter.copy_(average)
