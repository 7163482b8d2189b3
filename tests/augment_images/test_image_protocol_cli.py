import numpy as np
import pytest
from typer.testing import CliRunner

from smallgan.evaluate.image_protocol import ImageProtocolSettings, class_metrics, epochs_for, run_image_protocol

TINY = {"seeds": (0,), "n_folds": 2, "gan_steps": 3, "cnn_steps": 10, "sgan_steps": 3, "sgan_unlabelled": 20,
        "gan": {"loss": "dcgan", "latent_dim": 8, "base_width": 8, "lr": 1e-3, "batch_size": 16},
        "sgan": {"latent_dim": 8, "base_width": 8, "lr": 1e-3, "batch_size": 16},
        "classic": {"angles": (0, 90), "n_flips": 0, "n_translations": 1, "n_scales": 0}}


def test_class_metrics_per_class_sensitivity_specificity():
    out = class_metrics(np.array([0, 0, 0, 1, 1]), np.array([0, 0, 1, 1, 0]), np.array([0, 1]))
    assert out["sensitivity_1"] == pytest.approx(0.5) and out["specificity_1"] == pytest.approx(2 / 3)
    assert out["sensitivity_0"] == pytest.approx(2 / 3) and out["balanced_accuracy"] == pytest.approx(7 / 12)
    assert out["confusion"] == "[[2, 1], [1, 1]]"
    assert epochs_for(100, 250, 64) == 34 and epochs_for(5, 10, 64) == 5


def test_protocol_runs_every_arm_on_the_scarce_training_part(toy_images):
    images, labels = toy_images
    settings = ImageProtocolSettings(n_per_class=10, **TINY)
    rows = run_image_protocol(images, labels, settings=settings)
    assert rows.groupby("arm").size().to_dict() == {a: 2 for a in
                                                   ("none", "classic", "dcgan", "dcgan_diffaugment", "acgan", "sgan")}
    first = rows[rows["fold"] == 0].set_index("arm")
    assert (first["n_train"] == 20).all()
    assert first.loc["classic", "n_train_final"] == 20 * 2 * 2
    assert first.loc["dcgan", "n_synthetic"] == 80 and first.loc["dcgan", "gan_seconds"] > 0
    assert first.loc["sgan", "n_train_final"] == 40  # 20 labelled + 20 unlabelled pool images
    assert rows["balanced_accuracy"].between(0, 1).all()
    again = run_image_protocol(images, labels, arms=("none",), settings=settings)
    np.testing.assert_array_equal(again["balanced_accuracy"], rows[rows["arm"] == "none"]["balanced_accuracy"])
    with pytest.raises(ValueError, match="unknown arm"):
        run_image_protocol(images, labels, arms=("gan",), settings=settings)


def test_cli_augment_and_evaluate(tmp_path, toy_images):
    from smallgan.cli import app

    images, labels = toy_images
    np.savez(tmp_path / "toy.npz", images=images, labels=labels)
    runner = CliRunner()
    result = runner.invoke(app, ["augment-images", str(tmp_path / "toy.npz"), "--method", "dcgan-per-class",
                                 "--n", "5", "--steps", "2", "--batch-size", "16", "--out",
                                 str(tmp_path / "fake.npz"), "--grid", str(tmp_path / "grid.png")])
    assert result.exit_code == 0, result.output
    fake = np.load(tmp_path / "fake.npz")
    assert fake["images"].shape == (10, 16, 16) and fake["images"].dtype == np.uint8
    assert fake["labels"].tolist() == [0] * 5 + [1] * 5 and (tmp_path / "grid.png").stat().st_size > 1000
    result = runner.invoke(app, ["evaluate-images", str(tmp_path / "toy.npz"), "--arms", "none,classic",
                                 "--n-per-class", "10", "--folds", "2", "--seeds", "0", "--cnn-steps", "5",
                                 "--out", str(tmp_path / "rows.csv")])
    assert result.exit_code == 0, result.output
    assert "classic" in result.output and (tmp_path / "rows.csv").exists()


def test_cli_corrupt_npz_is_named_and_nothing_written(tmp_path):
    from smallgan.cli import app

    (tmp_path / "bad.npz").write_bytes(b"not a zip at all")
    result = CliRunner().invoke(app, ["augment-images", str(tmp_path / "bad.npz"), "--out", str(tmp_path / "o.npz")])
    assert result.exit_code == 2 and "not a readable .npz" in result.output
    assert not (tmp_path / "o.npz").exists()
    np.savez(tmp_path / "mixed.npz", images=np.zeros((4, 8, 8)), labels=np.arange(3))
    result = CliRunner().invoke(app, ["augment-images", str(tmp_path / "mixed.npz"), "--out", str(tmp_path / "o.npz")])
    assert result.exit_code == 2 and "4 images but labels have shape (3,)" in result.output
