"""Shared fixtures; tests on real data are marked `requires_data` and skipped when the folder is absent."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


def _data_root():
    from smallgan.data import data_root

    return data_root(required=False)


def pytest_collection_modifyitems(config, items):
    if _data_root() is not None:
        return
    skip = pytest.mark.skip(reason="real datasets not found: set SMALLGAN_DATA or provide ../shared/data")
    for item in items:
        if "requires_data" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    import torch

    torch.set_num_threads(1)


@pytest.fixture
def imbalanced_blobs():
    """90 majority rows around 0, 10 minority rows around 3, 4 features."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (90, 4)), rng.normal(3, 1, (10, 4))])
    y = np.array([0] * 90 + [1] * 10)
    return X, y
