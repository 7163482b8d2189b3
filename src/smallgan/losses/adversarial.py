"""Adversarial losses shared by every GAN, picked by name from `ADVERSARIAL`.

Each entry takes discriminator (critic) outputs as raw logits/scores.
References: Goodfellow et al. 2014 (non-saturating), Mao et al. 2017 (LSGAN),
Arjovsky et al. 2017 (WGAN), Gulrajani et al. 2017 (WGAN-GP), Lim & Ye 2017 (hinge).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor


@dataclass(frozen=True)
class AdversarialLoss:
    """A named GAN objective plus the training settings it needs.

    Attributes:
        discriminator: (real_out, fake_out) -> loss to minimise for D.
        generator: fake_out -> loss to minimise for G.
        gradient_penalty: add a WGAN-GP penalty to the critic loss.
        clip_value: clip critic weights to [-c, c] after each step (WGAN).
        n_critic: recommended critic steps per generator step.
        betas: recommended Adam betas.
    """

    name: str
    discriminator: Callable[[Tensor, Tensor], Tensor]
    generator: Callable[[Tensor], Tensor]
    gradient_penalty: bool = False
    clip_value: float | None = None
    n_critic: int = 1
    betas: tuple[float, float] = (0.5, 0.999)


def _bce_d(real: Tensor, fake: Tensor) -> Tensor:
    return (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
            + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))


def _bce_g(fake: Tensor) -> Tensor:  # non-saturating
    return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))


def _ls_d(real: Tensor, fake: Tensor) -> Tensor:
    return 0.5 * (((real - 1.0) ** 2).mean() + (fake**2).mean())


def _ls_g(fake: Tensor) -> Tensor:
    return 0.5 * ((fake - 1.0) ** 2).mean()


def _w_d(real: Tensor, fake: Tensor) -> Tensor:
    return fake.mean() - real.mean()


def _w_g(fake: Tensor) -> Tensor:
    return -fake.mean()


def _hinge_d(real: Tensor, fake: Tensor) -> Tensor:
    return F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()


def _mim_d(real: Tensor, fake: Tensor) -> Tensor:
    """MIM-GAN (She et al. 2020): the exponential information exp(1 - p) replaces -log p."""
    return torch.exp(1.0 - torch.sigmoid(real)).mean() + torch.exp(torch.sigmoid(fake)).mean()


def _mim_g(fake: Tensor) -> Tensor:  # non-saturating form
    return torch.exp(1.0 - torch.sigmoid(fake)).mean()


ADVERSARIAL: dict[str, AdversarialLoss] = {
    "dcgan": AdversarialLoss("dcgan", _bce_d, _bce_g),
    "lsgan": AdversarialLoss("lsgan", _ls_d, _ls_g),
    "wgan": AdversarialLoss("wgan", _w_d, _w_g, clip_value=0.01, n_critic=5, betas=(0.5, 0.9)),
    "wgan-gp": AdversarialLoss("wgan-gp", _w_d, _w_g, gradient_penalty=True, n_critic=5, betas=(0.5, 0.9)),
    "hinge": AdversarialLoss("hinge", _hinge_d, _w_g),
    "mim": AdversarialLoss("mim", _mim_d, _mim_g),
}


def register_loss(loss: AdversarialLoss) -> None:
    """Add a loss to the shared table so every GAN can use it by name."""
    ADVERSARIAL[loss.name] = loss


def get_loss(name: str) -> AdversarialLoss:
    """Look up a loss by name; unknown names raise ValueError listing the known ones."""
    try:
        return ADVERSARIAL[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(ADVERSARIAL)}") from None
