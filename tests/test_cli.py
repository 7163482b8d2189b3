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
    assert result.exit_code == 2
    assert "error: X contains NaN at row 1" in result.output
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


def _table(path, **columns):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"]).assign(label=[0] * 30 + [1] * 10)
    frame.assign(**columns).to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize("args, message", [
    (["augment", "nope.csv", "--target", "label"], "CSV file nope.csv not found"),
    (["augment", "{csv}", "--target", "lable"], "target column 'lable' is not in"),
    (["augment", "{text}", "--target", "label", "--method", "smote"], "smote needs numeric columns; non-numeric: "),
    (["augment", "{text}", "--target", "label"], "declare them categorical (--categorical COLUMN,... or --categorical"),
    (["augment", "{nan}", "--target", "label", "--method", "smote"], "X contains NaN at row 3, column 0"),
    (["augment", "{inf}", "--target", "label", "--method", "adasyn"], "X contains inf at row 3, column 0"),
    (["augment", "{one}", "--target", "label", "--method", "smote"], "y has 1 class ([0]); at least 2 classes"),
    (["augment", "{one}", "--target", "label"], "y has 1 class ([0])"),
    (["augment", "{csv}", "--target", "label", "--method", "foo"], "unknown method 'foo'; choose one of none, gan"),
    (["augment", "{csv}", "--target", "label", "--hidden", "abc"], "--hidden takes comma-separated layer sizes"),
    (["augment", "{csv}", "--target", "label", "--n", "100"], "--n sets how many unlabelled rows"),
    (["augment", "breast_cancer", "--n", "100"], "breast_cancer has labels"),
    (["augment", "{csv}", "--target", "label", "--method", "smote", "--save", "{tmp}/m"], "--save needs a GAN method"),
    (["evaluate", "{csv}", "--target", "label", "--methods", "none,smot"], "unknown method 'smot'"),
    (["evaluate", "{csv}", "--target", "label", "--classifiers", "tree,svm"], "unknown classifier 'svm'"),
    (["evaluate", "{text}", "--target", "label", "--methods", "none"], "encode them as numbers first"),
    (["evaluate", "{one}", "--target", "label", "--methods", "none"], "y has 1 class ([0])"),
])
def test_tabular_commands_report_user_errors_in_one_line(tmp_path, args, message):
    files = {"csv": _table(tmp_path / "ok.csv"), "text": _table(tmp_path / "text.csv", s=["x", "y"] * 20),
             "nan": _table(tmp_path / "nan.csv", a=[0.0] * 3 + [np.nan] * 37),
             "inf": _table(tmp_path / "inf.csv", a=[0.0] * 3 + [np.inf] * 37),
             "one": _table(tmp_path / "one.csv", label=0), "tmp": str(tmp_path)}
    out = tmp_path / "out.csv"
    result = runner.invoke(app, [arg.format(**files) for arg in args] + ["--out", str(out), "--epochs", "1"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and result.stderr.startswith("error: ")
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "m").exists()


def test_zero_repeats_are_refused_before_anything_is_written(tiny_csv, tmp_path):
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["evaluate", str(tiny_csv), "--target", "label", "--methods", "none",
                                 "--repeats", "0", "--out", str(out)])
    assert result.exit_code == 2 and "--repeats" in result.output and not out.exists()
    result = runner.invoke(app, ["demo", "--repeats", "0", "--out", str(tmp_path / "runs")])
    assert result.exit_code == 2 and "--repeats" in result.output and not (tmp_path / "runs").exists()


@pytest.fixture(scope="module")
def saved_models(tmp_path_factory):
    """A Pix2Pix, a TabularGAN and a series detector saved with smallgan.io (tiny fits), and data to score."""
    from smallgan.augment.tabular_gan import TabularGAN
    from smallgan.detect.series_baselines import RollingZScoreDetector
    from smallgan.io import save
    from smallgan.translate.pix2pix import Pix2Pix

    folder = tmp_path_factory.mktemp("models")
    rng = np.random.default_rng(0)
    images = rng.random((8, 16, 16)).astype(np.float32)
    save(Pix2Pix(epochs=1, random_state=0).fit(images, 1 - images), folder / "pix2pix")
    save(TabularGAN(epochs=1, hidden=(8,), discriminator_hidden=(8,), random_state=0)
         .fit(pd.DataFrame(rng.normal(size=(20, 2)), columns=["a", "b"])), folder / "tabular")
    series = np.sin(np.arange(100) / 4.0)
    save(RollingZScoreDetector(window_size=10).fit(series), folder / "series")
    np.savez(folder / "rows.npz", X=rng.normal(size=(100, 3)))
    np.savez(folder / "images.npz", images=images)
    pd.DataFrame({"timestamp": pd.date_range("2022-03-01", periods=100, freq="10min"), "value": series}).to_csv(
        folder / "series.csv", index=False)
    return folder


