"""`NetworkDetector`: what the four GAN detectors share on top of `BaseGANDetector`.

Input scaling (rows: `scaling` = standard, minmax or None; images already in [-1, 1]), building MLP
or DCGAN-style nets from the input shape, running the shared Trainer, chunked no-grad scoring, `anomaly_map`, and the
persistence hooks (fitted metadata + modules). Subclasses implement `_build_networks()`,
`_train_networks(data)`, `_score_tensor(x)` and `_reconstruct_tensor(x)`.
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from .._rng import torch_seeded
from .._validation import Interval, StrOptions
from ..exceptions import DataValidationError
from .base import BaseGANDetector

_SCORE_CHUNK = 2048

NETWORK_CONSTRAINTS: dict[str, list] = {
    "hidden": [list, tuple],
    "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
    "base_width": [Interval(numbers.Integral, 1, None, closed="left")],
    "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
    "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
    "lr": [Interval(numbers.Real, 0, None, closed="neither")],
    "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
    "scaling": [StrOptions({"standard", "minmax"}), None],
}


def _scaling(X: np.ndarray, kind: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(center, scale) of the rows: standard (mean, std), minmax (min, range) or none (0, 1)."""
    if kind == "standard":
        center, spread = X.mean(axis=0), X.std(axis=0)
    elif kind == "minmax":
        center, spread = X.min(axis=0), X.max(axis=0) - X.min(axis=0)
    else:
        center, spread = np.zeros(X.shape[1]), np.ones(X.shape[1])
    return center, np.where(spread > 1e-12, spread, 1.0)


