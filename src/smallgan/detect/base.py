"""`BaseGANDetector`: PyOD's detector contract on top of smallgan's estimator plumbing.

Subclasses implement `_fit(X)` (X validated: float64 rows or float32 images in [-1, 1]) and
`_score(X) -> np.ndarray` (higher = more anomalous, computed for a whole batch at once). The base
sets `decision_scores_`, `threshold_` (training-score quantile from `contamination`, fixed at fit,
never recomputed per batch) and `labels_`; `predict`, `predict_proba` come from PyOD.

Rows: 2-D arrays or DataFrames; a DataFrame with string column names at fit sets `feature_names_in_`, and
later frames are matched to those columns by name (reordered; missing or unknown columns raise). Images
(3-D/4-D): `pixel_range_` records the range of the training pixels ("0..255", "0..1" or "-1..1"); a model
fitted on [-1, 1] reads later float images within [0, 1] as [-1, 1] too, so an image's score never depends
on the rest of its batch.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, ClassVar

import numpy as np
from pyod.models.base import BaseDetector

from .._base import GenerativeMixin
from .._validation import (
    Interval,
    check_feature_names,
    check_images_range,
    check_n_features,
    check_X,
    feature_names_of,
)
from ..exceptions import DataValidationError


class BaseGANDetector(GenerativeMixin, BaseDetector):
    """Base class of smallgan's anomaly detectors (PyOD-compatible)."""

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **GenerativeMixin._parameter_constraints,
        "contamination": [Interval(numbers.Real, 0, 0.5, closed="right")],
    }

    def fit(self, X: Any, y: Any = None) -> BaseGANDetector:
        """Fit on (mostly) normal data; `y` is ignored, as in PyOD."""
        self._begin_fit()
        if y is not None:
            warnings.warn("y is ignored: detectors are fitted on unlabelled (mostly normal) data", UserWarning,
                          stacklevel=2)
        data = self._check_input(X, fitting=True)
        self._set_n_classes(None)
        self._fit(data)
        self.decision_scores_ = np.asarray(self._score(data), dtype=np.float64).ravel()
        self._process_decision_scores()
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Anomaly scores of X (higher = more anomalous)."""
        self._check_fitted("decision_scores_")
        return np.asarray(self._score(self._check_input(X)), dtype=np.float64).ravel()

    def _check_input(self, X: Any, fitting: bool = False) -> np.ndarray:
        ndim = _input_ndim(X)
        if fitting:
            self.input_kind_ = "image" if ndim >= 3 else "tabular"
            for stale in ("feature_names_in_", "pixel_range_"):  # a refit on the other kind of input
                if hasattr(self, stale):
                    delattr(self, stale)
        if self.input_kind_ == "tabular":
            if ndim >= 3:
                raise DataValidationError(f"this detector was fitted on 2-D rows; got an array with {ndim} dims")
            return self._check_rows(X, fitting)
        images, found = check_images_range(X, min_rows=2 if fitting else 1,
                                           fitted_range=None if fitting else getattr(self, "pixel_range_", None))
        if fitting:
            self.image_shape_, self.pixel_range_ = tuple(images.shape[1:]), found
        elif tuple(images.shape[1:]) != self.image_shape_:
            raise DataValidationError(f"images have shape {tuple(images.shape[1:])} (channels, h, w); the model "
                                      f"was fitted on {self.image_shape_}")
        return images

    def _check_rows(self, X: Any, fitting: bool) -> np.ndarray:
        """Rows as a float64 2-D array; DataFrame columns are matched to the fitted names by name."""
        if fitting:
            names = feature_names_of(X)
            if names is not None:
                self.feature_names_in_ = names
        else:
            X = check_feature_names(X, getattr(self, "feature_names_in_", None))
        data = check_X(X, min_rows=2 if fitting else 1)
        if fitting:
            self.n_features_in_ = data.shape[1]
        else:
            check_n_features(data, self.n_features_in_)
        return data

    def _fit(self, X: np.ndarray) -> None:
        raise NotImplementedError

    def _score(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError


def _input_ndim(X: Any) -> int:
    """Dimensions of X as given (a DataFrame counts as 2-D; a ragged list of images as 3-D)."""
    if hasattr(X, "iloc"):
        return 2
    try:
        return int(np.ndim(X))
    except ValueError:  # a list of arrays of different sizes: let the image checks name the sizes
        return 3
