"""Tiny image fixtures: bright squares vs dark circles (16x16), and scikit-learn digits."""

from __future__ import annotations

import numpy as np
import pytest


def squares_and_circles(n_per_class: int = 40, size: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Class 0: a bright square on black; class 1: a dim ring; random position and size, uint8."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:size, :size]
    images = np.zeros((2 * n_per_class, size, size), np.uint8)
    for i in range(n_per_class):
        side, (top, left) = rng.integers(5, 9), rng.integers(1, 6, size=2)
        images[i, top:top + side, left:left + side] = rng.integers(200, 256)
        radius, (cy, cx) = rng.uniform(3, 5), rng.uniform(6, 10, size=2)
        ring = np.abs(np.hypot(yy - cy, xx - cx) - radius) < 1.0
        images[n_per_class + i][ring] = rng.integers(90, 130)
    return images, np.repeat([0, 1], n_per_class)


@pytest.fixture
def toy_images():
    return squares_and_circles()


@pytest.fixture(scope="session")
def digits_small():
    from smallgan.data import load_dataset

    data = load_dataset("digits")
    return data.X, data.y
