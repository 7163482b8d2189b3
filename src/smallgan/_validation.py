"""Input and parameter validation: the only module that touches scikit-learn's validation helpers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from sklearn.utils._param_validation import (  # noqa: F401  (re-exported vocabulary)
    Interval,
    Options,
    StrOptions,
    validate_parameter_constraints,
)

from .exceptions import DataValidationError

__all__ = [
    "Interval",
    "Options",
    "StrOptions",
    "check_params",
    "check_finite",
    "check_X",
    "check_X_y",
    "check_images",
    "check_images_range",
    "pixel_range",
    "check_feature_names",
    "feature_names_of",
    "check_n_features",
]


def check_params(estimator: Any, constraints: Mapping[str, list]) -> None:
    """Validate `estimator.get_params(deep=False)` against `constraints`; raise ValueError naming the parameter."""
    try:
        validate_parameter_constraints(dict(constraints), estimator.get_params(deep=False),
                                       caller_name=type(estimator).__name__)
    except (TypeError, ValueError) as exc:  # sklearn raises InvalidParameterError(ValueError, TypeError)
        raise ValueError(str(exc)) from None


def check_finite(X: np.ndarray, what: str = "X") -> None:
    """Raise DataValidationError naming the first row/column holding NaN or inf."""
    if X.dtype.kind not in "fc":
        return
    bad = ~np.isfinite(X)
    if bad.any():
        index = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(X[tuple(index)]) else "inf"
        where = f"row {index[0]}" + (f", column {index[1]}" if X.ndim == 2 else "")
        if X.ndim > 2:
            where = f"row {index[0]} (element {tuple(int(i) for i in index[1:])})"
        raise DataValidationError(f"{what} contains {kind} at {where} ({int(bad.sum())} non-finite values "
                                  "in total); impute or drop them first")


def check_X(X: Any, *, min_rows: int = 1, what: str = "X", dtype: Any = np.float64) -> np.ndarray:
    """Return X as a finite 2-D float array, or raise DataValidationError saying what is wrong."""
    if hasattr(X, "dtypes") and hasattr(X.dtypes, "items"):  # a DataFrame (a Series' dtypes is one dtype)
        non_numeric = [str(c) for c, t in X.dtypes.items() if t.kind not in "biuf"]
        if non_numeric:
            raise DataValidationError(f"{what} has non-numeric columns {non_numeric}; declare them categorical "
                                      "or encode them first")
    try:
        array = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise DataValidationError(f"{what} must be numeric: {exc}") from None
    if array.ndim == 1:
        raise DataValidationError(f"{what} must be 2-D (n_samples, n_features), got a 1-D array of shape "
                                  f"{array.shape}; use X.reshape(-1, 1) for one feature")
    if array.ndim != 2:
        raise DataValidationError(f"{what} must be 2-D (n_samples, n_features), got shape {array.shape}")
    if array.shape[0] < min_rows:
        raise DataValidationError(f"{what} has {array.shape[0]} rows; at least {min_rows} are needed")
    if array.shape[1] == 0:
        raise DataValidationError(f"{what} has no columns")
    check_finite(array, what)
    return array


def check_y(y: Any, n_rows: int, *, min_per_class: int = 2, min_classes: int = 2) -> np.ndarray:
    """Check a label vector: length, at least `min_classes` classes, `min_per_class` rows each."""
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels.ravel()
    if labels.ndim != 1:
        raise DataValidationError(f"y must be 1-D, got shape {labels.shape}")
    if len(labels) != n_rows:
        raise DataValidationError(f"X has {n_rows} rows but y has {len(labels)} labels; they must match")
    if labels.dtype.kind == "f" and not np.isfinite(labels).all():
        raise DataValidationError(f"y contains NaN/inf at row {int(np.argwhere(~np.isfinite(labels))[0, 0])}")
    if labels.dtype.kind == "O":
        import pandas as pd

        if (missing := pd.isna(labels)).any():
            raise DataValidationError(f"y contains a missing label at row {int(np.argmax(missing))}")
    classes, counts = np.unique(labels, return_counts=True)
    if len(classes) < min_classes:
        raise DataValidationError(f"y has {len(classes)} class ({classes.tolist()}); at least {min_classes} "
                                  "classes are needed to resample")
    small = {c.item() if hasattr(c, "item") else c: int(n) for c, n in zip(classes, counts, strict=True)
             if n < min_per_class}
    if small:
        raise DataValidationError(f"class(es) {small} have fewer than {min_per_class} rows "
                                  "(label: count); a generator needs more examples")
    return labels


def check_X_y(X: Any, y: Any, *, min_per_class: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Validate a numeric X and its labels together."""
    array = check_X(X)
    labels = check_y(y, array.shape[0], min_per_class=min_per_class)
    return array, labels


