"""`TabularGAN`: an MLP GAN for mixed tabular rows, unconditional or conditioned on a class label."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._base import BaseGenerativeEstimator
from .._rng import RandomState, resolve_seed, torch_seeded
from .._validation import Interval, StrOptions, check_y
from ..exceptions import DataValidationError
from ..losses import get_loss
from .transform import TabularTransformer

_MONITOR_ROWS = 256


class TabularGAN(BaseGenerativeEstimator):
    """MLP generator and discriminator trained with any shared loss on a (minority) table.

    `fit(X)` learns the rows of X; `fit(X, y)` learns a conditional GAN with the class as input, and
    `sample(n, y=label)` then draws rows of that class. Training keeps `history_` (losses per epoch
    and, every `eval_every` epochs, `monitor`: an MMD between generated and real rows, the
    convergence signal used by `patience`).

    Defaults are set for tables of tens to hundreds of rows: WGAN-GP with one critic step per generator
    step (as CTGAN) and a data-matching term (`mmd_weight`: RBF MMD^2 between the generated and the real
    batch added to the generator loss), which lets the generator learn in a few hundred steps; one hidden
    layer of 256 in G, 128 in the critic and no dropout keep a step cheap. `hidden=(256, 512), dropout=0.2,
    mmd_weight=0, n_critic=None, discriminator_hidden=None` is the plain WGAN-GP of the earlier default (5 critic
    steps, critic = reversed `hidden`).

    Example:
        >>> gan = TabularGAN(hidden=(256, 512), epochs=200, random_state=0).fit(X_minority)
        >>> rows = gan.sample(100)

    References:
        Goodfellow et al. 2014; Gulrajani et al. 2017 (WGAN-GP); Li et al. 2015 (GMMN) and 2017 (MMD GAN)
        for the MMD term; Xu et al. 2019 (CTGAN) for the mixed-type encoding.
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **BaseGenerativeEstimator._parameter_constraints,
        "hidden": [list, tuple],
        "discriminator_hidden": [list, tuple, None],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "loss": [str],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_critic": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "mmd_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "categorical_columns": [list, tuple, StrOptions({"auto"}), None],
        "numeric": [StrOptions({"standard", "mode"})],
        "patience": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "eval_every": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }

    def __init__(self, *, hidden=(256,), discriminator_hidden=(128,), latent_dim=64, loss="wgan-gp", epochs=300,
                 batch_size=64, lr=2e-4, n_critic=1, mmd_weight=10.0, dropout=0.0, categorical_columns=None,
                 numeric="standard", patience=None, eval_every=10, max_time=None, device="auto",
                 random_state=None, verbose=False):
        self.hidden, self.discriminator_hidden, self.latent_dim = hidden, discriminator_hidden, latent_dim
        self.loss, self.epochs, self.batch_size, self.lr, self.n_critic = loss, epochs, batch_size, lr, n_critic
        self.mmd_weight = mmd_weight
        self.dropout, self.categorical_columns, self.numeric = dropout, categorical_columns, numeric
        self.patience, self.eval_every, self.max_time = patience, eval_every, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    # ---- training -------------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> TabularGAN:
        """Learn the distribution of X (of each class of y when y is given)."""
        import torch

        from .._train import Trainer

        seed = self._begin_fit()
        get_loss(self.loss)
        self.transformer_ = TabularTransformer(self.categorical_columns, self.numeric, random_state=seed % 2**31)
        self.transformer_.fit(X)
        data = torch.as_tensor(self.transformer_.transform(X), device=self.device_)
        if data.shape[0] < 2:
            raise DataValidationError(f"X has {data.shape[0]} row(s); a GAN needs at least 2")
        tensors = [data]
        self.classes_ = None
        if y is not None:
            labels = check_y(y, data.shape[0], min_per_class=1, min_classes=1)
            self.classes_ = np.unique(labels)
            codes = np.searchsorted(self.classes_, labels)
            tensors.append(torch.eye(len(self.classes_), device=self.device_)[torch.as_tensor(codes)])
        with torch_seeded(seed, self.device_):
            self._build_networks()
        steps = self._steps(data)
        loss = get_loss(self.loss)
        trainer = Trainer(epochs=self.epochs, batch_size=self.batch_size, n_critic=self.n_critic or loss.n_critic,
                          verbose=self.verbose, patience=self.patience, eval_every=self.eval_every,
                          max_time=self.max_time, desc=f"{type(self).__name__}[{self.loss}]")
        self.history_ = trainer.fit(steps, tensors, seed)
        self.n_features_in_ = len(self.transformer_.columns_)
        self.generator_.eval()
        return self

    def _n_cond(self) -> int:
        return 0 if self.classes_ is None else len(self.classes_)

    def _build_networks(self) -> None:
        from ..nets import MLP, TabularGenerator

        spans = self.transformer_.spans_
        d_hidden = tuple(self.discriminator_hidden or tuple(reversed(tuple(self.hidden))))
        self.generator_ = TabularGenerator(self.latent_dim, tuple(self.hidden), spans,
                                           cond_features=self._n_cond()).to(self.device_)
        self.discriminator_ = MLP(self.transformer_.output_dim_, d_hidden, 1, cond_features=self._n_cond(),
                                  dropout=self.dropout).to(self.device_)

    def _steps(self, data):
        import torch

        from .._adversarial import AdversarialSteps
        from ..losses import rbf_mmd

        rng = torch.Generator().manual_seed(self.seed_)
        reference = data[torch.randperm(data.shape[0], generator=rng)[:_MONITOR_ROWS]]
        fixed_noise = torch.randn(reference.shape[0], self.latent_dim, generator=rng).to(self.device_)
        fixed_cond = None
        if self.classes_ is not None:
            fixed_cond = torch.eye(len(self.classes_), device=self.device_)[
                torch.randint(len(self.classes_), (reference.shape[0],), generator=rng)]

        def monitor() -> float:
            fake = self.generator_(fixed_noise) if fixed_cond is None else self.generator_(fixed_noise, fixed_cond)
            return float(rbf_mmd(fake, reference))

        return AdversarialSteps(self.generator_, self.discriminator_, loss=self.loss, latent_dim=self.latent_dim,
                                lr_g=self.lr, lr_d=self.lr, mmd_weight=self.mmd_weight, monitor=monitor)

    # ---- sampling -------------------------------------------------------------------------------
    def sample(self, n: int, y: Any = None, random_state: RandomState = None) -> pd.DataFrame | np.ndarray:
        """Draw `n` rows (of class `y` for a conditional model: one label or `n` labels).

        Without `random_state`, successive calls continue one reproducible stream seeded at fit.
        """
        self._check_fitted("generator_")
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
            raise ValueError(f"n must be a non-negative integer, got {n!r}")
        seed = self._next_sample_seed() if random_state is None else resolve_seed(random_state)
        return self.transformer_.inverse_transform(self._sample_encoded(int(n), y, seed))

    def _sample_encoded(self, n: int, y: Any, seed: int) -> np.ndarray:
        import torch

        generator = torch.Generator().manual_seed(seed)
        z = torch.randn(n, self.latent_dim, generator=generator).to(self.device_)
        cond = self._condition(n, y)
        with torch.no_grad():
            out = self.generator_(z) if cond is None else self.generator_(z, cond)
        return out.cpu().numpy()

    def _condition(self, n: int, y: Any):
        import torch

        if self.classes_ is None:
            if y is not None:
                raise ValueError("this TabularGAN was fitted without y; sample(n) takes no label")
            return None
        if y is None:
            raise ValueError(f"this TabularGAN is conditional; pass y (one of {self.classes_.tolist()})")
        labels = np.full(n, y) if np.ndim(y) == 0 else np.asarray(y)
        if len(labels) != n:
            raise ValueError(f"y has {len(labels)} labels for n={n} rows")
        unknown = set(labels.tolist()) - set(self.classes_.tolist())
        if unknown:
            raise ValueError(f"unknown label(s) {sorted(unknown)}; fitted classes are {self.classes_.tolist()}")
        codes = torch.as_tensor(np.searchsorted(self.classes_, labels))
        return torch.eye(len(self.classes_), device=self.device_)[codes]

    # ---- persistence ----------------------------------------------------------------------------
    def _fitted_modules(self) -> dict[str, Any]:
        return {"generator": self.generator_, "discriminator": self.discriminator_}

    def _fitted_metadata(self) -> dict[str, Any]:
        return {"transformer": self.transformer_.to_dict(), "seed": self.seed_,
                "sample_calls": getattr(self, "_sample_calls_", 0),
                "classes": None if self.classes_ is None else self.classes_.tolist(),
                "history": self.history_}

    def _restore_fitted(self, metadata: dict[str, Any]) -> None:
        self.device_ = "cpu"
        self.seed_, self._sample_calls_ = int(metadata["seed"]), int(metadata.get("sample_calls", 0))
        self.transformer_ = TabularTransformer.from_dict(metadata["transformer"])
        self.classes_ = None if metadata["classes"] is None else np.asarray(metadata["classes"])
        self.history_ = metadata["history"]
        self.n_features_in_ = len(self.transformer_.columns_)
        self._build_networks()
        self.generator_.eval()
