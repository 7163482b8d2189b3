import numpy as np
import pytest


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread_for_module_fixtures():
    """Module-scoped fixtures train models before the function-scoped thread fixture of tests/conftest.py."""
    import torch

    torch.set_num_threads(1)


@pytest.fixture
def blob_pairs():
    """64 16x16 images of one Gaussian blob each (A) and their horizontal flips (B), floats in [0, 1]."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:16, :16]
    centres = rng.integers(3, 13, (64, 2))
    images = np.stack([np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 6.0) for cy, cx in centres]).astype(np.float32)
    return images, images[:, :, ::-1].copy()
