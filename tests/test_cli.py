import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from smallgan.cli import app

runner = CliRunner()


@pytest.fixture
def tiny_csv(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    frame["label"] = [0] * 48 + [1] * 12
    path = tmp_path / "tiny.csv"
    frame.to_csv(path, index=False)
    return path


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "augment", "evaluate", "datasets"):
        assert command in result.output


def test_augment_gan_writes_synthetic_rows_and_model(tiny_csv, tmp_path):
    out, model = tmp_path / "synth.csv", tmp_path / "model"
    result = runner.invoke(app, ["augment", str(tiny_csv), "--target", "label", "--out", str(out), "--epochs", "3",
                                 "--hidden", "8", "--save", str(model), "--no-verbose"])
    assert result.exit_code == 0, result.output
    synth = pd.read_csv(out)
    assert list(synth.columns) == ["a", "b", "c", "label"] and len(synth) == 36 and (synth.label == 1).all()
    assert (model / "params.json").exists()


def test_augment_smote_and_generator_only(tiny_csv, tmp_path):
    result = runner.invoke(app, ["augment", str(tiny_csv), "--target", "label", "--method", "smote",
                                 "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(tmp_path / "s.csv")) == 36
    result = runner.invoke(app, ["augment", str(tiny_csv), "--n", "5", "--epochs", "2", "--hidden", "8",
                                 "--out", str(tmp_path / "g.csv"), "--no-verbose"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(tmp_path / "g.csv").shape == (5, 4)


def test_failed_augment_leaves_no_file(tmp_path):
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"a": [1.0, np.nan, 2.0, 3.0], "label": [0, 0, 1, 1]}).to_csv(bad, index=False)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["augment", str(bad), "--target", "label", "--out", str(out), "--epochs", "1"])
    assert result.exit_code != 0
    assert "NaN" in str(result.exception)
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_evaluate_runs_protocol(tiny_csv, tmp_path):
    out = tmp_path / "res.csv"
    result = runner.invoke(app, ["evaluate", str(tiny_csv), "--target", "label", "--methods", "none,smote",
                                 "--repeats", "2", "--classifiers", "tree", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "balanced_accuracy" in result.output and len(pd.read_csv(out)) == 4


def test_datasets_lists_embedded():
    result = runner.invoke(app, ["datasets"])
    assert result.exit_code == 0 and "breast_cancer" in result.output
