"""`augment_table`: the library call behind `smallgan augment` (fit a sampler, keep only what is asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError


def augment_table(X: Any, y: Any, *, method: str = "gan", n: int | None = None, random_state: int = 0,
                  include_real: bool = False, target_name: str = "target", out: str | Path | None = None,
                  save: str | Path | None = None, gan_params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Synthetic rows as a DataFrame (with the label column when y is given); written atomically to `out`."""
    from ..io import save as save_model
    from ..io_utils import atomic_write_csv
    from .samplers import GAN_METHODS, make_sampler
    from .tabular_gan import TabularGAN

    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X), columns=[f"x{i}" for i in
                                                                                       range(np.shape(X)[1])])
    params = dict(gan_params or {})
    if y is None:
        if method not in GAN_METHODS or n is None:
            raise DataValidationError("without a target column only a GAN can generate rows: pass --method gan "
                                      "and --n, or name the label column with --target")
        model = TabularGAN(random_state=random_state, **params).fit(frame)
        result = model.sample(n)
    else:
        if method not in GAN_METHODS:
            params = {"epochs": params["epochs"]} if method in ("ctgan", "tvae") and "epochs" in params else {}
        sampler = make_sampler(method, random_state=random_state, **params)
        if sampler is None:
            raise DataValidationError("method 'none' generates nothing; choose a sampler")
        numeric = frame if method in GAN_METHODS else frame.select_dtypes("number")
        if numeric.shape[1] != frame.shape[1]:
            raise DataValidationError(f"{method} needs numeric columns; non-numeric: "
                                      f"{sorted(set(frame.columns) - set(numeric.columns))} (use --method gan)")
        X_res, y_res = sampler.fit_resample(numeric, np.asarray(y))
        result = pd.DataFrame(X_res, columns=frame.columns) if not isinstance(X_res, pd.DataFrame) else X_res
        result[target_name] = y_res
        if not include_real:
            result = result.iloc[len(frame):].reset_index(drop=True)
        model = next(iter(getattr(sampler, "generators_", {}).values()), None)
    if out is not None:
        atomic_write_csv(result, out)
    if save is not None:
        if model is None:
            raise DataValidationError(f"--save needs a GAN method; {method} has no model to save")
        save_model(model, save)
    return result
