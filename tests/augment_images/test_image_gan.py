import numpy as np
import pytest

from smallgan.augment.cnn_classifier import CNNClassifier
from smallgan.augment.image_gan import ImageGAN
from smallgan.exceptions import DataValidationError

FAST = {"epochs": 20, "batch_size": 8, "base_width": 16, "latent_dim": 16, "lr": 1e-3}


@pytest.fixture(scope="module")
def toy():
    from .conftest import squares_and_circles

    return squares_and_circles(40)


@pytest.fixture(scope="module")
def real_classifier(toy):
    return CNNClassifier(epochs=10, random_state=0).fit(*toy)


@pytest.mark.parametrize("method", ["per_class", "acgan"])
def test_samples_are_classified_as_their_own_class(method, toy, real_classifier):
    gan = ImageGAN(method=method, random_state=0, **FAST).fit(*toy)
    hits = [np.mean(real_classifier.predict(gan.sample(40, label)) == label) for label in (0, 1)]
    assert min(hits) > 0.7, hits  # chance is 0.5 per class


def test_same_seed_same_samples_and_shapes(toy):
    images, labels = toy
    params = {**FAST, "epochs": 2, "method": "cgan", "diffaugment": ("color", "translation", "cutout")}
    first = ImageGAN(random_state=1, **params).fit(images, labels)
    second = ImageGAN(random_state=1, **params).fit(images, labels)
    np.testing.assert_array_equal(first.sample(6, 1, random_state=5), second.sample(6, 1, random_state=5))
    out = first.sample(7, label=0)
    assert out.shape == (7, 1, 16, 16) and out.dtype == np.float32 and np.abs(out).max() <= 1.0
    mixed = first.sample(4, label=[0, 1, 1, 0])
    assert mixed.shape == (4, 1, 16, 16)
    assert not np.array_equal(first.sample(3, 0), first.sample(3, 0))  # the stream moves on


@pytest.mark.parametrize("size", [8, 64])
def test_unconditional_rgb_and_save_load(tmp_path, size):
    from smallgan.io import load, save

    rgb = np.random.default_rng(0).random((16, size, size, 3)).astype(np.float32)
    gan = ImageGAN(epochs=1, batch_size=8, base_width=4, latent_dim=8, random_state=0).fit(rgb)
    assert gan.sample(3).shape == (3, 3, size, size)
    with pytest.raises(ValueError, match="without labels"):
        gan.sample(2, label=1)
    restored = load(save(gan, tmp_path / "gan"))
    np.testing.assert_array_equal(gan.sample(4, random_state=2), restored.sample(4, random_state=2))


def test_bad_inputs(toy):
    images, labels = toy
    with pytest.raises(DataValidationError, match="class 1 has 3 images, fewer than batch_size=8"):
        ImageGAN(**FAST).fit(np.concatenate([images[:40], images[40:43]]), [0] * 40 + [1] * 3)
    with pytest.raises(DataValidationError, match="labels"):
        ImageGAN(**FAST).fit(images, labels[:10])
    with pytest.raises(ValueError, match="conditional: pass labels"):
        ImageGAN(method="acgan").fit(images)
    with pytest.raises(ValueError, match="unknown label"):
        ImageGAN(**{**FAST, "epochs": 1}, method="cgan").fit(images, labels).sample(2, label=7)
    with pytest.raises(ValueError, match="image size 9"):
        ImageGAN(**{**FAST, "epochs": 1}).fit(np.zeros((20, 9, 9), np.uint8), [0, 1] * 10)
