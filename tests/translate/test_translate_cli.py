import numpy as np
import pytest
from typer.testing import CliRunner

from smallgan.cli import app
from smallgan.exceptions import DataValidationError
from smallgan.translate.files import read_images


@pytest.fixture
def npz_pair(tmp_path, blob_pairs):
    a, b = blob_pairs
    np.savez(tmp_path / "A.npz", images=a[:16])
    np.savez(tmp_path / "B.npz", X=b[:16], labels=np.arange(16))
    return tmp_path


@pytest.mark.parametrize("method", ["pix2pix", "cyclegan"])
def test_fit_then_apply_from_the_command_line(npz_pair, method):
    runner = CliRunner()
    model = npz_pair / f"model_{method}"
    result = runner.invoke(app, ["translate", "fit", str(npz_pair / "A.npz"), str(npz_pair / "B.npz"),
                                 "--method", method, "--save", str(model), "--epochs", "1", "--batch-size", "8"])
    assert result.exit_code == 0, result.output
    assert "saved to" in result.output and (model / "weights.safetensors").is_file()
    out, grid = npz_pair / "fake.npz", npz_pair / "grid.png"
    args = ["translate", "apply", str(model), str(npz_pair / "A.npz"), "--out", str(out), "--grid", str(grid)]
    result = runner.invoke(app, args + (["--inverse"] if method == "cyclegan" else []))
    assert result.exit_code == 0, result.output
    fake = read_images(out)
    assert fake.shape == (16, 16, 16) and 0.0 <= fake.min() <= fake.max() <= 1.0
    assert grid.stat().st_size > 1000


def test_cli_reports_bad_input_without_writing_a_model(npz_pair, blob_pairs):
    _, b = blob_pairs
    np.savez(npz_pair / "B_short.npz", images=b[:10])
    model = npz_pair / "model"
    result = CliRunner().invoke(app, ["translate", "fit", str(npz_pair / "A.npz"), str(npz_pair / "B_short.npz"),
                                      "--save", str(model), "--epochs", "1"])
    assert result.exit_code == 2
    assert "A has 16, B has 10" in result.output
    assert not model.exists()


def test_apply_inverse_needs_a_cyclegan(npz_pair):
    runner = CliRunner()
    model = npz_pair / "p2p"
    fitted = runner.invoke(app, ["translate", "fit", str(npz_pair / "A.npz"), str(npz_pair / "B.npz"), "--save",
                                 str(model), "--epochs", "1", "--batch-size", "16"])
    assert fitted.exit_code == 0, fitted.output
    result = runner.invoke(app, ["translate", "apply", str(model), str(npz_pair / "A.npz"), "--out",
                                 str(npz_pair / "x.npz"), "--inverse"])
    assert result.exit_code == 2 and "needs a CycleGAN" in result.output
    assert not (npz_pair / "x.npz").exists()


def test_read_images_needs_a_key_when_ambiguous(tmp_path):
    np.savez(tmp_path / "two.npz", first=np.zeros((2, 8, 8)), second=np.ones((2, 8, 8)))
    with pytest.raises(DataValidationError, match="--key"):
        read_images(tmp_path / "two.npz")
    assert read_images(tmp_path / "two.npz", "second").max() == 1.0
