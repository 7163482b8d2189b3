import numpy as np
import pytest

from smallgan import io
from smallgan.exceptions import DataValidationError, NotFittedError
from smallgan.translate.cyclegan import CycleGAN

FAST = {"epochs": 6, "batch_size": 16, "base_width": 8, "n_blocks": 1, "lr": 1e-3}


@pytest.fixture(scope="module")
def fitted(request):
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[:16, :16]
    a = np.stack([np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 6.0)
                  for cy, cx in rng.integers(3, 13, (64, 2))]).astype(np.float32)
    b = 1.0 - a[:40, ::-1]  # unpaired, fewer rows, inverted contrast
    return a, b, CycleGAN(**FAST, random_state=0).fit(a, b)


def test_cycle_loss_decreases_and_both_directions_keep_shape(fitted):
    a, b, model = fitted
    cycle = model.history_["cycle"]
    assert cycle[-1] < 0.7 * cycle[0]
    assert {"identity", "g_loss", "d_a", "d_b"} <= set(model.history_)
    assert model.transform(a).shape == a.shape
    assert model.inverse_transform(b[:, None]).shape == (40, 1, 16, 16)


def test_same_seed_same_translation_and_save_load(fitted, tmp_path):
    a, b, model = fitted
    short = {**FAST, "epochs": 1}
    first, second = (CycleGAN(**short, random_state=0).fit(a, b) for _ in range(2))
    np.testing.assert_array_equal(first.transform(a[:4]), second.transform(a[:4]))
    loaded = io.load(io.save(model, tmp_path / "cyclegan"))
    np.testing.assert_allclose(loaded.inverse_transform(b[:4]), model.inverse_transform(b[:4]), atol=1e-6)


def test_unet_generators_and_no_pool_work(fitted):
    a, b, _ = fitted
    model = CycleGAN(generator="unet", pool_size=0, lambda_identity=0, epochs=1, base_width=4,
                     random_state=0).fit(a, b)
    assert "identity" not in model.history_
    assert np.isfinite(model.transform(a[:2])).all()


def test_bad_unpaired_inputs_raise_clear_errors(fitted):
    a, b, _ = fitted
    with pytest.raises(DataValidationError, match="A is 16x16 and B is 12x12"):
        CycleGAN(epochs=1).fit(a, b[:, :12, :12])
    with pytest.raises(DataValidationError, match=r"identity loss needs the same channels in A \(1\) and B \(3\)"):
        CycleGAN(epochs=1).fit(a, np.repeat(b[:, None], 3, axis=1))
    with pytest.raises(DataValidationError, match="too small for a PatchGAN"):
        CycleGAN(epochs=1, depth=1, n_layers_d=3).fit(a[:, :8, :8], b[:, :8, :8])
    with pytest.raises(ValueError, match="generator"):
        CycleGAN(generator="vgg").fit(a, b)
    with pytest.raises(NotFittedError):
        CycleGAN().inverse_transform(b)
