import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from smallgan.evaluate.image import image_metrics, mae, psnr, ssim
from smallgan.exceptions import DataValidationError


def _skimage_ssim(x, y, data_range):
    channel_axis = 0 if x.ndim == 3 else None
    return structural_similarity(x, y, data_range=data_range, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, channel_axis=channel_axis)


@pytest.fixture
def noisy_pairs():
    rng = np.random.default_rng(0)
    clean = rng.random((4, 2, 28, 28))
    return clean, np.clip(clean + rng.normal(0, 0.15, clean.shape), 0, 1)


def test_ssim_and_psnr_match_skimage_on_random_images(noisy_pairs):
    clean, noisy = noisy_pairs
    ours = ssim(clean, noisy, data_range=1.0, per_image=True)
    theirs = [_skimage_ssim(c, n, 1.0) for c, n in zip(clean, noisy, strict=True)]
    np.testing.assert_allclose(ours, theirs, atol=1e-4)
    np.testing.assert_allclose(psnr(clean, noisy, data_range=1.0, per_image=True),
                               [peak_signal_noise_ratio(c, n, data_range=1.0) for c, n in zip(clean, noisy,
                                                                                                strict=True)],
                               atol=1e-4)
    assert 0.0 < ours.min() < ours.max() < 1.0


def test_uint8_images_use_range_255_like_skimage():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 256, (32, 32), dtype=np.uint8)
    b = np.clip(a.astype(int) + rng.integers(-20, 21, a.shape), 0, 255).astype(np.uint8)
    assert ssim(a, b) == pytest.approx(_skimage_ssim(a, b, 255), abs=1e-4)
    assert psnr(a, b) == pytest.approx(peak_signal_noise_ratio(a, b, data_range=255), abs=1e-4)


@pytest.mark.requires_data
def test_metrics_match_skimage_on_real_mnist_images():
    from smallgan.data import load_dataset

    images = load_dataset("mnist").X[:6]
    shifted = np.roll(images, 1, axis=2)
    ours = ssim(images, shifted, per_image=True)
    theirs = [_skimage_ssim(a, b, 255) for a, b in zip(images, shifted, strict=True)]
    np.testing.assert_allclose(ours, theirs, atol=1e-4)
    np.testing.assert_allclose(psnr(images, shifted, per_image=True),
                               [peak_signal_noise_ratio(a, b) for a, b in zip(images, shifted, strict=True)],
                               atol=1e-4)


def test_identical_images_have_ssim_one_infinite_psnr_zero_mae(noisy_pairs):
    clean, _ = noisy_pairs
    assert ssim(clean, clean, data_range=1.0) == pytest.approx(1.0, abs=1e-12)
    assert np.isinf(psnr(clean, clean, data_range=1.0))
    assert mae(clean, clean) == 0.0


def test_image_metrics_gives_all_three(noisy_pairs):
    clean, noisy = noisy_pairs
    metrics = image_metrics(clean, noisy, data_range=1.0)
    assert set(metrics) == {"ssim", "psnr", "mae"}
    assert metrics["mae"] == pytest.approx(np.abs(clean - noisy).mean())


def test_metric_inputs_are_checked():
    a = np.zeros((2, 28, 28))
    with pytest.raises(DataValidationError, match="same shape"):
        ssim(a, np.zeros((2, 28, 27)), data_range=1.0)
    with pytest.raises(DataValidationError, match="data_range"):
        ssim(a, a)
    with pytest.raises(DataValidationError, match="smaller than the 11x11"):
        ssim(np.zeros((8, 8)), np.zeros((8, 8)), data_range=1.0)
    bad = a.copy()
    bad[1, 3, 3] = np.nan
    with pytest.raises(DataValidationError, match="NaN"):
        psnr(a, bad, data_range=1.0)
