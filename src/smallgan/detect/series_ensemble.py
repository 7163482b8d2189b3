"""`SeriesSeedEnsemble`: one series method fitted with several seeds, its scores averaged.

A GAN's anomalous intervals vary from seed to seed even where its point-wise ranking is good. The ensemble fits
`n_members` detectors of one method with seeds drawn from `random_state`, divides each member's scores by the std
of its training-series scores (scaled, not centred: the interval rule's peak pruning depends on the scores' zero)
and averages them. On NAB the gain is measured in BENCHMARKS.md ("seed ensembles of the LSTM GAN").
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from pyod.models.base import BaseDetector
from sklearn.utils import check_random_state

from .series_base import IntervalDetection


def member_seeds(random_state: Any, n_members: int) -> list[int | None]:
    """Seeds of the members: `random_state` itself for one member, else `n_members` ints drawn from it.

    Example:
        >>> member_seeds(0, 1), len(set(member_seeds(0, 3)))
        ([0], 3)
    """
    if n_members == 1:
        return [random_state]
    if random_state is None:
        return [None] * n_members
    if isinstance(random_state, numbers.Integral):
        return [int(s) for s in np.random.SeedSequence(int(random_state)).generate_state(n_members)]
    return [int(s) for s in check_random_state(random_state).randint(0, 2**31 - 1, size=n_members)]


class SeriesSeedEnsemble(IntervalDetection, BaseDetector):
    """`n_members` fits of series method `method` (a `detect_series` method name) with different seeds.

    `member_params` go to every member (parameters a method does not take are ignored). `decision_scores_`,
    `threshold_` and `labels_` follow PyOD, `detect_intervals` a single detector's; `members_` holds the fitted
    detectors and `member_scales_` the std of each one's training scores.

    Example:
        >>> ensemble = SeriesSeedEnsemble("lstmgan", 3, {"epochs": 10}, random_state=0).fit(values)
        >>> ensemble.detect_intervals(k=4.0)
    """

    def __init__(self, method: str = "lstmgan", n_members: int = 3, member_params: dict | None = None,
                 contamination: float = 0.1, random_state: Any = None) -> None:
        self.method = method
        self.n_members = n_members
        self.member_params = member_params
        self.contamination = contamination
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> SeriesSeedEnsemble:
        """Fit every member on the series X (`(n_times,)` or `(n_times, n_channels)`); `y` is ignored."""
        from .series_pipeline import make_series_detector

        if not isinstance(self.n_members, numbers.Integral) or isinstance(self.n_members, bool) \
                or self.n_members < 1:
            raise ValueError(f"n_members must be an integer >= 1, got {self.n_members!r}")
        if not isinstance(self.contamination, numbers.Real) or not 0 < self.contamination <= 0.5:
            raise ValueError(f"contamination must be in (0, 0.5], got {self.contamination!r}")
        params = {k: v for k, v in (self.member_params or {}).items() if k != "random_state"}
        self.members_ = [make_series_detector(self.method, **params, random_state=seed).fit(X)
                         for seed in member_seeds(self.random_state, self.n_members)]
        self.member_scales_ = np.array([member.decision_scores_.std() or 1.0 for member in self.members_])
        self.n_features_in_ = self.members_[0].n_features_in_
        self.decision_scores_ = self._average([member.decision_scores_ for member in self.members_])
        self._set_n_classes(None)
        self._process_decision_scores()
        return self

    def _average(self, scores: list[np.ndarray]) -> np.ndarray:
        return np.mean([s / scale for s, scale in zip(scores, self.member_scales_, strict=True)], axis=0)

    def decision_function(self, X: Any) -> np.ndarray:
        """One score per time point of X: the members' scores, each divided by its training-score std, averaged."""
        if not hasattr(self, "members_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this SeriesSeedEnsemble is not fitted yet; call fit first")
        return self._average([member.decision_function(X) for member in self.members_])