class NetworkDetector(BaseGANDetector):
    """Shared machinery of the GAN detectors (not used directly)."""

    _parameter_constraints: ClassVar[dict[str, list]] = {**BaseGANDetector._parameter_constraints,
                                                         **NETWORK_CONSTRAINTS}
    _module_names: ClassVar[tuple[str, ...]] = ("generator", "discriminator")

    # ---- fitting ------------------------------------------------------------------------------
    def _fit(self, X: np.ndarray) -> None:
        if X.shape[0] < self.batch_size:
            raise DataValidationError(f"X has {X.shape[0]} rows, fewer than batch_size={self.batch_size}; "
                                      "pass more rows or a smaller batch_size")
        if self.input_kind_ == "image":
            _, height, width = self.image_shape_
            if height != width:
                raise DataValidationError(f"images must be square; got {height}x{width}")
            self.center_, self.scale_ = None, None
        else:
            self.center_, self.scale_ = _scaling(X, self.scaling)
            self.clip_bounds_ = None
            clip = getattr(self, "clip", None)  # only detectors with a `clip` parameter (EGBAD) have one
            if clip is not None:  # winsorise each column at center +- clip * scale, then scale again
                self.clip_bounds_ = (self.center_ - clip * self.scale_, self.center_ + clip * self.scale_)
                self.center_, self.scale_ = _scaling(np.clip(X, *self.clip_bounds_), self.scaling)
        with torch_seeded(self.seed_, self.device_):
            self._build_networks()
        data = self._tensor(X)
        self.history_ = self._train_networks(data)
        for module in self._fitted_modules().values():
            module.eval()

    def _tensor(self, X: np.ndarray):
        import torch

        if self.input_kind_ == "tabular":
            if getattr(self, "clip_bounds_", None) is not None:
                X = np.clip(X, *self.clip_bounds_)
            X = (X - self.center_) / self.scale_
        return torch.as_tensor(np.asarray(X, dtype=np.float32), device=self.device_)

    def _trainer(self, epochs: int, n_critic: int = 1, desc: str | None = None, **early_stopping):
        """The shared Trainer; `early_stopping` passes `patience` / `eval_every` through."""
        from .._train import Trainer

        return Trainer(epochs=epochs, batch_size=self.batch_size, n_critic=n_critic, verbose=bool(self.verbose),
                       max_time=self.max_time, desc=desc or type(self).__name__, **early_stopping)

    # ---- networks -----------------------------------------------------------------------------
    @property
    def _is_image(self) -> bool:
        return self.input_kind_ == "image"

    def _data_dim(self) -> int:
        return int(np.prod(self.image_shape_)) if self._is_image else int(self.n_features_in_)

    def _make_decoder(self, latent_dim: int):
        """z (n, latent_dim) -> data: MLP for rows, DCGAN decoder (tanh) for images."""
        from ..nets import MLP, ConvDecoder, dcgan_init

        if self._is_image:
            channels, size, _ = self.image_shape_
            net = ConvDecoder(latent_dim, size, channels, base_width=self.base_width, norm="batch")
            net.apply(dcgan_init)
        else:
            net = MLP(latent_dim, tuple(self.hidden), self.n_features_in_, activation="relu")
        return net.to(self.device_)

    def _make_encoder(self, out_features: int, *, norm: str | None = "batch", dropout: float = 0.0):
        """data -> (n, out_features) with `.features()`: MLP for rows, DCGAN encoder for images."""
        from ..nets import MLP, ConvEncoder, dcgan_init

        if self._is_image:
            channels, size, _ = self.image_shape_
            net = ConvEncoder(size, channels, out_features, base_width=self.base_width, norm=norm, dropout=dropout)
            net.apply(dcgan_init)
        else:
            net = MLP(self.n_features_in_, tuple(reversed(tuple(self.hidden))), out_features, dropout=dropout)
        return net.to(self.device_)

    # ---- scoring ------------------------------------------------------------------------------
    def _score(self, X: np.ndarray) -> np.ndarray:
        return self._chunked(X, lambda x: self._score_tensor(x))

    def _chunked(self, X: np.ndarray, function) -> np.ndarray:
        for module in self._fitted_modules().values():
            module.eval()
        parts = []
        for begin in range(0, X.shape[0], _SCORE_CHUNK):
            with torch_seeded(self.seed_, self.device_):
                out = function(self._tensor(X[begin:begin + _SCORE_CHUNK]))
            parts.append(out.detach().cpu().numpy().astype(np.float64))
        return np.concatenate(parts) if parts else np.zeros(0)

    def reconstruct(self, X: Any) -> np.ndarray:
        """The model's reconstruction of X, in the (validated) input scale: rows in the original units,
        images as float (n, c, h, w) in [-1, 1]."""
        self._check_fitted("decision_scores_")
        return self._reconstruct_checked(self._check_input(X))

    def _reconstruct_checked(self, data: np.ndarray) -> np.ndarray:
        out = self._chunked(data, lambda x: self._reconstruct_tensor(x))
        return out if self._is_image else out * self.scale_ + self.center_

    def anomaly_map(self, X: Any) -> np.ndarray:
        """|x - reconstruction|: (n, h, w) for images (mean over channels), (n, n_features) for rows
        (in standard deviations of the training data)."""
        self._check_fitted("decision_scores_")
        data = self._check_input(X)
        residual = np.abs(data - self._reconstruct_checked(data))
        return residual.mean(axis=1) if self._is_image else residual / self.scale_

    # ---- persistence --------------------------------------------------------------------------
    def _fitted_modules(self) -> dict[str, Any]:
        return {name: getattr(self, f"{name}_") for name in self._module_names}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {"seed": self.seed_, "input_kind": self.input_kind_,
                "n_features_in": getattr(self, "n_features_in_", None),
                "image_shape": list(getattr(self, "image_shape_", []) or []) or None,
                "center": None if self.center_ is None else self.center_.tolist(),
                "scale": None if self.scale_ is None else self.scale_.tolist(),
                "decision_scores": self.decision_scores_.tolist(), "history": self.history_,
                "clip_bounds": None if getattr(self, "clip_bounds_", None) is None
                else [bound.tolist() for bound in self.clip_bounds_],
                "pixel_range": getattr(self, "pixel_range_", None),
                "feature_names_in": None if getattr(self, "feature_names_in_", None) is None
                else [str(name) for name in self.feature_names_in_]}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self.device_, self.seed_ = "cpu", int(metadata["seed"])
        self.input_kind_ = metadata["input_kind"]
        if self.input_kind_ == "image":
            self.image_shape_ = tuple(metadata["image_shape"])
            self.pixel_range_ = metadata.get("pixel_range") or "auto"  # files saved before it: infer per batch
        else:
            self.n_features_in_ = int(metadata["n_features_in"])
            if metadata.get("feature_names_in") is not None:
                self.feature_names_in_ = np.asarray(metadata["feature_names_in"], dtype=object)
        self.center_ = None if metadata["center"] is None else np.asarray(metadata["center"], dtype=np.float64)
        self.scale_ = None if metadata["scale"] is None else np.asarray(metadata["scale"], dtype=np.float64)
        self.history_ = metadata["history"]
        bounds = metadata.get("clip_bounds")
        self.clip_bounds_ = None if bounds is None else tuple(np.asarray(b, dtype=np.float64) for b in bounds)
        self.decision_scores_ = np.asarray(metadata["decision_scores"], dtype=np.float64)
        self._set_n_classes(None)
        self._process_decision_scores()
        self._build_networks()
        for module in self._fitted_modules().values():
            module.eval()

    # ---- hooks --------------------------------------------------------------------------------
    def _build_networks(self) -> None:
        raise NotImplementedError

    def _train_networks(self, data) -> dict[str, list[float]]:
        raise NotImplementedError

    def _score_tensor(self, x):
        raise NotImplementedError

    def _reconstruct_tensor(self, x):
        raise NotImplementedError
