"""Baselines for time-series anomaly detection, in the same contract as `LSTMGANDetector`.

- `RollingZScoreDetector`: |x_t - trailing mean| / trailing std, no training.
- `WindowIForestDetector`: Isolation Forest on rolling windows, window scores averaged back to points.
- `LSTMAutoencoderDetector`: the same LSTM encoder/decoder as the GAN, trained on reconstruction only.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np
from torch import Tensor, nn

from .._optim import adam
from .._validation import Interval
from .series_base import BaseSeriesDetector
from .series_neural import WindowReconstructionDetector, neighbour_loss
from .series_windows import sliding_windows, windows_to_points


class RollingZScoreDetector(BaseSeriesDetector):
    """Score of a point: its distance to the mean of the previous `window_size` points, in their std units.

    Example:
        >>> scores = RollingZScoreDetector(window_size=50).fit(values).decision_scores_
    """

    def __init__(self, *, window_size: int = 100, contamination: float = 0.1, device: str = "auto",
                 random_state: Any = None, verbose: bool = False) -> None:
        self.window_size, self.contamination = window_size, contamination
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def _fit(self, X: np.ndarray) -> None:
        """Nothing to learn beyond the scaling fixed by `_check_input`."""

    def _score(self, X: np.ndarray) -> np.ndarray:
        import pandas as pd

        frame = pd.DataFrame(self._scaled(X))
        rolling = frame.rolling(self.window_size, min_periods=self.window_size)  # first window: score 0
        mean, std = rolling.mean().shift(1), rolling.std().shift(1)
        floor = max(float(np.nanmedian(std.to_numpy())), 1e-6) * 1e-2
        z = (frame - mean).abs() / np.maximum(std, floor)
        return np.nan_to_num(z.to_numpy()).sum(axis=1)

    # persistence (smallgan.io): nothing but the scaling and the training scores
    def _fitted_modules(self) -> dict[str, Any]:
        self._check_fitted("decision_scores_")
        return {}

    def _fitted_metadata(self) -> dict[str, Any]:
        return self._series_metadata()

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self._restore_series(metadata)


class WindowIForestDetector(BaseSeriesDetector):
    """Isolation Forest on the rolling windows of the series; a point's score is the mean over its windows.

    Example:
        >>> scores = WindowIForestDetector(window_size=50, random_state=0).fit(values).decision_scores_

    References:
        Liu, Ting & Zhou 2008, "Isolation Forest".
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseSeriesDetector._parameter_constraints,
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, window_size: int = 100, n_estimators: int = 100, contamination: float = 0.1,
                 device: str = "auto", random_state: Any = None, verbose: bool = False) -> None:
        self.window_size, self.n_estimators, self.contamination = window_size, n_estimators, contamination
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def _windows(self, X: np.ndarray) -> np.ndarray:
        windows = sliding_windows(self._scaled(X), self.window_size)
        return windows.reshape(len(windows), -1)

    def _fit(self, X: np.ndarray) -> None:
        from sklearn.ensemble import IsolationForest

        self.forest_ = IsolationForest(n_estimators=self.n_estimators, random_state=self.seed_)
        self.forest_.fit(self._windows(X))

    def _score(self, X: np.ndarray) -> np.ndarray:
        window_scores = -self.forest_.score_samples(self._windows(X))
        return windows_to_points(window_scores, len(X), how="mean")


