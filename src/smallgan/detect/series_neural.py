"""`WindowReconstructionDetector`: shared plumbing of the LSTM detectors (GAN and autoencoder).

Training windows are cut from the scaled series (every `train_step`-th window), networks are built
under the fit seed and trained by the shared `Trainer`; scoring reconstructs every window (step 1) in
batches and hands the result to `ReconstructionScoring`. Subclasses implement `_build_steps()`.

With `regression` > 0 (AER's bidirectional regression) a small MLP on each window's code also predicts the point
before and after the window (`neighbour_loss` in training, `_predict_neighbours` in scoring).
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from .._rng import torch_seeded
from .._validation import Interval
from .series_base import BaseSeriesDetector, ReconstructionScoring
from .series_windows import neighbour_targets, sliding_windows


class WindowReconstructionDetector(ReconstructionScoring, BaseSeriesDetector):
    """Base of detectors that encode and decode windows with LSTM networks."""

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseSeriesDetector._parameter_constraints,
        **ReconstructionScoring._scoring_constraints,
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "hidden": [Interval(numbers.Integral, 1, None, closed="left")],
        "epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "train_step": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "ema": [Interval(numbers.Real, 0, 1, closed="neither"), None],
        "regression": [Interval(numbers.Real, 0, None, closed="left")],
    }
    _desc: ClassVar[str] = "series"

    def _build_steps(self) -> Any:
        """Build the networks (as fitted attributes) and return the GANSteps object that trains them."""
        raise NotImplementedError

    def _network_names(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _build_regressor(self) -> Any:
        """The bidirectional regression head on the code (`regressor_`), or None when `regression` is 0; built after
        the other networks, so that without it they start from the same weights."""
        from ..nets import MLP

        self.regressor_ = MLP(self.latent_dim, (self.hidden,), 2 * self.n_features_in_) if self.regression else None
        return self.regressor_

    def _head_names(self) -> tuple[str, ...]:
        return ("regressor_",) if self.regression else ()

    def _predict_neighbours(self, windows: np.ndarray) -> np.ndarray | None:
        import torch

        if not self.regression:
            return None
        outputs = []
        with torch.no_grad():
            for begin in range(0, len(windows), 512):
                batch = torch.from_numpy(windows[begin: begin + 512]).to(self.device_)
                outputs.append(self.regressor_(self.encoder_(batch)).view(len(batch), 2, -1).cpu().numpy())
        return np.concatenate(outputs)

    def _configure_steps(self, steps: Any, batches_per_epoch: int) -> None:
        """Hook to set schedule-dependent options of the steps once the data size is known."""

    def _after_training(self, steps: Any, tensors: list[Any]) -> None:
        """Hook run once the Trainer has finished (weight average applied), before the networks are put in eval
        mode."""

    def _training_data(self, scaled: np.ndarray) -> tuple[np.ndarray, ...]:
        """Training tensors: the windows, with their neighbour targets and mask when the networks also regress
        the point before and after each window (`regression` > 0)."""
        windows = sliding_windows(scaled, self.window_size, self.train_step)
        if not self.regression:
            return (windows,)
        return (windows, *neighbour_targets(scaled, self.window_size, self.train_step))

    def _fit(self, X: np.ndarray) -> None:
        import torch

        from .._train import Trainer

        data = self._training_data(self._scaled(X))
        windows = data[0]
        with torch_seeded(self.seed_):
            steps = self._build_steps()
        for name in self._network_names():
            getattr(self, name).to(self.device_)
        self._configure_steps(steps, max(len(windows) // min(self.batch_size, len(windows)), 1))
        trainer = Trainer(epochs=self.epochs, batch_size=self.batch_size, n_critic=getattr(self, "n_critic", 1),
                          verbose=bool(self.verbose), max_time=self.max_time, desc=self._desc, ema=self.ema)
        tensors = [torch.from_numpy(array).to(self.device_) for array in data]
        self.history_ = trainer.fit(steps, tensors[0] if len(tensors) == 1 else tensors, self.seed_)
        self._after_training(steps, tensors)
        for name in self._network_names():
            getattr(self, name).eval()
        self._fit_score_statistics(X)

    def _encode_decode(self, batch: Any) -> tuple[Any, Any]:
        """(reconstruction, critic score or None) of a batch of windows; no gradients."""
        raise NotImplementedError

    def _reconstruct_windows(self, windows: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        import torch

        outputs, critics = [], []
        with torch.no_grad():
            for begin in range(0, len(windows), 512):
                batch = torch.from_numpy(windows[begin: begin + 512]).to(self.device_)
                reconstruction, critic = self._encode_decode(batch)
                outputs.append(reconstruction.cpu().numpy())
                if critic is not None:
                    critics.append(critic.reshape(-1).cpu().numpy())
        return np.concatenate(outputs), (np.concatenate(critics) if critics else None)

    # persistence (smallgan.io)
    def _fitted_modules(self) -> dict[str, Any]:
        self._check_fitted("decision_scores_")
        return {name.rstrip("_"): getattr(self, name) for name in self._network_names()}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {**self._series_metadata(), **self._score_metadata()}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self._restore_series(metadata)
        self._restore_score_metadata(metadata)
        with torch_seeded(self.seed_):
            self._build_steps()
        for name in self._network_names():
            getattr(self, name).to(self.device_).eval()


def neighbour_loss(regressor: Any, code: Any, batch: tuple[Any, ...]) -> Any:
    """Masked mean squared error of the regression head's predictions of the point before and after each window
    (`batch` = windows, targets `(n, 2, channels)`, mask `(n, 2, 1)`: `series_windows.neighbour_targets`)."""
    targets, mask = batch[1], batch[2]
    predicted = regressor(code).view(targets.shape)
    return ((predicted - targets) ** 2 * mask).sum() / (mask.sum() * targets.shape[2]).clamp_min(1.0)
