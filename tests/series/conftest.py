"""Shared fixture of the LSTM detector tests: a sine with a planted spike and level shift."""

import numpy as np
import pytest

SPIKE_AT = 150
SHIFT = (280, 319)


@pytest.fixture(scope="module")
def sine_with_anomalies() -> np.ndarray:
    """A noisy sine (period 20, 400 points) with a spike at 150 and a level shift on [280, 319]."""
    rng = np.random.default_rng(0)
    t = np.arange(400)
    values = np.sin(2 * np.pi * t / 20) + 0.05 * rng.normal(size=len(t))
    values[SPIKE_AT] += 3.0
    values[SHIFT[0]:SHIFT[1] + 1] += 1.5
    return values
