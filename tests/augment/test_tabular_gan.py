import json

import numpy as np
import pandas as pd
import pytest

from smallgan.augment import TabularGAN
from smallgan.exceptions import DataValidationError, NotFittedError
from smallgan.io import load, save


def _two_clusters(n=200, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.array([[-4.0, -4.0], [4.0, 4.0]])
    return centers[rng.integers(0, 2, n)] + rng.normal(0, 0.5, (n, 2)), centers


def test_mode_coverage_on_two_clusters():
    X, centers = _two_clusters()
    gan = TabularGAN(hidden=(64, 64), latent_dim=8, loss="lsgan", lr=1e-3, epochs=100, batch_size=32,
                     random_state=0).fit(X)
    samples = gan.sample(1000)
    nearest = np.argmin(((samples[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
    distance = np.sqrt(((samples - centers[nearest]) ** 2).sum(-1))
    near = distance < 2.0
    share = np.bincount(nearest[near], minlength=2) / len(samples)
    assert near.mean() > 0.7, f"only {near.mean():.2f} of samples near a cluster"
    assert share.min() > 0.2, f"a mode is missing: shares {share}"


def test_model_learns_monitor_drops_and_history_kept():
    X, _ = _two_clusters()
    gan = TabularGAN(hidden=(64, 64), latent_dim=8, loss="lsgan", lr=1e-3, epochs=60, batch_size=32,
                     eval_every=10, random_state=0).fit(X)
    monitor = [m for m in gan.history_["monitor"] if not np.isnan(m)]
    assert len(gan.history_["epoch"]) == 60 and len(monitor) == 6
    assert monitor[-1] < 0.5 * monitor[0]
    assert {"d_loss", "g_loss"} <= set(gan.history_)


def test_wgan_gp_records_penalty():
    X, _ = _two_clusters(60)
    gan = TabularGAN(hidden=(16,), latent_dim=4, epochs=3, random_state=0).fit(X)
    assert gan.loss == "wgan-gp" and len(gan.history_["gp"]) == 3 and np.isfinite(gan.history_["gp"]).all()


def test_sample_shapes_and_reproducible_stream():
    X, _ = _two_clusters(60)
    gan = TabularGAN(hidden=(16,), epochs=3, random_state=0).fit(X)
    assert gan.sample(7).shape == (7, 2)
    np.testing.assert_array_equal(gan.sample(5, random_state=3), gan.sample(5, random_state=3))
    assert not np.allclose(gan.sample(5), gan.sample(5))  # the stream moves on


def test_refit_restarts_the_sample_stream_and_a_saved_model_continues_it(tmp_path):
    X, _ = _two_clusters(40)
    gan = TabularGAN(hidden=(8,), epochs=2, random_state=0).fit(X)
    first = gan.sample(3)
    np.testing.assert_array_equal(gan.fit(X).sample(3), first)  # the same fit, the same stream
    save(gan, tmp_path / "m")
    np.testing.assert_array_equal(load(tmp_path / "m").sample(4), gan.sample(4))  # the next draw of the stream
    with pytest.raises(ValueError, match="non-negative integer"):
        gan.sample(True)


def test_frame_labels_and_bad_frames():
    X, _ = _two_clusters(30)
    frame = pd.DataFrame(X)  # integer column labels
    gan = TabularGAN(hidden=(8,), epochs=1, random_state=0).fit(frame)
    assert gan.sample(2).columns.tolist() == [0, 1]
    infinite = frame.assign(k=["a", "b"] * 15)
    infinite.loc[3, 1] = np.inf
    with pytest.raises(DataValidationError, match=r"inf at row 3, column 1"):
        TabularGAN(epochs=1, categorical_columns=["k"]).fit(infinite)
    with pytest.raises(DataValidationError, match=r"shape \(0, 2\)"):
        TabularGAN(epochs=1).fit(X[:0])
    with pytest.raises(DataValidationError, match="missing label at row 2"):
        TabularGAN(epochs=1).fit(X, np.array(["a", "b", None] * 10, dtype=object))
    with pytest.raises(NotFittedError, match="call fit before save"):
        save(TabularGAN(), "unused")


def test_conditional_sampling_by_label():
    X, _ = _two_clusters(120)
    y = (X[:, 0] > 0).astype(int)
    gan = TabularGAN(hidden=(32, 32), latent_dim=8, loss="lsgan", lr=1e-3, batch_size=32, epochs=80,
                     random_state=0).fit(X, y)
    high, low = gan.sample(200, y=1), gan.sample(200, y=0)
    assert high[:, 0].mean() > low[:, 0].mean() + 2.0
    with pytest.raises(ValueError, match="unknown label"):
        gan.sample(3, y=5)
    with pytest.raises(ValueError, match="conditional"):
        gan.sample(3)


def test_save_load_same_samples(tmp_path):
    frame = pd.DataFrame({"a": np.random.default_rng(0).normal(size=40), "k": ["x", "y"] * 20})
    gan = TabularGAN(hidden=(16,), epochs=3, categorical_columns=["k"], random_state=0).fit(frame)
    save(gan, tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["params.json", "weights.safetensors"]
    loaded = load(tmp_path / "model")
    pd.testing.assert_frame_equal(gan.sample(10, random_state=4), loaded.sample(10, random_state=4))


def test_load_refuses_tampered_or_missing_files(tmp_path):
    X, _ = _two_clusters(40)
    save(TabularGAN(hidden=(8,), epochs=1, random_state=0).fit(X), tmp_path / "m")
    document = json.loads((tmp_path / "m" / "params.json").read_text())
    document["estimator"] = "os.system"
    (tmp_path / "m" / "params.json").write_text(json.dumps(document))
    with pytest.raises(ValueError, match="unknown estimator 'os.system'"):
        load(tmp_path / "m")
    (tmp_path / "m" / "weights.safetensors").write_bytes(b"not a tensor file")
    with pytest.raises(ValueError):
        load(tmp_path / "m")
    with pytest.raises(FileNotFoundError, match="params.json"):
        load(tmp_path / "nowhere")
    save(TabularGAN(hidden=(8,), epochs=1, random_state=0).fit(X), tmp_path / "m")
    for broken in ([document], {**document, "fitted": {"seed": 0}}, {**document, "fitted": {**document["fitted"],
                                                                                           "seed": "x"}}):
        broken = broken if isinstance(broken, list) else {**broken, "estimator": "TabularGAN"}
        (tmp_path / "m" / "params.json").write_text(json.dumps(broken))
        with pytest.raises(DataValidationError, match="not a valid smallgan model"):
            load(tmp_path / "m")


def test_default_setting_learns_twenty_rows_in_few_steps():
    """The default (WGAN-GP, one critic step, MMD data term) on 20 rows: samples land on both clusters."""
    X, centers = _two_clusters(20, seed=1)
    gan = TabularGAN(random_state=0).fit(X)
    assert gan.n_critic == 1 and gan.mmd_weight > 0
    mmd = np.asarray(gan.history_["mmd"])
    assert len(mmd) == gan.epochs and mmd[-20:].mean() < 0.5 * mmd[:20].mean()
    samples = gan.sample(500)
    nearest = np.argmin(((samples[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
    distance = np.sqrt(((samples - centers[nearest]) ** 2).sum(-1))  # untrained: ~5.7 (the origin)
    assert np.median(distance) < 3.5
    assert np.bincount(nearest, minlength=2).min() > 0.35 * len(samples)  # both modes, no collapse


def test_mmd_weight_zero_is_a_plain_gan():
    X, _ = _two_clusters(40)
    gan = TabularGAN(hidden=(16,), epochs=3, mmd_weight=0.0, random_state=0).fit(X)
    assert "mmd" not in gan.history_


def test_wider_generator_is_closer_on_twenty_rows():
    """The fidelity setting (G 256/512, as the earlier default) puts samples nearer the clusters."""
    X, centers = _two_clusters(20, seed=1)
    gan = TabularGAN(hidden=(256, 512), dropout=0.2, random_state=0).fit(X)
    samples = gan.sample(500)
    nearest = np.argmin(((samples[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
    distance = np.sqrt(((samples - centers[nearest]) ** 2).sum(-1))
    assert np.median(distance) < 1.5 and (distance < 2.0).mean() > 0.5
    assert np.bincount(nearest, minlength=2).min() > 0.35 * len(samples)
