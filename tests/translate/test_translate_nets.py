import pytest
import torch

from smallgan.nets.patchgan import PatchDiscriminator
from smallgan.nets.resnet_gen import ResnetGenerator
from smallgan.nets.unet import UNet


@pytest.mark.parametrize(("size", "depth"), [(28, 2), (16, 3), (32, 3), (24, 1)])
def test_unet_output_shape_equals_input_shape(size, depth):
    out = UNet(1, 3, depth=depth, base_width=4)(torch.zeros(2, 1, size, size))
    assert out.shape == (2, 3, size, size)
    assert out.abs().max() <= 1.0


def test_unet_rejects_sizes_its_depth_cannot_divide_and_names_sizes_that_work():
    with pytest.raises(ValueError, match=r"multiples of 2\^3 = 8 \(e\.g\. 16, 24, 32"):
        UNet(1, 1, depth=3, base_width=4)(torch.zeros(1, 1, 28, 28))


def test_resnet_generator_keeps_size_and_patchgan_scores_patches():
    x = torch.zeros(2, 1, 28, 28)
    assert ResnetGenerator(1, 1, base_width=4, n_blocks=1)(x).shape == x.shape
    critic = PatchDiscriminator(2, base_width=4, n_layers=2)
    assert critic(x, x).shape == (2, 1, 5, 5)
    assert critic.features(x, x).shape[0] == 2
