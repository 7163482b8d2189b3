"""`BaseGANDetector`: PyOD's detector contract on top of smallgan's estimator plumbing.

Subclasses implement `_fit(X)` (X validated: float64 rows or float32 images in [-1, 1]) and
`_score(X) -> np.ndarray` (higher = more anomalous, computed for a whole batch at once). The base
sets `decision_scores_`, `threshold_` (training-score quantile from `contamination`, fixed at fit,
never recomputed per batch) and `labels_`; `predict`, `predict_proba` come from PyOD.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, ClassVar

import numpy as np
from pyod.models.base import BaseDetector

from .._base import GenerativeMixin
from .._validation import Interval, check_images, check_n_features, check_X
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
        ndim = np.ndim(X) if not hasattr(X, "iloc") else 2
        if fitting:
            self.input_kind_ = "tabular" if ndim == 2 else "image"
        if self.input_kind_ == "tabular":
            if ndim != 2:
                raise DataValidationError(f"this detector was fitted on 2-D rows; got an array with {ndim} dims")
            data = check_X(X, min_rows=2 if fitting else 1)
            if fitting:
                self.n_features_in_ = data.shape[1]
            else:
                check_n_features(data, self.n_features_in_)
            return data
        images = check_images(X, min_rows=2 if fitting else 1)
        if fitting:
            self.image_shape_ = tuple(images.shape[1:])
        elif tuple(images.shape[1:]) != self.image_shape_:
            raise DataValidationError(f"images have shape {tuple(images.shape[1:])} (channels, h, w); the model "
                                      f"was fitted on {self.image_shape_}")
        return images

    def _fit(self, X: np.ndarray) -> None:
        raise NotImplementedError

    def _score(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError
