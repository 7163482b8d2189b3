"""`EGBAD`: BiGAN/ALI (encoder learned jointly with G and D) used as an anomaly detector."""

from __future__ import annotations

import numbers
from typing import ClassVar

from .._validation import Interval, StrOptions
from ._common import NetworkDetector
from ._nets import JointDiscriminator

_MONITOR_ROWS = 1024


class BiGANSteps:
    """Trainer steps of a BiGAN: D tells (x, E(x)) from (G(z), z); G and E are updated together to
    swap D's verdicts (plus `cycle_weight`·mean|x - G(E(x))|, ALICE). Works with any loss of `ADVERSARIAL`
    without a gradient penalty or clipping."""

    def __init__(self, generator, encoder, discriminator, *, loss, latent_dim: int, lr: float,
                 lr_d: float | None = None, cycle_weight: float = 0.0, monitor_rows=None) -> None:
        import itertools

        import torch

        self.generator, self.encoder, self.discriminator = generator, encoder, discriminator
        self.loss, self.latent_dim, self.monitor_rows = loss, latent_dim, monitor_rows
        self.cycle_weight = cycle_weight
        self.opt_ge = torch.optim.Adam(itertools.chain(generator.parameters(), encoder.parameters()), lr=lr,
                                       betas=loss.betas)
        self.opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr if lr_d is None else lr_d, betas=loss.betas)

    def modules(self):
        return {"generator": self.generator, "encoder": self.encoder, "discriminator": self.discriminator}

    def optimizers(self):
        return {"generator_encoder": self.opt_ge, "discriminator": self.opt_d}

    def _pairs(self, x, detach: bool):
        import torch

        z = torch.randn(x.shape[0], self.latent_dim, device=x.device)
        encoded, generated = self.encoder(x), self.generator(z)
        if detach:
            encoded, generated = encoded.detach(), generated.detach()
        return self.discriminator(x, encoded).ravel(), self.discriminator(generated, z).ravel()

    def discriminator_step(self, batch) -> dict[str, float]:
        for net in self.modules().values():
            net.train()
        real, fake = self._pairs(batch[0], detach=True)
        loss = self.loss.discriminator(real, fake)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return {"d_loss": float(loss.detach())}

    def generator_step(self, batch) -> dict[str, float]:
        real, fake = self._pairs(batch[0], detach=False)
        loss = self.loss.discriminator(fake, real)  # roles swapped: G and E want D to be wrong
        if self.cycle_weight > 0:  # ALICE's explicit cycle consistency: x ~ G(E(x))
            x = batch[0]
            loss = loss + self.cycle_weight * (x - self.generator(self.encoder(x))).abs().mean()
        self.opt_ge.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_ge.step()
        return {"ge_loss": float(loss.detach())}

    def evaluate(self) -> float | None:
        """Convergence signal (lower is better, no labels): mean |x - G(E(x))| on a fixed subset of the
        training rows. At BiGAN's optimum E inverts G, so a drifting or collapsed pair shows up here."""
        import torch

        if self.monitor_rows is None:
            return None
        for net in (self.generator, self.encoder):
            net.eval()
        with torch.no_grad():
            x = self.monitor_rows
            return float((x - self.generator(self.encoder(x))).abs().mean())


