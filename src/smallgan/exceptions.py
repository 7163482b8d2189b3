"""Exceptions raised by smallgan; all derive from the builtin a user would catch."""

from __future__ import annotations


class DataValidationError(ValueError):
    """Input data is unusable: NaN/inf, wrong shape, too few rows, unknown columns..."""


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing or corrupt; the message names the path and the env var."""


class TrainingDivergedError(RuntimeError):
    """A GAN's losses became NaN or infinite; the message names the epoch and the losses."""


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before `fit`."""
