"""Peer generators as imbalanced-learn samplers: CTGAN and TVAE from the `ctgan` package (optional extra)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler

from .._rng import resolve_seed
from .._validation import Interval, StrOptions
from ..exceptions import DataValidationError


class CTGANSampler(BaseOverSampler):
    """Oversample each minority class with its own `ctgan.CTGAN` (model="ctgan") or `ctgan.TVAE` ("tvae").

    Benchmark peer only: install with `pip install smallgan[bench]`.

    Example:
        >>> X_res, y_res = CTGANSampler(model="tvae", epochs=300, random_state=0).fit_resample(X, y)
    """

    _parameter_constraints: dict = {**BaseOverSampler._parameter_constraints,
                                    "model": [StrOptions({"ctgan", "tvae"})],
                                    "epochs": [Interval(numbers.Integral, 1, None, closed="left")],
                                    "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
                                    "random_state": ["random_state"]}

    def __init__(self, *, sampling_strategy="auto", model="ctgan", epochs=300, batch_size=500, random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.model, self.epochs, self.batch_size, self.random_state = model, epochs, batch_size, random_state

    def _build(self, n_rows: int) -> Any:
        try:
            from ctgan import CTGAN, TVAE
        except ImportError as exc:
            raise ImportError("CTGANSampler needs the optional `ctgan` package: pip install 'smallgan[bench]'") from exc
        batch = max(10, min(self.batch_size, (n_rows // 10) * 10))
        if self.model == "ctgan":
            return CTGAN(epochs=self.epochs, batch_size=batch, pac=10)
        if self.model == "tvae":
            return TVAE(epochs=self.epochs, batch_size=batch)
        raise ValueError(f"unknown model {self.model!r}; use 'ctgan' or 'tvae'")

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        new_X, new_y = [X], [y]
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            rows = pd.DataFrame(X[y == label], columns=[f"x{i}" for i in range(X.shape[1])])
            if len(rows) < 2:
                name = label.item() if isinstance(label, np.generic) else label
                raise DataValidationError(f"class {name!r} has {len(rows)} row(s); {self.model} needs at least 2")
            model = self._build(len(rows))
            if self.random_state is not None:
                model.set_random_state(resolve_seed(self.random_state))
            model.fit(rows)
            new_X.append(model.sample(n_new).to_numpy(dtype=np.float64))
            new_y.append(np.full(n_new, label, dtype=y.dtype))
        return np.vstack(new_X), np.concatenate(new_y)
