"""Shared estimator plumbing: parameter validation, seeds, device, fitted checks and persistence hooks."""

from __future__ import annotations

from typing import Any, ClassVar

from sklearn.base import BaseEstimator

from ._device import resolve_device
from ._rng import resolve_seed
from ._validation import check_params
from .exceptions import NotFittedError


class GenerativeMixin:
    """Parameter checks, seed and device resolution, fitted-state checks; mixed into every estimator.

    Subclasses declare `_parameter_constraints` (merged with the parent's) and, to be saved with
    `smallgan.io.save`, implement `_fitted_modules()`, `_fitted_metadata()` and `_restore_fitted(meta)`.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        "random_state": ["random_state"],
        "device": [str],
        "verbose": ["verbose"],
    }

    def _begin_fit(self) -> int:
        """Validate parameters, resolve the device and return the integer seed of this fit."""
        check_params(self, self._parameter_constraints)
        self.device_ = resolve_device(self.device)
        self.seed_ = resolve_seed(self.random_state)
        self._sample_calls_ = 0  # a refit restarts the implicit sample stream
        return self.seed_

    def _next_sample_seed(self) -> int:
        """Seed of the next `sample` call without `random_state`: one reproducible stream per fit (saved with it)."""
        import numpy as np

        self._sample_calls_ = getattr(self, "_sample_calls_", 0) + 1
        return int(np.random.SeedSequence([self.seed_, self._sample_calls_]).generate_state(1)[0])

    def _check_fitted(self, attribute: str = "seed_") -> None:
        if not hasattr(self, attribute):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    # persistence hooks (see smallgan.io)
    def _fitted_modules(self) -> dict[str, Any]:
        raise NotImplementedError(f"{type(self).__name__} cannot be saved")

    def _fitted_metadata(self) -> dict[str, Any]:
        raise NotImplementedError(f"{type(self).__name__} cannot be saved")

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        raise NotImplementedError(f"{type(self).__name__} cannot be loaded")


class BaseGenerativeEstimator(GenerativeMixin, BaseEstimator):
    """Base class for generators (`fit` / `sample`) and other estimators of smallgan."""
