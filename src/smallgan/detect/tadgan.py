"""`LSTMGANDetector`: TadGAN-style (or ALGAN-style) LSTM GAN anomaly detection on a time series.

Rolling windows x are encoded (E: x -> z) and decoded (G: z -> x'); a window critic C_x and a latent
critic C_z are trained with WGAN-GP while E and G minimise the critics' losses plus a cycle loss
||x - G(E(x))||^2. The score of a time point combines the reconstruction error (point-wise, area or
DTW) with the critic score, both mapped from windows back to points and smoothed. With `regression` > 0 a head
on the code also predicts the point before and after each window (AER's bidirectional regression) and its
prediction error joins the reconstruction error in the score.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import torch
from torch import Tensor, nn

from .._optim import adam
from .._validation import Interval, StrOptions
from ..losses import critic_pass
from .series_neural import WindowReconstructionDetector, neighbour_loss


class TadGANSteps:
    """TadGAN's updates: critics C_x (windows) and C_z (codes) with WGAN-GP; E and G with the cycle loss.

    `critic_fake="reconstruction"`: C_x judges real windows against their reconstructions G(E(x)) instead of decoded
    noise G(z), and E and G are pushed to make reconstructions C_x accepts (discriminator-aided reconstruction)."""

    def __init__(self, encoder: nn.Module, generator: nn.Module, critic_x: nn.Module, critic_z: nn.Module, *,
                 latent_dim: int, lr: float, critic_lr: float | None = None, cycle_weight: float = 10.0,
                 gp_weight: float = 10.0, gp_every: int = 1, n_critic: int = 1, regressor: nn.Module | None = None,
                 regression: float = 0.0, critic_fake: str = "prior") -> None:
        self.encoder, self.generator, self.critic_x, self.critic_z = encoder, generator, critic_x, critic_z
        self.critic_fake = critic_fake
        self.regressor, self.regression = regressor, regression
        self.latent_dim, self.cycle_weight, self.gp_weight = latent_dim, cycle_weight, gp_weight
        self.gp_every, self.critic_steps, self.n_critic = gp_every, 0, n_critic
        self._prepared: tuple[tuple[int, int], tuple[Tensor, Tensor, Tensor]] | None = None
        self.warmup_updates, self.updates = 0, 0
        betas = (0.5, 0.9)
        reconstructing = [*encoder.parameters(), *generator.parameters()]
        self.opt_eg = adam(reconstructing + ([*regressor.parameters()] if regressor is not None else []), lr=lr,
                           betas=betas)
        critic_lr = critic_lr or lr
        self.opt_cx = adam(critic_x.parameters(), lr=critic_lr, betas=betas)
        self.opt_cz = adam(critic_z.parameters(), lr=critic_lr, betas=betas)

    def modules(self) -> dict[str, nn.Module]:
        modules = {"encoder": self.encoder, "generator": self.generator, "critic_x": self.critic_x,
                   "critic_z": self.critic_z}
        return modules | ({"regressor": self.regressor} if self.regressor is not None else {})

    def optimizers(self) -> dict[str, torch.optim.Optimizer]:
        return {"encoder_generator": self.opt_eg, "critic_x": self.opt_cx, "critic_z": self.opt_cz}

    def averaged_modules(self) -> tuple[str, ...]:
        """The networks that reconstruct windows (and predict their neighbours): weight-averaged when the Trainer
        has `ema`."""
        return ("encoder", "generator") + (("regressor",) if self.regressor is not None else ())

    def _train_mode(self) -> None:
        if not all(module.training for module in self.modules().values()):  # .train() walks every submodule
            for module in self.modules().values():
                module.train()

    @property
    def adversarial(self) -> bool:
        """False during the warm-up updates, where E and G learn the cycle loss only (no critic steps)."""
        return self.updates >= self.warmup_updates

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        self._train_mode()
        if not self.adversarial:
            return {}
        x = batch[0]
        z, fake_x, fake_z = self._critic_inputs(x)
        # lazy regularisation (StyleGAN2): the penalty every `gp_every`-th critic step, scaled by `gp_every`
        penalise = self.gp_weight > 0 and self.critic_steps % self.gp_every == 0
        self.critic_steps += 1
        loss_x = self._critic_loss(self.critic_x, x, fake_x, penalise)
        loss_z = self._critic_loss(self.critic_z, z, fake_z, penalise)
        self.opt_cx.zero_grad(set_to_none=True)
        self.opt_cz.zero_grad(set_to_none=True)
        (loss_x + loss_z).backward()
        self.opt_cx.step()
        self.opt_cz.step()
        return {"critic_x": float(loss_x.detach()), "critic_z": float(loss_z.detach())}

    def _critic_inputs(self, x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """(z, fake window, E(x)) of this critic step; the fake window is G(z), or G(E(x)) when the critic judges
        reconstructions. E and G do not change between the critic steps on one batch, so E(x) is computed once per
        batch and G decodes the noise of all `n_critic` steps in one call (the LSTM's time steps run once, not
        2 x n_critic times)."""
        n = x.shape[0]
        key = (x.data_ptr(), self.updates)  # a new batch or an E/G update: prepare again
        if self._prepared is None or self._prepared[0] != key or self.critic_steps % self.n_critic == 0:
            with torch.no_grad():
                noise = torch.randn(self.n_critic * n, self.latent_dim, device=x.device)
                codes = self.encoder(x)
                fakes = self.generator(codes if self.critic_fake == "reconstruction" else noise)
                self._prepared = (key, (noise, fakes, codes))
        noise, fakes, codes = self._prepared[1]
        part = slice((self.critic_steps % self.n_critic) * n, (self.critic_steps % self.n_critic + 1) * n)
        return noise[part], (fakes if self.critic_fake == "reconstruction" else fakes[part]), codes

    def _critic_loss(self, critic: nn.Module, real: Tensor, fake: Tensor, penalise: bool) -> Tensor:
        """WGAN critic loss from one critic call on [real, fake] (and the GP interpolates when `penalise`)."""
        real_out, fake_out, penalty = critic_pass(critic, real, fake, penalise,
                                                  penalty_apart=critic is self.critic_x)  # the conv critic
        loss = fake_out.mean() - real_out.mean()
        if penalty is not None:
            loss = loss + self.gp_every * self.gp_weight * penalty
        return loss

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        x = batch[0]
        z = torch.randn(x.shape[0], self.latent_dim, device=x.device)
        code = self.encoder(x)
        # one generator call decodes the codes and the noise together (the LSTM's steps run once, not twice)
        from_noise = self.adversarial and self.critic_fake == "prior"
        decoded = self.generator(torch.cat([code, z]) if from_noise else code)
        reconstruction = decoded[: x.shape[0]]
        fake = decoded[x.shape[0]:] if from_noise else reconstruction
        cycle = ((x - reconstruction) ** 2).mean()
        loss = self.cycle_weight * cycle
        record = {"cycle": float(cycle.detach())}
        if self.regressor is not None:  # AER: predict the point before and after each window from its code
            squared = neighbour_loss(self.regressor, code, batch)
            loss = loss + self.cycle_weight * self.regression * squared
            record["regression"] = float(squared.detach())
        if self.adversarial:
            adversarial = -self.critic_x(fake).mean() - self.critic_z(code).mean()
            loss = loss + adversarial
            record["eg_adversarial"] = float(adversarial.detach())
        self.opt_eg.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_eg.step()
        self.updates += 1
        return record


class CriticRefit:
    """GANSteps that train TadGAN's critics only, against the finished (frozen) encoder and generator, so that the
    critic scoring the windows has caught up with the generator it judges (`LSTMGANDetector(critic_epochs=...)`)."""

    def __init__(self, steps: TadGANSteps) -> None:
        self.steps = steps

    def modules(self) -> dict[str, nn.Module]:
        return {"critic_x": self.steps.critic_x, "critic_z": self.steps.critic_z}

    def optimizers(self) -> dict[str, torch.optim.Optimizer]:
        return {"critic_x": self.steps.opt_cx, "critic_z": self.steps.opt_cz}

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        return self.steps.discriminator_step(batch)

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        return {}


class LSTMGANDetector(WindowReconstructionDetector):
    """LSTM GAN detector of anomalous time points and intervals (TadGAN; ALGAN with `variant="algan"`).

    Args:
        window_size: points per rolling window.
        variant: "tadgan" (BiLSTM encoder/generator) or "algan" (adjusted LSTM: attention on the LSTM
            inputs and outputs).
        latent_dim, hidden: size of z and of each LSTM direction.
        n_critic: critic updates per encoder/generator update (TadGAN: 5).
        gp_every: compute the critics' gradient penalty every `gp_every`-th critic update only, scaled by
            `gp_every` (lazy regularisation, StyleGAN2); 1 = every update.
        cycle_weight: weight of ||x - G(E(x))||^2 against the adversarial terms.
        warmup: fraction of the epochs where E and G learn the cycle loss only, before the critics join
            (on a CPU budget the critics otherwise collapse the encoder before it learns to reconstruct).
        train_step: train on every `train_step`-th window (1 = all; larger is faster on long series).
        rec_error: reconstruction error "point", "area" or "dtw"; `score_window` is its window.
        smooth: rolling-mean length of the error and critic scores, as a fraction of the series (< 1) or points.
        combine: "mult" (TadGAN: product of the normalised error and critic scores), "sum" (`alpha` x error +
            (1 - alpha) x critic), "rec", "critic".
        edge: "ramp" scales the scores of the first and last window - 1 points by their window coverage (they
            are reconstructed from few windows and otherwise false-alarm), "none" keeps them.
        contamination: fraction of training points above `threshold_` (PyOD contract).
        max_time: training time budget in seconds (None: no limit).
        ema: score with an exponential moving average (this decay, e.g. 0.95) of the encoder's and
            generator's weights over the training steps instead of the last step's (None: off).
        regression: weight, relative to the cycle loss, of a bidirectional regression head on the code that
            predicts the point before and after each window (AER; 0 = off, TadGAN). Its prediction error joins
            the reconstruction error in the score as `reg_combine` says: "mult" (AER's default), "sum", "reg"
            (prediction error only) or "rec" (ignored).
        critic_epochs: epochs of critic-only updates after training, with the encoder and generator frozen (their
            weight average when `ema`), so that the critic that scores the windows has caught up with the final
            generator (0 = off, TadGAN); its losses are in `critic_history_`.
        critic_score: what the critic contributes per window: "value" (TadGAN: its output on the window) or
            "features" (the mean absolute difference of its convolutional features of the window and of the
            window's reconstruction: the discriminator feature residual of f-AnoGAN, EGBAD and AEGAN-AD).
        critic_fake: what the window critic judges real windows against: "prior" (TadGAN: windows decoded from
            z ~ N(0, I)) or "reconstruction" (the windows' reconstructions G(E(x)), with E and G also trained to
            fool it: discriminator-aided reconstruction, as AEGAN-AD; with `critic_score="features"` its score).

    Example:
        >>> detector = LSTMGANDetector(window_size=50, epochs=10, random_state=0).fit(values)
        >>> scores = detector.decision_scores_              # one per time point
        >>> intervals = detector.detect_intervals()         # [(start, end, severity), ...]

    References:
        Geiger et al. 2020, "TadGAN: Time Series Anomaly Detection Using Generative Adversarial Networks".
        Bashar & Nayak 2023, "ALGAN: Time Series Anomaly Detection with Adjusted-LSTM GAN".
        Wong et al. 2022, "AER: Auto-Encoder with Regression for Time Series Anomaly Detection".
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **WindowReconstructionDetector._parameter_constraints,
        "variant": [StrOptions({"tadgan", "algan"})],
        "n_critic": [Interval(numbers.Integral, 1, None, closed="left")],
        "gp_every": [Interval(numbers.Integral, 1, None, closed="left")],
        "cycle_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "warmup": [Interval(numbers.Real, 0, 1, closed="left")],
        "critic_agg": [StrOptions({"median", "kde"})],
        "critic_epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "critic_score": [StrOptions({"value", "features"})],
        "critic_fake": [StrOptions({"prior", "reconstruction"})],
    }
    _scoring_params: ClassVar[tuple[str, ...]] = ("critic_agg", "critic_score")
    _desc: ClassVar[str] = "LSTM-GAN"

    def __init__(self, *, window_size: int = 100, variant: str = "tadgan", latent_dim: int = 20, hidden: int = 32,
                 epochs: int = 30, batch_size: int = 64, n_critic: int = 5, gp_every: int = 1, lr: float = 1e-3,
                 cycle_weight: float = 10.0, warmup: float = 0.5, train_step: int = 1, rec_error: str = "dtw",
                 score_window: int = 10, smooth: float = 0.01, combine: str = "mult", alpha: float = 0.5,
                 edge: str = "ramp", contamination: float = 0.1, max_time: float | None = None,
                 ema: float | None = None, regression: float = 0.0, reg_combine: str = "mult",
                 critic_agg: str = "median", critic_epochs: int = 0, critic_score: str = "value",
                 critic_fake: str = "prior", device: str = "auto", random_state: Any = None,
                 verbose: bool = False) -> None:
        self.window_size, self.variant, self.latent_dim, self.hidden = window_size, variant, latent_dim, hidden
        self.epochs, self.batch_size, self.n_critic, self.gp_every = epochs, batch_size, n_critic, gp_every
        self.lr = lr
        self.cycle_weight, self.warmup, self.train_step, self.rec_error = cycle_weight, warmup, train_step, rec_error
        self.score_window, self.smooth, self.combine, self.alpha = score_window, smooth, combine, alpha
        self.edge, self.contamination = edge, contamination
        self.max_time, self.ema, self.device, self.random_state = max_time, ema, device, random_state
        self.regression, self.reg_combine, self.critic_agg = regression, reg_combine, critic_agg
        self.critic_epochs, self.critic_score, self.critic_fake = critic_epochs, critic_score, critic_fake
        self.verbose = verbose

    def _network_names(self) -> tuple[str, ...]:
        return ("encoder_", "generator_", "critic_x_", "critic_z_", *self._head_names())

    def _build_steps(self) -> TadGANSteps:
        from ..nets import MLP
        from ..nets.lstm import LSTMDecoder, LSTMEncoder, WindowCritic

        adjusted, channels = self.variant == "algan", self.n_features_in_
        self.encoder_ = LSTMEncoder(channels, self.latent_dim, hidden=self.hidden, adjusted=adjusted)
        self.generator_ = LSTMDecoder(self.latent_dim, self.window_size, channels, hidden=self.hidden,
                                      adjusted=adjusted)
        self.critic_x_ = WindowCritic(self.window_size, channels)
        self.critic_z_ = MLP(self.latent_dim, (self.hidden, self.hidden), 1)
        return TadGANSteps(self.encoder_, self.generator_, self.critic_x_, self.critic_z_,
                           latent_dim=self.latent_dim, lr=self.lr, cycle_weight=self.cycle_weight,
                           gp_every=self.gp_every, n_critic=self.n_critic, regressor=self._build_regressor(),
                           regression=self.regression, critic_fake=self.critic_fake)

    def _configure_steps(self, steps: TadGANSteps, batches_per_epoch: int) -> None:
        steps.warmup_updates = int(round(self.warmup * self.epochs)) * batches_per_epoch

    def _after_training(self, steps: TadGANSteps, tensors: list[Tensor]) -> None:
        """`critic_epochs` of critic-only updates on the same windows (batch order from the next seed)."""
        from .._train import Trainer

        self.critic_history_: dict[str, list[float]] = {}
        if self.critic_epochs:
            trainer = Trainer(epochs=self.critic_epochs, batch_size=self.batch_size, n_critic=self.n_critic,
                              verbose=bool(self.verbose), max_time=self.max_time, desc=f"{self._desc} critic")
            self.critic_history_ = trainer.fit(CriticRefit(steps), tensors[0] if len(tensors) == 1 else tensors,
                                               self.seed_ + 1)

    def _encode_decode(self, batch: Tensor) -> tuple[Tensor, Tensor | None]:
        reconstruction = self.generator_(self.encoder_(batch))
        if self.critic_score == "features":
            features = self.critic_x_.features
            return reconstruction, (features(batch) - features(reconstruction)).abs().mean(1)
        return reconstruction, self.critic_x_(batch)