def check_n_features(X: np.ndarray, expected: int, what: str = "X") -> None:
    """Raise when the feature count at scoring time differs from the one seen at fit."""
    if X.shape[1] != expected:
        raise DataValidationError(f"{what} has {X.shape[1]} features, but the model was fitted with {expected}")


def feature_names_of(X: Any, what: str = "X") -> np.ndarray | None:
    """Column names of a DataFrame when all are strings (scikit-learn's rule), else None; duplicated names raise."""
    if not hasattr(X, "iloc") or getattr(X, "ndim", 2) != 2:
        return None
    names = [column for column in X.columns]
    if not names or not all(isinstance(name, str) for name in names):
        return None
    if len(set(names)) < len(names):
        duplicated = sorted({name for name in names if names.count(name) > 1})
        raise DataValidationError(f"{what} has duplicated column names {duplicated}; give each column its own name")
    return np.asarray(names, dtype=object)


def check_feature_names(X: Any, fitted: np.ndarray | None, what: str = "X") -> Any:
    """X with its columns put in the fitted order when both X and the fit had column names.

    Plain arrays (or a fit without names) pass unchanged; missing or unknown columns raise DataValidationError
    naming them.
    """
    names = feature_names_of(X, what)
    if fitted is None or names is None:
        return X
    expected, given = [str(name) for name in fitted], names.tolist()
    missing = [name for name in expected if name not in set(given)]
    unknown = [name for name in given if name not in set(expected)]
    if missing or unknown:
        problems = ", ".join(part for part in (f"missing columns {missing}" if missing else "",
                                               f"unknown columns {unknown}" if unknown else "") if part)
        raise DataValidationError(f"{what} columns do not match the fitted ones: {problems}; the model was fitted "
                                  f"on {expected}")
    return X if given == expected else X[expected]


def check_images(images: Any, *, what: str = "images", min_rows: int = 1, value_range: str = "auto",
                 fitted_range: str | None = None) -> np.ndarray:
    """Return images as float32 (n, channels, height, width) scaled to [-1, 1].

    Accepts (n, h, w), (n, h, w, c) with c in {1, 3} or (n, c, h, w); uint8 0-255 or float in [0, 1]
    or [-1, 1]. Anything else raises DataValidationError saying what was found. `value_range="-1..1"`
    (or "0..1", "0..255") states the range instead of inferring it: a [-1, 1] array that happens to have
    no negative pixel is otherwise read as 0..1. `fitted_range` (a model's `pixel_range_`) settles only
    that ambiguous case: with "-1..1", floats within [0, 1] are read as -1..1 (see `pixel_range`).
    """
    return check_images_range(images, what=what, min_rows=min_rows, value_range=value_range,
                              fitted_range=fitted_range)[0]


