"""`GANomaly`: encoder-decoder-encoder generator; the anomaly score is the distance of the two latent codes."""

from __future__ import annotations

import numbers
from typing import ClassVar

from .._validation import Interval
from ._common import NetworkDetector
from ._nets import EncoderDecoderEncoder


class GANomalySteps:
    """Trainer steps of GANomaly: D tells x from G's reconstruction x_hat; G minimises
    w_adv·|f(x) - f(x_hat)|² + w_con·|x - x_hat| + w_enc·|z - z_hat|²."""

    def __init__(self, generator, discriminator, *, loss, weights: tuple[float, float, float], lr: float) -> None:
        import torch

        self.generator, self.discriminator, self.loss = generator, discriminator, loss
        self.adversarial_weight, self.contextual_weight, self.latent_weight = weights
        self.opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.999))

    def modules(self):
        return {"generator": self.generator, "discriminator": self.discriminator}

    def optimizers(self):
        return {"generator": self.opt_g, "discriminator": self.opt_d}

    def discriminator_step(self, batch) -> dict[str, float]:
        import torch

        x = batch[0]
        self.generator.train()
        self.discriminator.train()
        with torch.no_grad():
            _, x_hat, _ = self.generator(x)
        loss = self.loss.discriminator(self.discriminator(x).ravel(), self.discriminator(x_hat).ravel())
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return {"d_loss": float(loss.detach())}

    def generator_step(self, batch) -> dict[str, float]:
        from ..losses import l1, l2

        x = batch[0]
        z, x_hat, z_hat = self.generator(x)
        adversarial = l2(self.discriminator.features(x_hat), self.discriminator.features(x).detach())
        contextual, latent = l1(x_hat, x), l2(z_hat, z)
        loss = (self.adversarial_weight * adversarial + self.contextual_weight * contextual
                + self.latent_weight * latent)
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return {"g_loss": float(loss.detach()), "adversarial": float(adversarial.detach()),
                "contextual": float(contextual.detach()), "latent": float(latent.detach())}


class GANomaly(NetworkDetector):
    """GANomaly anomaly detector: x -> E1 -> z -> G -> x_hat -> E2 -> z_hat; score = mean (z - z_hat)².

    Trained on normal data with an adversarial (discriminator feature-matching), a contextual (L1
    reconstruction) and a latent (encoder) loss; their weights are parameters (paper: 1, 50, 1).
    `anomaly_map` gives |x - x_hat|.

    Args:
        adversarial_weight, contextual_weight, latent_weight: the three loss weights.
        loss: adversarial loss of D from `smallgan.losses.ADVERSARIAL` (the paper's is "dcgan").

    Example:
        >>> detector = GANomaly(epochs=15, random_state=0).fit(normal_images)
        >>> scores = detector.decision_function(test_images)

    References:
        Akcay, Atapour-Abarghouei & Breckon 2018, GANomaly: semi-supervised anomaly detection via
        adversarial training (ACCV).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **NetworkDetector._parameter_constraints,
        "loss": [str],
        "adversarial_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "contextual_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "latent_weight": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def __init__(self, *, contamination=0.1, hidden=(64, 64), latent_dim=16, base_width=32, loss="dcgan",
                 adversarial_weight=1.0, contextual_weight=50.0, latent_weight=1.0, epochs=100, batch_size=64,
                 lr=2e-4, max_time=None, scaling="standard", device="auto", random_state=None, verbose=False):
        self.contamination, self.hidden, self.latent_dim = contamination, hidden, latent_dim
        self.base_width = base_width
        self.loss, self.adversarial_weight = loss, adversarial_weight
        self.contextual_weight, self.latent_weight = contextual_weight, latent_weight
        self.epochs, self.batch_size, self.lr, self.max_time = epochs, batch_size, lr, max_time
        self.scaling, self.device, self.random_state, self.verbose = scaling, device, random_state, verbose

    def _build_networks(self) -> None:
        self.generator_ = EncoderDecoderEncoder(self._make_encoder(self.latent_dim, norm="batch"),
                                                self._make_decoder(self.latent_dim),
                                                self._make_encoder(self.latent_dim, norm="batch"))
        self.discriminator_ = self._make_encoder(1, norm="batch")

    def _train_networks(self, data) -> dict[str, list[float]]:
        from ..losses import get_loss

        loss = get_loss(self.loss)
        if loss.gradient_penalty or loss.clip_value is not None:
            raise ValueError(f"GANomaly needs a loss without gradient penalty or clipping, got {self.loss!r}")
        steps = GANomalySteps(self.generator_, self.discriminator_, loss=loss, lr=self.lr,
                              weights=(self.adversarial_weight, self.contextual_weight, self.latent_weight))
        return self._trainer(self.epochs, 1, f"GANomaly[{self.loss}]").fit(steps, data, self.seed_)

    def _reconstruct_tensor(self, x):
        import torch

        with torch.no_grad():
            return self.generator_(x)[1]

    def _score_tensor(self, x):
        import torch

        from ..losses import per_sample_l2

        with torch.no_grad():
            z, _, z_hat = self.generator_(x)
            return per_sample_l2(z, z_hat)
