"""`TabularTransformer`: mixed tabular rows <-> the continuous matrix a GAN trains on.

Numeric columns are standardised (or mode-specific normalised as in CTGAN, Xu et al. 2019);
categorical columns are one-hot encoded and decoded by argmax; integer columns are rounded and
every numeric column is clipped to its training range.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from .._validation import check_finite
from ..exceptions import DataValidationError, NotFittedError

_MAX_MODE_FIT_ROWS = 20_000


def check_frame(frame: pd.DataFrame) -> None:
    """DataValidationError for an empty frame, duplicated column names, or a NaN or infinite cell (named)."""
    if 0 in frame.shape:
        raise DataValidationError(f"X has shape {frame.shape}; at least one row and one column are needed")
    if frame.columns.duplicated().any():
        raise DataValidationError(f"duplicated column names: {frame.columns[frame.columns.duplicated()].tolist()}")
    numeric = frame.select_dtypes("number")
    for bad, what in ((frame.isna().to_numpy(), "NaN"), (np.isinf(numeric.to_numpy(dtype=np.float64)), "inf")):
        if bad.any():
            row, col = np.argwhere(bad)[0]
            column = (frame if what == "NaN" else numeric).columns[col]
            raise DataValidationError(f"X contains {what} at row {row}, column {column!r}; impute or drop "
                                      "non-finite values first")


class TabularTransformer(TransformerMixin, BaseEstimator):
    """Encode a DataFrame or array for a GAN and decode generated rows back to the same columns and dtypes.

    Args:
        categorical_columns: column names (or indices for arrays) to one-hot encode, or "auto" to take
            every non-numeric or boolean column. None: every column must be numeric.
        numeric: "standard" (z-score) or "mode" (mode-specific normalisation with a Bayesian GMM).
        max_modes: components of the mixture for numeric="mode".
        clip: clip decoded numeric values to the training range.
    """

    def __init__(self, categorical_columns: Sequence[Any] | str | None = None, numeric: str = "standard",
                 max_modes: int = 10, clip: bool = True, random_state: int = 0) -> None:
        self.categorical_columns = categorical_columns
        self.numeric = numeric
        self.max_modes = max_modes
        self.clip = clip
        self.random_state = random_state

    # ---- fitting -------------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> TabularTransformer:
        """Learn each column's encoding (`y` is ignored)."""
        frame = self._as_frame(X)
        categorical = self._resolve_categorical(frame)
        self.is_frame_ = isinstance(X, pd.DataFrame)
        self.columns_ = [str(c) for c in frame.columns]
        self.column_labels_ = _jsonable_labels(frame.columns) if self.is_frame_ else None
        self.dtypes_ = {str(c): str(t) for c, t in frame.dtypes.items()}
        self.column_info_ = []
        for name in frame.columns:
            values = frame[name]
            if name in categorical:
                categories = sorted(pd.unique(values.astype(str)).tolist())
                self.column_info_.append({"name": str(name), "kind": "categorical", "categories": categories})
            else:
                self.column_info_.append(self._fit_numeric(str(name), values.to_numpy(dtype=np.float64)))
        self.spans_ = self._spans()
        self.output_dim_ = self.spans_[-1][1] if self.spans_ else 0
        return self

    def _as_frame(self, X: Any) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            check_frame(X)
            return X.reset_index(drop=True)
        array = np.asarray(X)
        if array.ndim != 2:
            raise DataValidationError(f"X must be 2-D (n_samples, n_features), got shape {array.shape}")
        if 0 in array.shape:
            raise DataValidationError(f"X has shape {array.shape}; at least one row and one column are needed")
        if array.dtype.kind in "fc":
            check_finite(array)
        return pd.DataFrame(array, columns=[str(i) for i in range(array.shape[1])])

    def _resolve_categorical(self, frame: pd.DataFrame) -> set:
        spec = self.categorical_columns
        non_numeric = [c for c, t in frame.dtypes.items() if t.kind not in "biuf" or t.kind == "b"]
        if isinstance(spec, str) and spec == "auto":
            return set(non_numeric)
        names = [str(c) for c in (spec or [])]
        unknown = [c for c in names if c not in set(map(str, frame.columns))]
        if unknown:
            raise DataValidationError(f"unknown categorical columns {unknown}; X has columns "
                                      f"{list(map(str, frame.columns))[:20]}")
        chosen = {c for c in frame.columns if str(c) in names}
        undeclared = [str(c) for c in non_numeric if c not in chosen and frame[c].dtype.kind != "b"]
        if undeclared:
            raise DataValidationError(f"non-numeric columns {undeclared} are not declared categorical; pass "
                                      "categorical_columns=[...] (or 'auto')")
        return chosen | {c for c in non_numeric if frame[c].dtype.kind == "b"}

    def _fit_numeric(self, name: str, values: np.ndarray) -> dict[str, Any]:
        info: dict[str, Any] = {"name": name, "kind": "numeric", "min": float(values.min()), "max": float(values.max()),
                                "integer": bool(np.all(np.mod(values, 1) == 0))}
        if self.numeric == "mode":
            info.update(self._fit_modes(values))
        else:
            std = float(values.std())
            info.update(mean=float(values.mean()), std=std if std > 0 else 1.0)
        return info

    def _fit_modes(self, values: np.ndarray) -> dict[str, Any]:
        from sklearn.mixture import BayesianGaussianMixture

        rng = np.random.default_rng(self.random_state)
        sample = values if len(values) <= _MAX_MODE_FIT_ROWS else rng.choice(values, _MAX_MODE_FIT_ROWS, replace=False)
        n_components = int(min(self.max_modes, max(1, len(np.unique(sample)))))
        gmm = BayesianGaussianMixture(n_components=n_components, weight_concentration_prior=1e-3,
                                      max_iter=300, random_state=self.random_state)
        gmm.fit(sample.reshape(-1, 1))
        keep = gmm.weights_ > 5e-3
        means = gmm.means_.ravel()[keep]
        stds = np.sqrt(gmm.covariances_.ravel()[keep])
        stds = np.where(stds > 1e-6, stds, max(float(sample.std()), 1e-3))
        weights = gmm.weights_[keep] / gmm.weights_[keep].sum()
        return {"means": means.tolist(), "stds": stds.tolist(), "weights": weights.tolist()}

    def _spans(self) -> list[tuple[int, int, str]]:
        spans, start = [], 0
        for info in self.column_info_:
            if info["kind"] == "categorical":
                spans.append((start, start + len(info["categories"]), "softmax"))
            elif "means" in info:
                spans.append((start, start + 1, "tanh"))
                start += 1
                spans.append((start, start + len(info["means"]), "softmax"))
                start = spans[-1][1]
                continue
            else:
                spans.append((start, start + 1, "identity"))
            start = spans[-1][1]
        return spans

    # ---- encode / decode ------------------------------------------------------------------------
    def transform(self, X: Any) -> np.ndarray:
        """Encode rows to the GAN's float32 matrix; the columns must be those seen at fit."""
        self._check_fitted()
        frame = self._as_frame(X)
        names = [str(c) for c in frame.columns]
        if isinstance(X, pd.DataFrame) and names != self.columns_:
            missing = [c for c in self.columns_ if c not in names]
            unknown = [c for c in names if c not in self.columns_]
            if missing or unknown:
                raise DataValidationError(f"columns differ from fit: missing {missing}, unknown {unknown}")
            frame = frame.iloc[:, [names.index(c) for c in self.columns_]]
        elif frame.shape[1] != len(self.columns_):
            raise DataValidationError(f"X has {frame.shape[1]} columns, expected {len(self.columns_)}")
        parts = [self._encode(info, frame[frame.columns[i]]) for i, info in enumerate(self.column_info_)]
        return np.concatenate(parts, axis=1).astype(np.float32)

    def _encode(self, info: dict[str, Any], values: pd.Series) -> np.ndarray:
        if info["kind"] == "categorical":
            index = {c: i for i, c in enumerate(info["categories"])}
            codes = values.astype(str).map(index)
            if codes.isna().any():
                raise DataValidationError(f"column {info['name']!r} has categories unseen at fit: "
                                          f"{sorted(set(values.astype(str)) - set(index))[:5]}")
            return np.eye(len(index), dtype=np.float32)[codes.to_numpy(dtype=int)]
        try:
            x = values.to_numpy(dtype=np.float64)
        except (TypeError, ValueError):
            bad = values[pd.to_numeric(values, errors="coerce").isna()]
            raise DataValidationError(f"column {info['name']!r} was numeric at fit but holds non-numeric values "
                                      f"such as {(bad if len(bad) else values).iloc[0]!r}") from None
        if "means" not in info:
            return ((x - info["mean"]) / info["std"]).reshape(-1, 1)
        means, stds = np.asarray(info["means"]), np.asarray(info["stds"])
        weights = np.asarray(info.get("weights", np.full(len(means), 1.0 / len(means))))
        z = (x[:, None] - means[None]) / stds[None]
        log_posterior = np.log(weights)[None] - np.log(stds)[None] - 0.5 * z**2
        mode = np.argmax(log_posterior, axis=1)  # most probable mixture component, as in CTGAN
        alpha = np.clip((x - means[mode]) / (4 * stds[mode]), -0.99, 0.99)
        return np.concatenate([alpha[:, None], np.eye(len(means))[mode]], axis=1)

    def inverse_transform(self, Z: np.ndarray) -> pd.DataFrame | np.ndarray:
        """Decode generated rows: argmax for one-hot spans, rescale, round integers, clip to range."""
        self._check_fitted()
        Z = np.asarray(Z, dtype=np.float64)
        if Z.ndim != 2 or Z.shape[1] != self.output_dim_:
            raise DataValidationError(f"encoded rows must have shape (n, {self.output_dim_}), got {Z.shape}")
        columns, start = {}, 0
        for info in self.column_info_:
            if info["kind"] == "categorical":
                end = start + len(info["categories"])
                columns[info["name"]] = np.asarray(info["categories"], dtype=object)[Z[:, start:end].argmax(axis=1)]
            else:
                end, values = self._decode_numeric(info, Z, start)
                columns[info["name"]] = values
            start = end
        frame = pd.DataFrame(columns)
        if not self.is_frame_:
            return frame.to_numpy(dtype=np.float64)
        frame = self._restore_dtypes(frame)
        if self.column_labels_ is not None:  # the fitted frame's own labels (ints stay ints)
            frame.columns = self.column_labels_
        return frame

    def _decode_numeric(self, info: dict[str, Any], Z: np.ndarray, start: int) -> tuple[int, np.ndarray]:
        if "means" in info:
            n_modes = len(info["means"])
            mode = Z[:, start + 1:start + 1 + n_modes].argmax(axis=1)
            values = Z[:, start] * 4 * np.asarray(info["stds"])[mode] + np.asarray(info["means"])[mode]
            end = start + 1 + n_modes
        else:
            values, end = Z[:, start] * info["std"] + info["mean"], start + 1
        if self.clip:
            values = np.clip(values, info["min"], info["max"])
        if info["integer"]:
            values = np.round(values)
        return end, values

    def _restore_dtypes(self, frame: pd.DataFrame) -> pd.DataFrame:
        for name, dtype in self.dtypes_.items():
            try:
                if dtype == "bool":
                    frame[name] = frame[name].astype(str) == "True"
                else:
                    frame[name] = frame[name].astype(dtype)
            except (TypeError, ValueError):
                pass  # keep the decoded values when the original dtype cannot hold them
        return frame

    def _check_fitted(self) -> None:
        if not hasattr(self, "column_info_"):
            raise NotFittedError("this TabularTransformer is not fitted yet; call fit first")

    # ---- persistence ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-able fitted state."""
        return {"params": {"categorical_columns": self.categorical_columns, "numeric": self.numeric,
                           "max_modes": self.max_modes, "clip": self.clip, "random_state": self.random_state},
                "is_frame": self.is_frame_, "columns": self.columns_, "column_labels": self.column_labels_,
                "dtypes": self.dtypes_,
                "column_info": self.column_info_}

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TabularTransformer:
        """Rebuild a fitted transformer from `to_dict()` output."""
        transformer = cls(**state["params"])
        transformer.is_frame_, transformer.columns_ = state["is_frame"], state["columns"]
        transformer.column_labels_ = state.get("column_labels")
        transformer.dtypes_, transformer.column_info_ = state["dtypes"], state["column_info"]
        transformer.spans_ = transformer._spans()
        transformer.output_dim_ = transformer.spans_[-1][1]
        return transformer


def _jsonable_labels(columns: pd.Index) -> list[Any] | None:
    """The column labels as JSON scalars (str, int, float, bool), or None when some are not (their str is used)."""
    labels = [label.item() if isinstance(label, np.generic) else label for label in columns]
    return labels if all(isinstance(label, str | int | float | bool) for label in labels) else None
