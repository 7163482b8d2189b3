"""Fixtures of the detector tests: a normal Gaussian blob with a planted anomaly cluster, fast settings."""

from __future__ import annotations

import numpy as np
import pytest

QUICK = {
    "AnoGAN": {"epochs": 20, "search_steps": 30, "restarts": 2},
    "FAnoGAN": {"epochs": 20, "n_critic": 2},
    "EGBAD": {"epochs": 20},
    "GANomaly": {"epochs": 20},
}


def _make_detector(name: str, **overrides):
    from smallgan import detect

    params = {"lr": 1e-3, "batch_size": 32, "hidden": (32, 32), "latent_dim": 8, "random_state": 0,
              **QUICK[name], **overrides}
    return getattr(detect, name)(**params)


@pytest.fixture
def make_detector():
    """`make_detector(name, **overrides)`: a small, fast instance of detector `name`."""
    return _make_detector


@pytest.fixture
def blob():
    """(train normals 200 x 4, test rows 60 normal + 15 planted anomalies at +4, test labels)."""
    rng = np.random.default_rng(0)
    train = rng.normal(0.0, 1.0, (200, 4))
    test = np.vstack([rng.normal(0.0, 1.0, (60, 4)), rng.normal(4.0, 0.5, (15, 4))])
    return train, test, np.r_[np.zeros(60), np.ones(15)].astype(int)
