"""`AdversarialSteps`: the standard G-vs-D update used by every plain or conditional GAN."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn

from ._optim import adam
from .losses import (
    AdversarialLoss,
    clip_weights,
    critic_pass,
    feature_matching,
    get_loss,
    gradient_penalty,
    rbf_mmd,
)


class AdversarialSteps:
    """Discriminator and generator updates for one G/D pair, any loss of `losses.ADVERSARIAL`.

    A batch is `(x,)` or `(x, cond)`; with a condition both nets are called as `net(input, cond)`.

    Args:
        generator: maps noise `(n, latent_dim)` (and cond) to samples.
        discriminator: maps samples (and cond) to one score per row; `features()` is used for
            feature matching when `feature_matching_weight > 0`.
        loss: a loss name or an `AdversarialLoss`.
        augment: differentiable augmentation applied to real and fake inputs of D (DiffAugment).
        mmd_weight: weight of a data-matching term added to G's loss, the multi-bandwidth RBF MMD^2 between
            the generated and the real batch (GMMN / MMD-GAN, Li et al. 2015, 2017); it gives G a direct
            signal from the first step, so a few hundred steps suffice on tiny tables. 0 = plain GAN.
        monitor: optional `() -> float` convergence metric (lower is better) used by the Trainer.
    """

    def __init__(self, generator: nn.Module, discriminator: nn.Module, *, loss: str | AdversarialLoss,
                 latent_dim: int, lr_g: float = 2e-4, lr_d: float = 2e-4, betas: tuple[float, float] | None = None,
                 gp_weight: float = 10.0, feature_matching_weight: float = 0.0,
                 augment: Callable[[Tensor], Tensor] | None = None, mmd_weight: float = 0.0,
                 monitor: Callable[[], float] | None = None) -> None:
        self.loss = get_loss(loss) if isinstance(loss, str) else loss
        self.generator, self.discriminator = generator, discriminator
        self.latent_dim = latent_dim
        betas = betas or self.loss.betas
        if self.loss.clip_value is not None:
            self.opt_g = torch.optim.RMSprop(generator.parameters(), lr=lr_g)
            self.opt_d = torch.optim.RMSprop(discriminator.parameters(), lr=lr_d)
        else:
            self.opt_g = adam(generator.parameters(), lr=lr_g, betas=betas)
            self.opt_d = adam(discriminator.parameters(), lr=lr_d, betas=betas)
        self.gp_weight, self.feature_matching_weight = gp_weight, feature_matching_weight
        self.mmd_weight = mmd_weight
        self.augment = augment or (lambda x: x)
        self._monitor = monitor

    def modules(self) -> dict[str, nn.Module]:
        return {"generator": self.generator, "discriminator": self.discriminator}

    def optimizers(self) -> dict[str, torch.optim.Optimizer]:
        return {"generator": self.opt_g, "discriminator": self.opt_d}

    def noise(self, n: int, device: torch.device) -> Tensor:
        return torch.randn(n, self.latent_dim, device=device)

    def _critic(self, x: Tensor, cond: Tensor | None) -> Tensor:
        out = self.discriminator(self.augment(x)) if cond is None else self.discriminator(self.augment(x), cond)
        return out.reshape(out.shape[0], -1).mean(dim=1)

    def _generate(self, n: int, cond: Tensor | None, device: torch.device) -> Tensor:
        z = self.noise(n, device)
        return self.generator(z) if cond is None else self.generator(z, cond)

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real, cond = batch[0], (batch[1] if len(batch) > 1 else None)
        if not (self.generator.training and self.discriminator.training):
            self.generator.train()
            self.discriminator.train()
        with torch.no_grad():
            fake = self._generate(real.shape[0], cond, real.device)
        if _has_batch_norm(self.discriminator):  # batch statistics must not mix real and fake rows
            real_out, fake_out = self._critic(real, cond), self._critic(fake, cond)
            loss = self.loss.discriminator(real_out, fake_out)
            record = {"d_loss": float(loss.detach())}
            return self.update_discriminator(loss, record, lambda x: self._critic(x, cond), real, fake)
        # One critic pass over real, fake (and the WGAN-GP interpolates): the same losses, fewer calls.
        def joint(x: Tensor) -> Tensor:
            return self._critic(x, None if cond is None else cond.repeat(x.shape[0] // cond.shape[0], 1))

        real_out, fake_out, penalty = critic_pass(joint, real, fake, self.loss.gradient_penalty)
        loss = self.loss.discriminator(real_out, fake_out)
        record = {"d_loss": float(loss.detach())}
        if penalty is not None:
            loss = loss + self.gp_weight * penalty
            record["gp"] = float(penalty.detach())
        return self._step_discriminator(loss, record)

    def update_discriminator(self, loss: Tensor, record: dict[str, float], critic: Callable[[Tensor], Tensor],
                             real: Tensor, fake: Tensor) -> dict[str, float]:
        """Add the loss's gradient penalty (on `critic`), step D's optimiser, clip weights for WGAN."""
        if self.loss.gradient_penalty:
            penalty = gradient_penalty(critic, real, fake)
            loss = loss + self.gp_weight * penalty
            record["gp"] = float(penalty.detach())
        return self._step_discriminator(loss, record)

    def _step_discriminator(self, loss: Tensor, record: dict[str, float]) -> dict[str, float]:
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        if self.loss.clip_value is not None:
            clip_weights(self.discriminator, self.loss.clip_value)
        return record

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real, cond = batch[0], (batch[1] if len(batch) > 1 else None)
        fake = self._generate(real.shape[0], cond, real.device)
        loss = self.loss.generator(self._critic(fake, cond))
        record = {"g_loss": float(loss.detach())}
        if self.feature_matching_weight > 0 and hasattr(self.discriminator, "features"):
            args_real = (real,) if cond is None else (real, cond)
            args_fake = (fake,) if cond is None else (fake, cond)
            fm = feature_matching(self.discriminator.features(*args_real).detach(),
                                  self.discriminator.features(*args_fake))
            loss = loss + self.feature_matching_weight * fm
            record["feature_matching"] = float(fm.detach())
        if self.mmd_weight > 0:
            mmd = rbf_mmd(_with(fake, cond), _with(real, cond))
            loss = loss + self.mmd_weight * mmd
            record["mmd"] = float(mmd.detach())
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return record

    def evaluate(self) -> float | None:
        """The model's convergence metric (lower is better); None when the model gave none."""
        if self._monitor is None:
            return None
        self.generator.eval()
        with torch.no_grad():
            value = float(self._monitor())
        self.generator.train()
        return value


def _has_batch_norm(module: nn.Module) -> bool:
    return any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in module.modules())


def _with(x: Tensor, cond: Tensor | None) -> Tensor:
    return x if cond is None else torch.cat([x, cond], dim=1)
