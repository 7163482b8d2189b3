"""The Trainer: the only GAN training loop in smallgan.

A model supplies a `GANSteps` object (networks, optimisers, losses). The Trainer owns epochs, seeded
batching, `n_critic`, the progress bar, the loss history, the NaN/inf guard, early stopping on a
model-supplied convergence metric, and a time budget.
"""

from __future__ import annotations

import copy
import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import torch
from torch import Tensor, nn

from ._averaging import WeightAverage
from ._rng import torch_seeded
from .exceptions import TrainingDivergedError


@runtime_checkable
class GANSteps(Protocol):
    """What a model gives the Trainer. `evaluate` (lower is better) is optional."""

    def modules(self) -> dict[str, nn.Module]: ...

    def optimizers(self) -> dict[str, torch.optim.Optimizer]: ...

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]: ...

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]: ...


@dataclass
class Trainer:
    """Run `GANSteps` for a number of epochs over in-memory tensors.

    Args:
        epochs: passes over the data.
        batch_size: rows per step; smaller data sets use one batch of all rows.
        n_critic: discriminator steps per generator step (on the same batch, fresh noise each).
        verbose: show a tqdm bar with running losses.
        patience: stop when `steps.evaluate()` has not improved for this many evaluations
            (None: never stop early). The best state is restored at the end.
        eval_every: epochs between `steps.evaluate()` calls (the convergence signal kept in history).
        max_time: wall-clock budget in seconds; training stops (with a warning) when it runs out.
        desc: label of the progress bar.
        callback: called as `callback(epoch, record)` after every epoch.
        snapshot_every: epochs between copies of the last good state (restored when losses turn NaN).
        ema: decay of an exponential moving average of the weights of the modules named by
            `steps.averaged_modules()`, updated after every generator step and written into them at the end
            (None: off; ignored when `patience` restores a best state).
    """

    epochs: int
    batch_size: int = 64
    n_critic: int = 1
    verbose: bool = False
    patience: int | None = None
    eval_every: int = 10
    max_time: float | None = None
    desc: str = "GAN"
    callback: Callable[[int, dict[str, float]], None] | None = None
    snapshot_every: int = 10
    ema: float | None = None

    def fit(self, steps: GANSteps, data: Tensor | Sequence[Tensor], seed: int) -> dict[str, list[float]]:
        """Train and return the history: one list per recorded quantity, one entry per epoch."""
        from tqdm.auto import tqdm

        tensors = (data,) if isinstance(data, Tensor) else tuple(data)
        n_rows = tensors[0].shape[0]
        batch_size = max(1, min(self.batch_size, n_rows))
        history: dict[str, list[float]] = {"epoch": [], "seconds": []}
        shuffler = torch.Generator().manual_seed(int(seed))
        best = (math.inf, None)
        evaluations_without_gain = 0
        start = time.perf_counter()
        average = self._weight_average(steps)
        with torch_seeded(seed, _device_of(tensors[0])):
            bar = tqdm(range(self.epochs), desc=self.desc, disable=not self.verbose, leave=False, dynamic_ncols=True)
            good_state = _snapshot(steps)
            for epoch in bar:
                if epoch and epoch % self.snapshot_every == 0:
                    good_state = _snapshot(steps)
                record = self._run_epoch(steps, tensors, n_rows, batch_size, shuffler, epoch, good_state, average)
                record["seconds"] = time.perf_counter() - start
                monitor = self._evaluate(steps, epoch)
                if monitor is not None:
                    record["monitor"] = monitor
                    if monitor < best[0]:  # the best state is kept only when it may be restored
                        best = (monitor, _snapshot(steps) if self.patience is not None else None)
                        evaluations_without_gain = 0
                    else:
                        evaluations_without_gain += 1
                _append(history, epoch, record)
                bar.set_postfix({k: f"{v:.3g}" for k, v in record.items() if k not in ("seconds",)}, refresh=False)
                if self.callback is not None:
                    self.callback(epoch, record)
                if self.patience is not None and evaluations_without_gain >= self.patience:
                    break
                if self.max_time is not None and record["seconds"] > self.max_time:
                    warnings.warn(f"{self.desc}: stopped after {epoch + 1} of {self.epochs} epochs "
                                  f"(max_time={self.max_time}s)", RuntimeWarning, stacklevel=2)
                    break
            bar.close()
        if self.patience is not None and best[1] is not None:
            _restore(steps, best[1])
        elif average is not None:
            average.apply()
        return history

    def _weight_average(self, steps: GANSteps) -> WeightAverage | None:
        if self.ema is None:
            return None
        names = getattr(steps, "averaged_modules", None)
        if names is None:
            raise ValueError(f"{self.desc}: ema={self.ema} needs steps that name their averaged_modules()")
        modules = steps.modules()
        return WeightAverage({name: modules[name] for name in names()}, self.ema)

    def _evaluate(self, steps: GANSteps, epoch: int) -> float | None:
        evaluate = getattr(steps, "evaluate", None)
        if evaluate is None or (epoch + 1) % self.eval_every != 0:
            return None
        value = evaluate()
        return None if value is None else float(value)

    def _run_epoch(self, steps: GANSteps, tensors: tuple[Tensor, ...], n_rows: int, batch_size: int,
                   shuffler: torch.Generator, epoch: int, good_state: dict[str, Any],
                   average: WeightAverage | None = None) -> dict[str, float]:
        order = torch.randperm(n_rows, generator=shuffler).to(tensors[0].device)
        sums: dict[str, float] = {}
        n_batches = 0
        for begin in range(0, n_rows - batch_size + 1, batch_size):
            index = order[begin:begin + batch_size]
            batch = tuple(t[index] for t in tensors)
            losses: dict[str, float] = {}
            for _ in range(self.n_critic):
                losses.update(steps.discriminator_step(batch))
            losses.update(steps.generator_step(batch))
            if average is not None:
                average.update()
            bad = {k: v for k, v in losses.items() if not math.isfinite(v)}
            if bad:
                _restore(steps, good_state)
                raise TrainingDivergedError(
                    f"{self.desc} diverged at epoch {epoch + 1}: non-finite losses {bad} (all losses: {losses}); "
                    "the last good state was restored. Lower the learning rate or try loss='wgan-gp'")
            for key, value in losses.items():
                sums[key] = sums.get(key, 0.0) + value
            n_batches += 1
        return {key: value / max(n_batches, 1) for key, value in sums.items()}