class EGBAD(NetworkDetector):
    """EGBAD anomaly detector: an encoder E learned jointly with G and D (BiGAN), one pass per query.

    Score of x: (1 - w)·mean|x - G(E(x))| + w·L_D, with L_D the feature-matching distance
    mean|f(x, E(x)) - f(G(E(x)), E(x))| (`discriminator_score="fm"`) or the cross-entropy of
    D(x, E(x)) against "real" (`"ce"`).

    Args:
        weight: w, the share of the discriminator term in the score (EGBAD uses 0.1).
        discriminator_score: "fm" (feature matching) or "ce" (cross-entropy).
        loss: adversarial loss without gradient penalty: "dcgan" (BiGAN's), "lsgan", "hinge" or "mim".
        lr: learning rate of G and E; lr_d: of D (None: lr / 10). A D as fast as G/E wins the BiGAN game
            on small tabular sets and G(E(x)) never becomes a reconstruction (KDD99 F1 0.06).
        cycle_weight: weight of ALICE's cycle-consistency term mean|x - G(E(x))| added to the G/E loss
            (0: plain BiGAN as in the EGBAD paper). It pins E to invert G and makes training stable.
        patience: early stopping (None: off): stop when the cycle residual on a fixed subset of training
            rows has not improved for this many evaluations (every `eval_every` epochs); the best state
            is restored.
        clip: rows only (None: off): winsorise each column at mean +- clip·std of the training rows (also
            at scoring time), then standardise again, so that one extreme column (bytes, counts) cannot
            dominate the L1 score.
        scaling: rows only: "standard" (default), "minmax" or None. With one-hot columns prefer
            "minmax": standardising a column whose 1s have share p turns each 1 into about 1/sqrt(p), so
            rare categories dominate the score (benchmarks/detection.py uses "minmax" on KDD99).

    Example:
        >>> detector = EGBAD(epochs=50, contamination=0.2, random_state=0).fit(X_normal)
        >>> labels = detector.predict(X_test)

    References:
        Zenati et al. 2018, Efficient GAN-based anomaly detection (ICLR workshop); Donahue et al. 2017;
        Li et al. 2017, ALICE: towards understanding adversarial learning for joint distribution matching.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **NetworkDetector._parameter_constraints,
        "loss": [StrOptions({"dcgan", "lsgan", "hinge", "mim"})],
        "weight": [Interval(numbers.Real, 0, 1, closed="both")],
        "discriminator_score": [StrOptions({"fm", "ce"})],
        "lr_d": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "patience": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "eval_every": [Interval(numbers.Integral, 1, None, closed="left")],
        "cycle_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "clip": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }
    _module_names: ClassVar[tuple[str, ...]] = ("generator", "discriminator", "encoder")

    def __init__(self, *, contamination=0.1, hidden=(64, 64), latent_dim=16, base_width=32, loss="dcgan",
                 weight=0.1, discriminator_score="fm", epochs=100, batch_size=64, lr=2e-4, lr_d=None,
                 cycle_weight=1.0, clip=None, patience=None, eval_every=1, max_time=None, scaling="standard",
                 device="auto", random_state=None, verbose=False):
        self.contamination, self.hidden, self.latent_dim = contamination, hidden, latent_dim
        self.base_width = base_width
        self.loss, self.weight, self.discriminator_score = loss, weight, discriminator_score
        self.epochs, self.batch_size, self.lr, self.max_time = epochs, batch_size, lr, max_time
        self.lr_d, self.patience, self.eval_every = lr_d, patience, eval_every
        self.cycle_weight, self.clip = cycle_weight, clip
        self.scaling, self.device, self.random_state, self.verbose = scaling, device, random_state, verbose

    def _build_networks(self) -> None:
        width = int(tuple(self.hidden)[-1]) if not self._is_image else 4 * self.base_width
        self.generator_ = self._make_decoder(self.latent_dim)
        self.encoder_ = self._make_encoder(self.latent_dim, norm="batch")
        branch = self._make_encoder(width, norm=None, dropout=0.0 if self._is_image else 0.2)
        self.discriminator_ = JointDiscriminator(branch, self.latent_dim, width).to(self.device_)

    def _train_networks(self, data) -> dict[str, list[float]]:
        import torch

        from ..losses import get_loss

        monitor = None
        if self.patience is not None:  # a fixed random subset of the training rows (no labels involved)
            pick = torch.randperm(data.shape[0], generator=torch.Generator().manual_seed(self.seed_))[:_MONITOR_ROWS]
            monitor = data[pick.to(data.device)]
        steps = BiGANSteps(self.generator_, self.encoder_, self.discriminator_, loss=get_loss(self.loss),
                           latent_dim=self.latent_dim, lr=self.lr,
                           lr_d=self.lr / 10 if self.lr_d is None else self.lr_d, cycle_weight=self.cycle_weight,
                           monitor_rows=monitor)
        trainer = self._trainer(self.epochs, 1, f"EGBAD[{self.loss}]", patience=self.patience,
                                eval_every=self.eval_every)
        return trainer.fit(steps, data, self.seed_)

    def _reconstruct_tensor(self, x):
        import torch

        with torch.no_grad():
            return self.generator_(self.encoder_(x))

    def _score_tensor(self, x):
        import torch
        import torch.nn.functional as F

        from ..losses import per_sample_l1

        with torch.no_grad():
            z = self.encoder_(x)
            fake = self.generator_(z)
            if self.discriminator_score == "fm":
                d_term = per_sample_l1(self.discriminator_.features(x, z), self.discriminator_.features(fake, z))
            else:
                logits = self.discriminator_(x, z).ravel()
                d_term = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits), reduction="none")
            return (1.0 - self.weight) * per_sample_l1(x, fake) + self.weight * d_term
