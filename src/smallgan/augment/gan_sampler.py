"""`GANOverSampler`: imbalanced-learn oversampler backed by tabular GANs (the lecture's protocol)."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type

from .._base import GenerativeMixin
from .._rng import spawn_seeds
from .._validation import Interval, StrOptions, check_params, check_X, check_y
from ..exceptions import DataValidationError
from .tabular_gan import TabularGAN
from .transform import check_frame

_GAN_PARAMS = ("hidden", "discriminator_hidden", "latent_dim", "loss", "epochs", "batch_size", "lr", "n_critic",
               "mmd_weight",
               "dropout", "categorical_columns", "numeric", "patience", "eval_every", "max_time", "device",
               "verbose")


class GANOverSampler(GenerativeMixin, BaseOverSampler):
    """Oversample minority classes with GAN-generated rows.

    By default one `TabularGAN` is trained per class that needs new rows, on that class's rows only
    (the lecture's design); `conditional=True` trains one GAN on all rows with the class as input.
    Works on numeric arrays and on DataFrames with categorical columns (declared with
    `categorical_columns`); a DataFrame comes back with the same columns and dtypes.

    Example:
        >>> X_res, y_res = GANOverSampler(hidden=(256, 512), loss="dcgan", random_state=0).fit_resample(X, y)
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseOverSampler._parameter_constraints,
        **TabularGAN._parameter_constraints,
        "conditional": ["boolean"],
    }
    _parameter_constraints["categorical_columns"] = [list, tuple, StrOptions({"auto"}), None]
    _parameter_constraints["epochs"] = [Interval(numbers.Integral, 0, None, closed="left")]

    def __init__(self, *, sampling_strategy="auto", hidden=(256,), discriminator_hidden=(128,), latent_dim=64,
                 loss="wgan-gp", epochs=300, batch_size=64, lr=2e-4, n_critic=1, mmd_weight=10.0, dropout=0.0,
                 conditional=False,
                 categorical_columns=None, numeric="standard", patience=None, eval_every=10, max_time=None,
                 device="auto", random_state=None, verbose=False):
        super().__init__(sampling_strategy=sampling_strategy)
        self.hidden, self.discriminator_hidden, self.latent_dim = hidden, discriminator_hidden, latent_dim
        self.loss, self.epochs, self.batch_size, self.lr, self.n_critic = loss, epochs, batch_size, lr, n_critic
        self.mmd_weight = mmd_weight
        self.dropout, self.conditional, self.categorical_columns = dropout, conditional, categorical_columns
        self.numeric, self.patience, self.eval_every, self.max_time = numeric, patience, eval_every, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit_resample(self, X: Any, y: Any, **params: Any):
        """Validate parameters, then resample as imbalanced-learn does."""
        check_params(self, self._parameter_constraints)
        return super().fit_resample(X, y, **params)

    def _check_X_y(self, X: Any, y: Any, accept_sparse: Any = None):
        """Numeric arrays are checked here; DataFrames keep their columns (categoricals are the GAN's job)."""
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        if hasattr(X, "iloc"):
            data = X.reset_index(drop=True)
            self.feature_names_in_ = np.asarray([str(c) for c in data.columns], dtype=object)
            if self.categorical_columns is None:
                check_X(data)  # all-numeric frames get the same NaN / dtype checks as arrays
            else:
                check_frame(data)  # every row: the per-class GANs only see their own class
        else:
            data = check_X(X)
        labels = check_y(y, len(data), min_per_class=2)
        self.n_features_in_ = data.shape[1]
        return data, labels, binarize_y

    def _fitted_metadata(self) -> dict[str, Any]:
        raise NotImplementedError("GANOverSampler cannot be saved (fit_resample trains new GANs on every call); "
                                  "save a fitted generator instead: smallgan.io.save(sampler.generators_[label], path)")

    def _gan_params(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _GAN_PARAMS}

    def _fit_resample(self, X: Any, y: np.ndarray):
        needed = {label: n for label, n in self.sampling_strategy_.items() if n > 0}
        if self.conditional:
            seeds = spawn_seeds(self.random_state, 1)
            gan = TabularGAN(**self._gan_params(), random_state=seeds[0]).fit(X, y)
            self.generators_ = {"conditional": gan}
            draws = [(label, gan.sample(n, y=label)) for label, n in needed.items()]
        else:
            seeds = spawn_seeds(self.random_state, max(len(needed), 1))
            self.generators_ = {}
            draws = []
            for (label, n_new), seed in zip(needed.items(), seeds, strict=False):
                rows = _select(X, y == label)
                if len(rows) < 2:
                    name = label.item() if isinstance(label, np.generic) else label
                    raise DataValidationError(f"class {name!r} has {len(rows)} row(s); a GAN needs at least 2")
                gan = TabularGAN(**self._gan_params(), random_state=seed).fit(rows)
                self.generators_[label] = gan
                draws.append((label, gan.sample(n_new)))
        new_X = [X] + [rows for _, rows in draws]
        new_y = [y] + [np.full(len(rows), label, dtype=y.dtype) for label, rows in draws]
        if hasattr(X, "iloc"):
            # the generated rows carry X's columns in X's order; set_axis keeps labels pandas would not align
            stacked = pd.concat([X, *[r.set_axis(X.columns, axis=1) for _, r in draws]], ignore_index=True)
            return stacked, np.concatenate(new_y)
        return np.vstack(new_X), np.concatenate(new_y)


def _select(X: Any, mask: np.ndarray) -> Any:
    return X.loc[mask].reset_index(drop=True) if hasattr(X, "loc") else X[mask]
