"""`FAnoGAN`: WGAN-GP on normal data, then an encoder trained with G fixed; one forward pass per query."""

from __future__ import annotations

import numbers
from typing import ClassVar

from .._rng import spawn_seeds
from .._validation import Interval, StrOptions
from ._common import NetworkDetector


class EncoderSteps:
    """Trainer steps of f-AnoGAN's second phase: only the encoder learns; G and D stay fixed.

    Modes: `ziz` (z -> G -> E -> z), `izi` (x -> E -> G -> x) and `izi_f` (izi plus a residual
    of discriminator features weighted by `kappa`).
    """

    def __init__(self, encoder, generator, discriminator, *, mode: str, kappa: float, latent_dim: int,
                 lr: float) -> None:
        import torch

        self.encoder, self.generator, self.discriminator = encoder, generator, discriminator
        self.mode, self.kappa, self.latent_dim = mode, kappa, latent_dim
        self.optimizer = torch.optim.Adam(encoder.parameters(), lr=lr, betas=(0.5, 0.9))
        for net in (generator, discriminator):
            net.eval().requires_grad_(False)

    def modules(self):
        return {"encoder": self.encoder}

    def optimizers(self):
        return {"encoder": self.optimizer}

    def discriminator_step(self, batch) -> dict[str, float]:
        return {}

    def generator_step(self, batch) -> dict[str, float]:
        import torch

        from ..losses import l2

        x = batch[0]
        self.encoder.train()
        if self.mode == "ziz":
            z = torch.randn(x.shape[0], self.latent_dim, device=x.device)
            loss = l2(self.encoder(self.generator(z)), z)
        else:
            fake = self.generator(self.encoder(x))
            loss = l2(fake, x)
            if self.mode == "izi_f":
                loss = loss + self.kappa * l2(self.discriminator.features(fake),
                                              self.discriminator.features(x))
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        return {"encoder_loss": float(loss.detach())}


class FAnoGAN(NetworkDetector):
    """f-AnoGAN anomaly detector: fast scoring with a learned encoder instead of a latent search.

    Phase 1 trains a WGAN-GP (G, critic D) on normal data; phase 2 trains an encoder E with G fixed
    (`mode` = "ziz", "izi" or "izi_f"). The score of x is
    mean (x - G(E(x)))² + κ · mean (f(x) - f(G(E(x))))² with f the critic's features; `anomaly_map`
    gives |x - G(E(x))|.

    Args:
        mode: encoder training objective ("izi_f" is the paper's best).
        kappa: κ, weight of the feature residual in training (izi_f) and in the score.
        encoder_epochs: epochs of phase 2 (default: same as `epochs`).
        n_critic: critic steps per generator step in phase 1 (WGAN-GP uses 5).

    Example:
        >>> detector = FAnoGAN(epochs=100, random_state=0).fit(X_normal)
        >>> maps = detector.anomaly_map(images)  # images only

    References:
        Schlegl et al. 2019, f-AnoGAN: fast unsupervised anomaly detection with generative adversarial
        networks (Medical Image Analysis); Gulrajani et al. 2017 (WGAN-GP).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **NetworkDetector._parameter_constraints,
        "mode": [StrOptions({"ziz", "izi", "izi_f"})],
        "kappa": [Interval(numbers.Real, 0, None, closed="left")],
        "encoder_epochs": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "n_critic": [Interval(numbers.Integral, 1, None, closed="left")],
    }
    _module_names: ClassVar[tuple[str, ...]] = ("generator", "discriminator", "encoder")

    def __init__(self, *, contamination=0.1, hidden=(64, 64), latent_dim=16, base_width=32, mode="izi_f",
                 kappa=1.0, epochs=100, encoder_epochs=None, batch_size=64, lr=2e-4, n_critic=5, max_time=None,
                 scaling="standard", device="auto", random_state=None, verbose=False):
        self.contamination, self.hidden, self.latent_dim = contamination, hidden, latent_dim
        self.base_width = base_width
        self.mode, self.kappa, self.epochs, self.encoder_epochs = mode, kappa, epochs, encoder_epochs
        self.batch_size, self.lr, self.n_critic, self.max_time = batch_size, lr, n_critic, max_time
        self.scaling, self.device, self.random_state, self.verbose = scaling, device, random_state, verbose

    def _build_networks(self) -> None:
        self.generator_ = self._make_decoder(self.latent_dim)
        self.discriminator_ = self._make_encoder(1, norm=None)  # no batch norm in a gradient-penalty critic
        self.encoder_ = self._make_encoder(self.latent_dim, norm="batch")

    def _train_networks(self, data) -> dict[str, list[float]]:
        from .._adversarial import AdversarialSteps

        gan_seed, encoder_seed = spawn_seeds(self.seed_, 2)
        steps = AdversarialSteps(self.generator_, self.discriminator_, loss="wgan-gp", latent_dim=self.latent_dim,
                                 lr_g=self.lr, lr_d=self.lr)
        history = self._trainer(self.epochs, self.n_critic, "f-AnoGAN[wgan-gp]").fit(steps, data, gan_seed)
        encoder_steps = EncoderSteps(self.encoder_, self.generator_, self.discriminator_, mode=self.mode,
                                     kappa=self.kappa, latent_dim=self.latent_dim, lr=self.lr)
        epochs = self.epochs if self.encoder_epochs is None else self.encoder_epochs
        encoder_history = self._trainer(epochs, 1, f"f-AnoGAN[{self.mode}]").fit(encoder_steps, data, encoder_seed)
        history["encoder_loss"] = encoder_history.get("encoder_loss", [])
        return history

    def _reconstruct_tensor(self, x):
        import torch

        with torch.no_grad():
            return self.generator_(self.encoder_(x))

    def _score_tensor(self, x):
        import torch

        from ..losses import per_sample_l2

        with torch.no_grad():
            fake = self.generator_(self.encoder_(x))
            feature_residual = per_sample_l2(self.discriminator_.features(fake), self.discriminator_.features(x))
            return per_sample_l2(x, fake) + self.kappa * feature_residual
