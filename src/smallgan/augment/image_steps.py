"""GAN updates that are not plain G-vs-D: ACGAN (auxiliary classifier) and the semi-supervised GAN.

Both reuse `AdversarialSteps` for optimisers, noise and the monitor, and override the two steps.
References: Odena et al. 2017 (ACGAN); Salimans et al. 2016 and Odena 2016 (semi-supervised GAN).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from .._adversarial import AdversarialSteps
from ..losses import feature_matching


class ACGANSteps(AdversarialSteps):
    """D outputs (n, 1 + K): one adversarial score and K class logits; G is conditioned on a one-hot label.

    Batch: `(images, one_hot)`. D minimises the adversarial loss plus the class cross-entropy on real
    and fake images; G minimises its adversarial loss plus the class cross-entropy of its fakes.
    """

    def __init__(self, *args, class_weight: float = 1.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.class_weight = class_weight

    def _heads(self, x: Tensor) -> tuple[Tensor, Tensor]:
        out = self.discriminator(self.augment(x))
        return out[:, 0], out[:, 1:]

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real, cond = batch[0], batch[1]
        codes = cond.argmax(dim=1)
        self.generator.train()
        self.discriminator.train()
        with torch.no_grad():
            fake = self.generator(self.noise(real.shape[0], real.device), cond)
        real_adv, real_cls = self._heads(real)
        fake_adv, fake_cls = self._heads(fake)
        adversarial = self.loss.discriminator(real_adv, fake_adv)
        classification = F.cross_entropy(real_cls, codes) + F.cross_entropy(fake_cls, codes)
        loss = adversarial + self.class_weight * classification
        record = {"d_loss": float(adversarial.detach()), "d_class": float(classification.detach())}
        return self.update_discriminator(loss, record, lambda x: self._heads(x)[0], real, fake)

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real, cond = batch[0], batch[1]
        fake = self.generator(self.noise(real.shape[0], real.device), cond)
        fake_adv, fake_cls = self._heads(fake)
        adversarial = self.loss.generator(fake_adv)
        classification = F.cross_entropy(fake_cls, cond.argmax(dim=1))
        loss = adversarial + self.class_weight * classification
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return {"g_loss": float(adversarial.detach()), "g_class": float(classification.detach())}


class SGANSteps(AdversarialSteps):
    """Semi-supervised GAN: D gives K class logits; the (K+1)-th "fake" logit is fixed at 0.

    P(real | x) = Z / (Z + 1) with Z = sum(exp(logits)). D minimises the cross-entropy on a labelled
    minibatch (drawn from `labelled_images`, `labelled_codes` at every step) plus the real/fake loss on
    the Trainer's batch (all images, labelled or not) and on generated images. G matches the mean D
    features of real images (feature matching), as Salimans et al. recommend for this setting.
    """

    def __init__(self, *args, labelled_images: Tensor, labelled_codes: Tensor, labelled_batch: int = 32,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.labelled_images, self.labelled_codes = labelled_images, labelled_codes
        self.labelled_batch = min(labelled_batch, len(labelled_codes))

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real = batch[0]
        self.generator.train()
        self.discriminator.train()
        pick = torch.randint(len(self.labelled_codes), (self.labelled_batch,), device=real.device)
        supervised = F.cross_entropy(self.discriminator(self.augment(self.labelled_images[pick])),
                                     self.labelled_codes[pick])
        with torch.no_grad():
            fake = self.generator(self.noise(real.shape[0], real.device))
        lse_real = torch.logsumexp(self.discriminator(self.augment(real)), dim=1)
        lse_fake = torch.logsumexp(self.discriminator(self.augment(fake)), dim=1)
        unsupervised = (F.softplus(lse_real) - lse_real).mean() + F.softplus(lse_fake).mean()
        loss = supervised + unsupervised
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return {"d_supervised": float(supervised.detach()), "d_unsupervised": float(unsupervised.detach())}

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        real = batch[0]
        fake = self.generator(self.noise(real.shape[0], real.device))
        with torch.no_grad():
            real_features = self.discriminator.features(self.augment(real))
        loss = feature_matching(real_features, self.discriminator.features(self.augment(fake)))
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return {"g_feature_matching": float(loss.detach())}
