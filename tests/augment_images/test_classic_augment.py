import numpy as np
import pytest

from smallgan.augment.classic import ClassicAugment
from smallgan.augment.diffaugment import DiffAugment
from smallgan.exceptions import DataValidationError


def test_count_rule_and_shapes(toy_images):
    images, labels = toy_images
    aug = ClassicAugment(angles=(0, 90, 180), n_flips=2, n_translations=3, n_scales=1, random_state=0)
    assert aug.n_per_image() == 3 * (1 + 2 + 3 + 1)
    out, out_labels = aug.fit_resample(images[:5], labels[:5])
    assert out.shape == (5 * 21, 1, 16, 16) and out.dtype == np.float32
    assert out_labels.tolist() == np.repeat(labels[:5], 21).tolist()
    assert out.min() >= -1.0 and out.max() <= 1.0


def test_rotation_by_90_is_exact_and_first_version_is_the_image():
    image = np.arange(16 * 16, dtype=np.uint8).reshape(1, 16, 16)
    out = ClassicAugment(angles=(0, 90), n_flips=1, n_translations=0, n_scales=0, random_state=0).transform(image)
    scaled = image.astype(np.float32) / 127.5 - 1.0
    np.testing.assert_array_equal(out[0, 0], scaled[0])
    np.testing.assert_array_equal(out[1, 0], scaled[0, :, ::-1])  # horizontal flip
    np.testing.assert_array_equal(out[2, 0], np.rot90(scaled[0]))  # 90 degrees counter-clockwise
    np.testing.assert_array_equal(out[3, 0], np.rot90(scaled[0])[:, ::-1])


def test_interpolated_rotation_turns_the_same_way_as_rot90():
    import torch

    from smallgan.augment.classic import _affine, _rotate

    x = -torch.ones(1, 1, 16, 16)
    x[0, 0, 2:5, 9:14] = 1.0
    turned = _affine(x, np.ones(1), np.full(1, np.pi / 2), np.zeros((1, 2)))
    assert float((turned - _rotate(x, 90)).abs().max()) < 1e-4


def test_small_angle_rotation_and_shift_move_pixels_but_keep_range():
    image = np.zeros((1, 16, 16), np.uint8)
    image[0, 6:10, 2:14] = 255
    out = ClassicAugment(angles=(30,), n_flips=0, n_translations=1, n_scales=1, random_state=0).transform(image)
    assert out.shape == (3, 1, 16, 16)
    assert not np.allclose(out[0], out[1]) and not np.allclose(out[0], image / 127.5 - 1)
    assert out.min() >= -1.0001 and out.max() <= 1.0001


def test_same_seed_same_output_different_seed_differs(toy_images):
    images, _ = toy_images
    first = ClassicAugment(random_state=3).transform(images[:4])
    np.testing.assert_array_equal(first, ClassicAugment(random_state=3).transform(images[:4]))
    assert not np.array_equal(first, ClassicAugment(random_state=4).transform(images[:4]))


def test_bad_inputs_are_named(toy_images):
    images, labels = toy_images
    with pytest.raises(DataValidationError, match="80 images but labels"):
        ClassicAugment().fit_resample(images, labels[:-1])
    with pytest.raises(DataValidationError, match="0-255"):
        ClassicAugment().transform(images.astype(np.float32) * 2)
    bad = images.astype(np.float32) / 255
    bad[3, 2, 2] = np.nan
    with pytest.raises(DataValidationError, match="NaN at row 3"):
        ClassicAugment().transform(bad)
    with pytest.raises(DataValidationError, match="mixed sizes"):
        ClassicAugment().transform([images[0], images[1, :8, :8]])
    with pytest.raises(ValueError, match="n_flips"):
        ClassicAugment(n_flips=7).transform(images)


def test_diffaugment_is_differentiable_and_seeded():
    import torch

    x = torch.rand(4, 1, 16, 16, requires_grad=True)
    augment = DiffAugment("color,translation,cutout")
    torch.manual_seed(0)
    first = augment(x)
    first.sum().backward()
    assert x.grad is not None and first.shape == x.shape
    torch.manual_seed(0)
    assert torch.equal(first, augment(x))
    with pytest.raises(ValueError, match="unknown DiffAugment"):
        DiffAugment(("color", "blur"))