class AutoencoderSteps:
    """Reconstruction-only updates for the Trainer: no critic, MSE between windows and reconstructions (plus, with a
    `regressor`, `regression` x the MSE of its predictions of each window's neighbours: AER)."""

    def __init__(self, encoder: nn.Module, decoder: nn.Module, *, lr: float, regressor: nn.Module | None = None,
                 regression: float = 0.0) -> None:
        self.encoder, self.decoder, self.regressor, self.regression = encoder, decoder, regressor, regression
        head = [*regressor.parameters()] if regressor is not None else []
        self.optimizer = adam([*encoder.parameters(), *decoder.parameters(), *head], lr=lr)

    def modules(self) -> dict[str, nn.Module]:
        modules = {"encoder": self.encoder, "decoder": self.decoder}
        return modules | ({"regressor": self.regressor} if self.regressor is not None else {})

    def optimizers(self) -> dict[str, Any]:
        return {"autoencoder": self.optimizer}

    def averaged_modules(self) -> tuple[str, ...]:
        return tuple(self.modules())

    def discriminator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        return {}

    def generator_step(self, batch: tuple[Tensor, ...]) -> dict[str, float]:
        for module in self.modules().values():
            module.train()
        x = batch[0]
        code = self.encoder(x)
        loss = ((x - self.decoder(code)) ** 2).mean()
        record = {"reconstruction": float(loss.detach())}
        if self.regressor is not None:
            squared = neighbour_loss(self.regressor, code, batch)
            loss = loss + self.regression * squared
            record["regression"] = float(squared.detach())
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        return record


class LSTMAutoencoderDetector(WindowReconstructionDetector):
    """LSTM autoencoder on rolling windows (the GAN's encoder and generator without adversarial loss).

    The score is the normalised reconstruction error (`rec_error`: "point", "area" or "dtw"), smoothed and
    edge-corrected as the GAN's (`smooth`, `edge`; see `series_scoring`). `ema` scores with an exponential
    moving average of the weights (as `LSTMGANDetector`). `regression` > 0 adds AER's bidirectional regression
    head (weight against the reconstruction MSE; its error joins the score as `reg_combine` says): with it this is
    an AER-style model.

    Example:
        >>> detector = LSTMAutoencoderDetector(window_size=50, epochs=10, random_state=0).fit(values)
        >>> intervals = detector.detect_intervals()

    References:
        Malhotra et al. 2016, "LSTM-based Encoder-Decoder for Multi-sensor Anomaly Detection".
        Wong et al. 2022, "AER: Auto-Encoder with Regression for Time Series Anomaly Detection".
    """

    combine, alpha = "rec", 0.5  # reconstruction error only (no critic)
    _desc: ClassVar[str] = "LSTM-AE"

    def __init__(self, *, window_size: int = 100, latent_dim: int = 20, hidden: int = 32, epochs: int = 30,
                 batch_size: int = 64, lr: float = 1e-3, train_step: int = 1, rec_error: str = "dtw",
                 score_window: int = 10, smooth: float = 0.01, edge: str = "ramp", contamination: float = 0.1,
                 max_time: float | None = None, ema: float | None = None, regression: float = 0.0,
                 reg_combine: str = "mult", device: str = "auto", random_state: Any = None,
                 verbose: bool = False) -> None:
        self.window_size, self.latent_dim, self.hidden, self.epochs = window_size, latent_dim, hidden, epochs
        self.batch_size, self.lr, self.train_step, self.rec_error = batch_size, lr, train_step, rec_error
        self.score_window, self.smooth, self.edge = score_window, smooth, edge
        self.contamination, self.max_time, self.ema = contamination, max_time, ema
        self.device, self.random_state, self.verbose = device, random_state, verbose
        self.regression, self.reg_combine = regression, reg_combine

    def _network_names(self) -> tuple[str, ...]:
        return ("encoder_", "decoder_", *self._head_names())

    def _build_steps(self) -> AutoencoderSteps:
        from ..nets.lstm import LSTMDecoder, LSTMEncoder

        self.encoder_ = LSTMEncoder(self.n_features_in_, self.latent_dim, hidden=self.hidden)
        self.decoder_ = LSTMDecoder(self.latent_dim, self.window_size, self.n_features_in_, hidden=self.hidden)
        return AutoencoderSteps(self.encoder_, self.decoder_, lr=self.lr, regressor=self._build_regressor(),
                                regression=self.regression)

    def _encode_decode(self, batch: Tensor) -> tuple[Tensor, None]:
        return self.decoder_(self.encoder_(batch)), None
