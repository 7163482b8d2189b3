"""A translated image does not depend on its batch: each domain's training pixel range is kept and saved."""

import json

import numpy as np
import pytest

from smallgan import io
from smallgan.translate import CycleGAN, Pix2Pix

TINY = {"epochs": 1, "batch_size": 8, "base_width": 4, "random_state": 0}


@pytest.fixture(scope="module")
def signed_pairs():
    """A: 16 images in [-1, 1]; B: their flips in [0, 1]; a query whose first image has no negative pixel."""
    a = np.random.default_rng(0).uniform(-1.0, 1.0, (16, 16, 16)).astype(np.float32)
    b = (a[:, :, ::-1] + 1.0) / 2.0
    query = a[:4].copy()
    query[0] = np.abs(query[0])
    return a, b, query


@pytest.mark.parametrize("cls, params", [(Pix2Pix, {}), (CycleGAN, {"n_blocks": 1, "pool_size": 0})])
def test_translation_of_an_image_does_not_depend_on_its_batch(cls, params, signed_pairs):
    a, b, query = signed_pairs
    model = cls(**TINY, **params).fit(a, b)
    assert (model.pixel_range_a_, model.pixel_range_b_) == ("-1..1", "0..1")
    np.testing.assert_allclose(model.transform(query[:1])[0], model.transform(query)[0], atol=1e-6)


def test_pixel_ranges_survive_save_and_load_and_old_files_infer_per_batch(signed_pairs, tmp_path):
    a, b, query = signed_pairs
    model = Pix2Pix(**TINY).fit(a, b)
    loaded = io.load(io.save(model, tmp_path / "model"))
    assert (loaded.pixel_range_a_, loaded.pixel_range_b_) == ("-1..1", "0..1")
    np.testing.assert_allclose(loaded.transform(query[:1]), model.transform(query[:1]), atol=1e-6)
    document = json.loads((tmp_path / "model" / "params.json").read_text())
    for key in ("pixel_range_a", "pixel_range_b"):
        del document["fitted"][key]  # a file saved before the ranges were kept
    (tmp_path / "model" / "params.json").write_text(json.dumps(document))
    old = io.load(tmp_path / "model")
    assert (old.pixel_range_a_, old.pixel_range_b_) == ("auto", "auto")
    np.testing.assert_allclose(old.transform(query), model.transform(query), atol=1e-6)