def check_images_range(images: Any, *, what: str = "images", min_rows: int = 1, value_range: str = "auto",
                       fitted_range: str | None = None) -> tuple[np.ndarray, str]:
    """`check_images` that also returns the pixel range it read ("0..255", "0..1" or "-1..1"): what a
    model records at fit as `pixel_range_`."""
    if isinstance(images, list | tuple):
        shapes = {np.shape(image) for image in images}
        if len(shapes) > 1:
            raise DataValidationError(f"{what} have mixed sizes {sorted(shapes)[:4]}; resize them to one size")
    array = np.asarray(images)
    if array.dtype == object:
        raise DataValidationError(f"{what} could not be stacked into one array (mixed sizes or types)")
    if array.ndim == 3:
        array = array[:, None]
    elif array.ndim == 4 and array.shape[-1] in (1, 3) and array.shape[1] not in (1, 3):
        array = np.moveaxis(array, -1, 1)
    elif array.ndim != 4:
        raise DataValidationError(f"{what} must be (n, h, w), (n, h, w, c) or (n, c, h, w); got shape {array.shape}")
    if array.shape[1] not in (1, 3):
        raise DataValidationError(f"{what} must have 1 or 3 channels, got {array.shape[1]} (shape {array.shape})")
    if array.shape[0] < min_rows:
        raise DataValidationError(f"{what}: {array.shape[0]} images; at least {min_rows} are needed")
    if array.dtype.kind not in "biuf":
        raise DataValidationError(f"{what} must be numeric, got dtype {array.dtype}")
    check_finite(array.astype(np.float64, copy=False) if array.dtype.kind == "f" else array, what)
    found = pixel_range(array, what, fitted_range) if value_range == "auto" else value_range
    return scale_images(array, what, found), found


_RANGES = {"0..255": (0.0, 255.0), "0..1": (0.0, 1.0), "-1..1": (-1.0, 1.0)}
PIXEL_RANGES = tuple(_RANGES)


def pixel_range(array: np.ndarray, what: str = "images", fitted_range: str | None = None) -> str:
    """The range of raw pixels: uint8 -> "0..255", floats with a negative pixel -> "-1..1", floats within
    [0, 1] -> "0..1", or "-1..1" when `fitted_range` is "-1..1" (the model was fitted on [-1, 1] images, so
    the reading of one image does not depend on the rest of its batch). Other ranges raise."""
    if fitted_range not in (None, "auto", *_RANGES):
        raise ValueError(f"fitted_range must be None, 'auto' or one of {sorted(_RANGES)}, got {fitted_range!r}")
    if array.dtype == np.uint8:
        return "0..255"
    low, high = float(array.min()), float(array.max())
    if low >= 0.0 and high <= 1.0:
        return "-1..1" if fitted_range == "-1..1" else "0..1"
    if low >= -1.0 and high <= 1.0:
        return "-1..1"
    if low >= 0.0 and high <= 255.0:
        raise DataValidationError(f"{what} look like 0-255 pixels stored as {array.dtype} (range {low:g}..{high:g}); "
                                  "pass uint8 or divide by 255 so the range is 0-1")
    raise DataValidationError(f"{what} have pixel range {low:g}..{high:g}; expected uint8 0-255, float 0-1 or -1..1")


def scale_images(array: np.ndarray, what: str = "images", value_range: str = "auto",
                 fitted_range: str | None = None) -> np.ndarray:
    """Map uint8 0-255, float 0-1 or float -1..1 pixels to float32 in [-1, 1]; refuse other ranges.

    `value_range="auto"` infers the range with `pixel_range(array, what, fitted_range)`."""
    if value_range == "auto":
        value_range = pixel_range(array, what, fitted_range)
    elif value_range not in _RANGES:
        raise ValueError(f"value_range must be 'auto' or one of {sorted(_RANGES)}, got {value_range!r}")
    else:
        low, high = _RANGES[value_range]
        if float(array.min()) < low or float(array.max()) > high:
            raise DataValidationError(f"{what} have pixel range {float(array.min()):g}..{float(array.max()):g}, "
                                      f"outside the stated {value_range}")
    if value_range == "0..255":
        return (array.astype(np.float32) / 127.5 - 1.0).astype(np.float32)
    if value_range == "0..1":
        return (array.astype(np.float32) * 2.0 - 1.0).astype(np.float32)
    return array.astype(np.float32)
