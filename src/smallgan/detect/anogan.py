"""`AnoGAN`: a GAN on normal data; a query is scored by searching the latent space for its best match."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

from .._validation import Interval
from ._common import NetworkDetector


class AnoGAN(NetworkDetector):
    """AnoGAN anomaly detector (tabular rows with MLPs, images with DCGAN nets).

    After training G and D on normal data, each query x is matched by minimising over z
    A(z) = (1 - λ)·mean|x - G(z)| + λ·mean|f(x) - f(G(z))| (f = discriminator features) with Adam.
    The search is vectorised: one optimiser over an `(n_queries * restarts, latent_dim)` tensor,
    started from `restarts` fixed latent points drawn from the fitted seed, so a query gets the
    same score alone or in a batch. The score is the smallest final A over restarts; `anomaly_map`
    gives |x - G(z*)|.

    Args:
        feature_weight: λ, the weight of the discriminator-feature residual (the paper uses 0.1).
        search_steps: Adam steps of the latent search; `search_lr` its learning rate.
        restarts: starting points per query; the best final loss is kept.
        loss: adversarial loss name from `smallgan.losses.ADVERSARIAL` (e.g. "dcgan", "mim").

    Example:
        >>> detector = AnoGAN(epochs=50, search_steps=50, random_state=0).fit(X_normal)
        >>> scores = detector.decision_function(X_test)

    References:
        Schlegl et al. 2017, Unsupervised anomaly detection with generative adversarial networks to guide
        marker discovery (IPMI).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **NetworkDetector._parameter_constraints,
        "loss": [str],
        "n_critic": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "feature_weight": [Interval(numbers.Real, 0, 1, closed="both")],
        "search_steps": [Interval(numbers.Integral, 0, None, closed="left")],
        "search_lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "restarts": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, contamination=0.1, hidden=(64, 64), latent_dim=16, base_width=32, loss="dcgan",
                 epochs=100, batch_size=64, lr=2e-4, n_critic=None, feature_weight=0.1, search_steps=100,
                 search_lr=0.05, restarts=3, max_time=None, scaling="standard", device="auto", random_state=None,
                 verbose=False):
        self.contamination, self.hidden, self.latent_dim = contamination, hidden, latent_dim
        self.base_width = base_width
        self.loss, self.epochs, self.batch_size, self.lr, self.n_critic = loss, epochs, batch_size, lr, n_critic
        self.feature_weight, self.search_steps, self.search_lr = feature_weight, search_steps, search_lr
        self.restarts, self.max_time = restarts, max_time
        self.scaling, self.device, self.random_state, self.verbose = scaling, device, random_state, verbose

    def _build_networks(self) -> None:
        self.generator_ = self._make_decoder(self.latent_dim)
        self.discriminator_ = self._make_encoder(1, norm="batch", dropout=0.0 if self._is_image else 0.2)

    def _train_networks(self, data) -> dict[str, list[float]]:
        from .._adversarial import AdversarialSteps
        from ..losses import get_loss

        loss = get_loss(self.loss)
        steps = AdversarialSteps(self.generator_, self.discriminator_, loss=loss, latent_dim=self.latent_dim,
                                 lr_g=self.lr, lr_d=self.lr)
        trainer = self._trainer(self.epochs, self.n_critic or loss.n_critic, f"AnoGAN[{self.loss}]")
        return trainer.fit(steps, data, self.seed_)

    def _starts(self, device: Any):
        import torch

        generator = torch.Generator().manual_seed(self.seed_ + 1)
        return torch.randn(self.restarts, self.latent_dim, generator=generator).to(device)

    def _residual(self, x, x_features, fake):
        from ..losses import per_sample_l1

        return ((1.0 - self.feature_weight) * per_sample_l1(x, fake)
                + self.feature_weight * per_sample_l1(x_features, self.discriminator_.features(fake)))

    def _search(self, x):
        """Batched latent search; returns (best loss per query, best G(z) per query)."""
        import torch

        n, restarts = x.shape[0], self.restarts
        x_rep = x.repeat_interleave(restarts, dim=0)
        with torch.no_grad():
            target = self.discriminator_.features(x_rep)
        z = self._starts(x.device).repeat(n, 1).requires_grad_(True)
        optimizer = torch.optim.Adam([z], lr=self.search_lr)
        for _ in range(self.search_steps):
            loss = self._residual(x_rep, target, self.generator_(z))
            (z.grad,) = torch.autograd.grad(loss.sum(), z)
            optimizer.step()
        with torch.no_grad():
            fake = self.generator_(z)
            final = self._residual(x_rep, target, fake).view(n, restarts)
            best = final.argmin(dim=1)
            rows = torch.arange(n, device=x.device) * restarts + best
            return final.min(dim=1).values, fake[rows]

    def _score_tensor(self, x):
        return self._search(x)[0]

    def _reconstruct_tensor(self, x):
        return self._search(x)[1]