@pytest.mark.parametrize("command, model, message", [
    ("detect", "pix2pix", "holds a Pix2Pix, not an anomaly detector"),
    ("detect", "tabular", "holds a TabularGAN, not an anomaly detector"),
    ("detect", "series", "holds a RollingZScoreDetector, a time-series detector: score a series with"),
    ("detect-series", "tabular", "holds a TabularGAN, not a time-series detector"),
    ("translate", "tabular", "holds a TabularGAN, not an image translator"),
])
def test_load_refuses_a_model_of_the_wrong_kind(saved_models, command, model, message):
    folder, out = saved_models, saved_models / f"out_{command}_{model}"
    args = {"detect": ["detect", str(folder / "rows.npz"), "--load", str(folder / model)],
            "detect-series": ["detect-series", str(folder / "series.csv"), "--load", str(folder / model)],
            "translate": ["translate", "apply", str(folder / model), str(folder / "images.npz")]}[command]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {folder / model} {message}") and result.stderr.count("\n") == 1
    assert not out.exists()


def _options(*names):
    import typer

    command = typer.main.get_command(app)
    for name in names:
        command = command.commands[name]
    return {option for param in command.params for option in (*param.opts, *param.secondary_opts)}


@pytest.mark.parametrize("names", [("demo",), ("augment",), ("evaluate",), ("augment-images",), ("evaluate-images",),
                                   ("detect",), ("detect-series",), ("translate", "fit")])
def test_training_commands_share_verbose_quiet_and_seed(names):
    options = _options(*names)
    assert {"--verbose", "--quiet", "--no-verbose"} <= options
    assert "--seed" in options or names == ("evaluate-images",)  # that one takes --seeds, a list
    if names in (("detect",), ("translate", "fit")):
        assert "--random-state" in options  # the former name still works


def test_progress_bars_are_on_by_default_on_stderr_only(saved_models, tmp_path):
    base = ["detect", str(saved_models / "rows.npz"), "--method", "ganomaly", "--epochs", "2"]
    shown = runner.invoke(app, [*base, "--out", str(tmp_path / "a.csv"), "--seed", "3"])
    quiet = runner.invoke(app, [*base, "--out", str(tmp_path / "b.csv"), "--quiet", "--random-state", "3"])
    assert shown.exit_code == 0 and quiet.exit_code == 0, shown.output + quiet.output
    assert "GANomaly" in shown.stderr and "%|" in shown.stderr and quiet.stderr == ""
    assert shown.stdout == quiet.stdout.replace("b.csv", "a.csv") and "%|" not in shown.stdout
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv"))


def test_series_gap_messages_use_the_flag_and_warnings_are_one_line(tmp_path):
    stamps = pd.date_range("2022-03-01", periods=120, freq="10min").delete(range(50, 60))
    pd.DataFrame({"timestamp": stamps, "value": np.sin(np.arange(110) / 4.0)}).to_csv(tmp_path / "gap.csv",
                                                                                       index=False)
    base = ["detect-series", str(tmp_path / "gap.csv"), "--method", "zscore", "--window-size", "10"]
    refused = runner.invoke(app, base)
    assert refused.exit_code == 2 and "pass --gaps resample to interpolate" in refused.stderr
    resampled = runner.invoke(app, [*base, "--gaps", "resample"])
    assert resampled.exit_code == 0, resampled.output
    warning = [line for line in resampled.stderr.splitlines() if "gap(s)" in line]
    assert len(warning) == 1 and warning[0].startswith("warning: 1 gap(s) in the timestamps")
    assert "UserWarning" not in resampled.stderr and ".py" not in resampled.stderr


def test_evaluate_images_names_a_single_class_and_plain_labels(tmp_path):
    rng = np.random.default_rng(0)
    images = (rng.random((30, 8, 8)) * 255).astype(np.uint8)
    np.savez(tmp_path / "one.npz", images=images, labels=np.zeros(30, int))
    np.savez(tmp_path / "few.npz", images=images, labels=np.r_[np.zeros(25, int), np.ones(5, int)])
    base = ["--arms", "none", "--folds", "2", "--seeds", "0", "--cnn-steps", "1", "--n-per-class", "5"]
    one = runner.invoke(app, ["evaluate-images", str(tmp_path / "one.npz"), *base])
    assert one.exit_code == 2 and one.stderr == "error: " + str(tmp_path / "one.npz") + \
        " has one class (0); the protocol needs at least 2\n"
    few = runner.invoke(app, ["evaluate-images", str(tmp_path / "few.npz"), *base])
    assert few.exit_code == 2 and "error: class 1 has 5 images; 10 are needed" in few.stderr
