import math
import warnings

import pytest
import torch
from torch import nn

from smallgan._train import Trainer
from smallgan.exceptions import TrainingDivergedError
from smallgan.losses import ADVERSARIAL, gradient_penalty


class FakeSteps:
    """A toy GANSteps: one linear layer; reports NaN from a given epoch on; monitor from a list."""

    def __init__(self, nan_after=None, monitor=None):
        self.net = nn.Linear(2, 1)
        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        self.calls, self.nan_after, self.monitor = 0, nan_after, list(monitor or [])

    def modules(self):
        return {"net": self.net}

    def optimizers(self):
        return {"net": self.opt}

    def discriminator_step(self, batch):
        self.calls += 1
        return {"d_loss": 1.0}

    def generator_step(self, batch):
        with torch.no_grad():
            self.net.weight.add_(1.0)
        bad = self.nan_after is not None and self.calls > self.nan_after
        return {"g_loss": math.nan if bad else 0.5}

    def evaluate(self):
        return self.monitor.pop(0) if self.monitor else 1.0


def test_nan_guard_restores_and_names_epoch():
    steps = FakeSteps(nan_after=3)
    initial = steps.net.weight.detach().clone()
    with pytest.raises(TrainingDivergedError, match=r"epoch 4.*g_loss"):
        Trainer(epochs=10, batch_size=10, snapshot_every=1).fit(steps, torch.zeros(10, 2), seed=0)
    torch.testing.assert_close(steps.net.weight.detach(), initial + 3.0)  # state from before the NaN epoch


def test_batches_and_n_critic_counted():
    steps = FakeSteps()
    history = Trainer(epochs=2, batch_size=4, n_critic=3).fit(steps, torch.zeros(8, 2), seed=0)
    assert steps.calls == 2 * 2 * 3 and history["epoch"] == [1, 2]


def test_early_stopping_on_monitor():
    steps = FakeSteps(monitor=[1.0, 0.5, 0.6, 0.7, 0.8, 0.9])
    history = Trainer(epochs=100, batch_size=8, patience=2, eval_every=1).fit(steps, torch.zeros(8, 2), seed=0)
    assert len(history["epoch"]) == 4


def test_max_time_stops_with_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = Trainer(epochs=1000, batch_size=8, max_time=1e-9).fit(FakeSteps(), torch.zeros(8, 2), seed=0)
    assert len(history["epoch"]) == 1 and any("max_time" in str(w.message) for w in caught)


def test_losses_prefer_real_high_fake_low():
    real, fake = torch.full((8,), 3.0), torch.full((8,), -3.0)
    for name, loss in ADVERSARIAL.items():
        assert loss.discriminator(real, fake) < loss.discriminator(fake, real), name
        assert loss.generator(real) < loss.generator(fake), name


def test_gradient_penalty_zero_for_unit_gradient_critic():
    def critic(x):
        return x[:, 0]  # gradient norm exactly 1 everywhere

    real, fake = torch.randn(16, 3), torch.randn(16, 3)
    assert float(gradient_penalty(critic, real, fake)) == pytest.approx(0.0, abs=1e-6)
    assert float(gradient_penalty(lambda x: 3 * x[:, 0], real, fake)) == pytest.approx(4.0, rel=1e-5)


class AveragedSteps(FakeSteps):
    def averaged_modules(self):
        return ("net",)


def test_ema_writes_the_running_mean_then_the_exponential_average():
    steps = AveragedSteps()
    initial = steps.net.weight.detach().clone()
    # 5 generator steps (+1 each) with decay 0.9: within the warm start, the plain mean of w+1 .. w+5
    Trainer(epochs=5, batch_size=10, ema=0.9).fit(steps, torch.zeros(10, 2), seed=0)
    torch.testing.assert_close(steps.net.weight.detach(), initial + 3.0)
    steps = AveragedSteps()
    initial = steps.net.weight.detach().clone()
    # decay 0.5 on a ramp of +1 per step: the average lags the last weights (w+20) by d / (1 - d) = 1
    Trainer(epochs=20, batch_size=10, ema=0.5).fit(steps, torch.zeros(10, 2), seed=0)
    torch.testing.assert_close(steps.net.weight.detach(), initial + 19.0, atol=1e-4, rtol=0)


def test_ema_needs_steps_that_name_their_averaged_modules():
    with pytest.raises(ValueError, match="averaged_modules"):
        Trainer(epochs=1, batch_size=10, ema=0.9).fit(FakeSteps(), torch.zeros(10, 2), seed=0)


def test_critic_pass_gives_the_same_losses_with_the_penalty_apart():
    from smallgan.losses.penalty import critic_pass

    critic = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
    real, fake = torch.randn(16, 3), torch.randn(16, 3)
    torch.manual_seed(0)
    together = critic_pass(critic, real, fake, True)
    torch.manual_seed(0)  # the same interpolation weights
    apart = critic_pass(critic, real, fake, True, penalty_apart=True)
    for a, b in zip(together, apart, strict=True):
        torch.testing.assert_close(a, b)
    assert critic_pass(critic, real, fake, False, penalty_apart=True)[2] is None