def _device_of(tensor: Tensor) -> str:
    return str(tensor.device)


def _append(history: dict[str, list[float]], epoch: int, record: dict[str, float]) -> None:
    history["epoch"].append(epoch + 1)
    for key, value in record.items():
        column = history.setdefault(key, [math.nan] * (len(history["epoch"]) - 1))
        column.append(value)
    for column in history.values():
        if len(column) < len(history["epoch"]):
            column.append(math.nan)


def _snapshot(steps: GANSteps) -> dict[str, Any]:
    state = {f"module:{k}": _copy(m.state_dict()) for k, m in steps.modules().items()}
    state.update({f"optim:{k}": _copy(o.state_dict()) for k, o in steps.optimizers().items()})
    return state


def _copy(value: Any) -> Any:
    """Copy of a (nested) state dict: tensors cloned, containers rebuilt, everything else deep-copied."""
    if isinstance(value, Tensor):
        return value.detach().clone()
    if isinstance(value, dict):
        copied = type(value)((key, _copy(item)) for key, item in value.items())
        if hasattr(value, "_metadata"):  # module state dicts carry version metadata for load_state_dict
            copied._metadata = copy.deepcopy(value._metadata)
        return copied
    if isinstance(value, list | tuple):
        return type(value)(_copy(item) for item in value)
    return copy.deepcopy(value)


def _restore(steps: GANSteps, state: dict[str, Any]) -> None:
    for key, module in steps.modules().items():
        module.load_state_dict(state[f"module:{key}"])
    for key, optimizer in steps.optimizers().items():
        optimizer.load_state_dict(state[f"optim:{key}"])
