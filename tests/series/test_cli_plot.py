import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from smallgan.cli import app


def _write_series(path, n=300):
    values = np.sin(np.arange(n) / 4.0)
    values[150] += 5.0
    frame = pd.DataFrame({"time": pd.date_range("2022-03-01", periods=n, freq="10min"), "cpu": values})
    frame.to_csv(path, index=False)
    return frame


def test_detect_series_cli_writes_intervals_and_plot(tmp_path):
    frame = _write_series(tmp_path / "cpu.csv")
    out, plot = tmp_path / "intervals.csv", tmp_path / "plot.png"
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time",
                                      "--value-col", "cpu", "--method", "zscore", "--window-size", "20",
                                      "--padding", "5", "--out", str(out), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    intervals = pd.read_csv(out, parse_dates=["start", "end"])
    spike = frame.time[150]
    assert ((intervals.start <= spike) & (intervals.end >= spike)).sum() == 1
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "anomalous interval" in result.output
    covered = (intervals.end - intervals.start) / (frame.time.iloc[1] - frame.time.iloc[0]) + 1
    assert f"covering {covered.sum() / len(frame):.1%} of the points" in result.output


def test_detect_series_cli_reports_bad_input(tmp_path):
    frame = _write_series(tmp_path / "cpu.csv")
    frame.iloc[[0, 2, 1]].to_csv(tmp_path / "shuffled.csv", index=False)
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "shuffled.csv"), "--timestamp-col", "time",
                                      "--value-col", "cpu", "--method", "zscore", "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "not increasing" in result.output
    assert not (tmp_path / "o.csv").exists()
    short = CliRunner().invoke(app, ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time",
                                     "--value-col", "cpu", "--method", "lstmgan", "--window-size", "500"])
    assert short.exit_code == 2 and "more than window_size=500" in short.output


def test_detect_series_cli_scores_against_labelled_windows(tmp_path):
    """--labels prints segment and point-wise scores that match the written intervals, counted by hand."""
    frame = _write_series(tmp_path / "cpu.csv")
    window = (frame.time[140], frame.time[160])
    pd.DataFrame({"start": [window[0]], "end": [window[1]]}).to_csv(tmp_path / "labels.csv", index=False)
    out, plot = tmp_path / "intervals.csv", tmp_path / "plot.png"
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time",
                                      "--value-col", "cpu", "--method", "zscore", "--window-size", "20",
                                      "--padding", "5", "--out", str(out), "--plot", str(plot),
                                      "--labels", str(tmp_path / "labels.csv")])
    assert result.exit_code == 0, result.output
    intervals = pd.read_csv(out, parse_dates=["start", "end"])
    flagged = np.zeros(len(frame), dtype=bool)
    for row in intervals.itertuples():
        flagged |= ((frame.time >= row.start) & (frame.time <= row.end)).to_numpy()
    labelled = ((frame.time >= window[0]) & (frame.time <= window[1])).to_numpy()
    tp, fp, fn = int((flagged & labelled).sum()), int((flagged & ~labelled).sum()), int((~flagged & labelled).sum())
    assert tp > 0 and fn > 0  # the spike's interval (11 points) covers part of the 21-point window
    assert f"point-wise precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f}" in result.output
    assert f"(tp {tp}, fp {fp}, fn {fn}) against 1 labelled window(s)" in result.output
    assert "overlapping-segment precision" in result.output and "recall 1.000" in result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("labels, message", [
    (pd.DataFrame({"begin": ["2022-03-01"], "end": ["2022-03-02"]}), "column(s) ['start'] not found"),
    (pd.DataFrame({"start": ["2022-03-02"], "end": ["2022-03-01"]}), "ends (2022-03-01 00:00:00) before it starts"),
    (pd.DataFrame({"start": ["someday"], "end": ["2022-03-01"]}), "unparseable or missing value 'someday'"),
])
def test_detect_series_cli_rejects_bad_labels_before_fitting(tmp_path, labels, message):
    _write_series(tmp_path / "cpu.csv")
    labels.to_csv(tmp_path / "labels.csv", index=False)
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time",
                                      "--value-col", "cpu", "--method", "zscore", "--out", str(tmp_path / "o.csv"),
                                      "--labels", str(tmp_path / "labels.csv")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "o.csv").exists()


def test_series_evaluation_counts_the_original_points_of_an_averaged_series():
    """With max_points, the point-wise counts are over the original time stamps, not the averaged bins."""
    from smallgan.detect.series_pipeline import detect_series

    stamps = pd.date_range("2022-03-01", periods=600, freq="5min")
    values = np.sin(np.arange(600) / 6.0)
    values[300:303] += 6.0
    result = detect_series(stamps, values, "zscore", max_points=200, window_size=20, padding=2)
    window = (stamps[290], stamps[319])  # 30 original points, 10 averaged bins
    scores = result.evaluate([window])
    assert len(result.values) == 200
    assert scores["point_tp"] + scores["point_fn"] == 30
    assert scores["segment_tp"] == 1 and scores["point_tp"] > 0


def test_detect_series_cli_global_gate_reaches_the_interval_rule(tmp_path):
    """--global-k gates the intervals on the whole series' scores (z-scores here: max 6.28, mean 1.05, std 0.71)."""
    _write_series(tmp_path / "cpu.csv")
    common = ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time", "--value-col", "cpu",
              "--method", "zscore", "--window-size", "20", "--padding", "5"]
    kept = CliRunner().invoke(app, [*common, "--global-k", "5"])
    dropped = CliRunner().invoke(app, [*common, "--global-k", "8", "--min-percent", "0.2"])
    assert kept.exit_code == 0 and dropped.exit_code == 0, kept.output + dropped.output
    assert "1 anomalous interval(s)" in kept.output
    assert "0 anomalous interval(s)" in dropped.output
    assert "hint: no score passed the sliding mean + 4 std (--k) or the --global-k 8.0 gate" in dropped.output
    assert "hint:" not in kept.output
    strict = CliRunner().invoke(app, [*common, "--k", "50"])
    assert "0 anomalous interval(s)" in strict.output and "sliding mean + 50 std (--k);" in strict.output


def test_detect_series_cli_reaches_the_regression_head_through_an_option_file(tmp_path):
    import json

    _write_series(tmp_path / "cpu.csv")
    (tmp_path / "options.json").write_text(json.dumps({"lstmgan": {"regression": 1.0, "reg_combine": "sum",
                                                                   "hidden": 8, "train_step": 4}}))
    out = tmp_path / "intervals.csv"
    common = ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time", "--value-col", "cpu",
              "--window-size", "20", "--epochs", "2", "--padding", "5", "--options", str(tmp_path / "options.json")]
    result = CliRunner().invoke(app, [*common, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "anomalous interval(s)" in result.output and out.exists()  # an unknown option would exit with 2
    (tmp_path / "options.json").write_text(json.dumps({"lstmgan": {"regression": 1.0, "reg_combine": "max"}}))
    bad = CliRunner().invoke(app, [*common, "--out", str(tmp_path / "bad.csv")])
    assert bad.exit_code != 0 and "reg_combine" in bad.output and not (tmp_path / "bad.csv").exists()


def _cli(*args):
    return CliRunner().invoke(app, ["detect-series", *map(str, args)])


def test_detect_series_save_then_load_scores_new_data_without_fitting(tmp_path):
    _write_series(tmp_path / "train.csv")
    common = ["--timestamp-col", "time", "--value-col", "cpu", "--window-size", "20", "--padding", "5", "--k", "3"]
    fitted = _cli(tmp_path / "train.csv", *common, "--method", "lstm-ae", "--epochs", "20", "--save",
                  tmp_path / "model", "--out", tmp_path / "fit.csv")
    assert fitted.exit_code == 0, fitted.output
    assert "detector saved to" in fitted.output and (tmp_path / "model" / "weights.safetensors").is_file()
    again = _cli(tmp_path / "train.csv", *common, "--load", tmp_path / "model", "--out", tmp_path / "again.csv")
    assert again.exit_code == 0, again.output
    assert "scored with" in again.output and "fit " not in again.output
    first = pd.read_csv(tmp_path / "fit.csv")
    assert len(first) >= 1  # the training spike is flagged, and the saved detector gives the same intervals
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "again.csv"), first)
    new = _write_series(tmp_path / "new.csv")  # a new period: the spike elsewhere
    new["cpu"] = np.sin(np.arange(len(new)) / 4.0)
    new.loc[230, "cpu"] += 5.0
    new.to_csv(tmp_path / "new.csv", index=False)
    scored = _cli(tmp_path / "new.csv", *common, "--load", tmp_path / "model", "--out", tmp_path / "new_out.csv")
    assert scored.exit_code == 0, scored.output
    intervals = pd.read_csv(tmp_path / "new_out.csv", parse_dates=["start", "end"])
    spike = new.time[230]
    assert ((intervals.start <= spike) & (intervals.end >= spike)).sum() == 1


def test_detect_series_save_and_load_errors(tmp_path):
    _write_series(tmp_path / "cpu.csv")
    common = [tmp_path / "cpu.csv", "--timestamp-col", "time", "--value-col", "cpu", "--window-size", "20"]
    iforest = _cli(*common, "--method", "iforest", "--save", tmp_path / "m", "--out", tmp_path / "o.csv")
    assert iforest.exit_code == 2 and "cannot be saved" in iforest.output
    assert not (tmp_path / "m").exists() and not (tmp_path / "o.csv").exists()  # nothing half-written
    ensemble = _cli(*common, "--method", "zscore", "--members", "2", "--save", tmp_path / "m")
    assert ensemble.exit_code == 2 and "seed ensemble (n_members > 1) cannot be saved" in ensemble.output
    missing = _cli(*common, "--load", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "not a saved smallgan model" in missing.output
    both = _cli(*common, "--save", tmp_path / "a", "--load", tmp_path / "b")
    assert both.exit_code == 2 and "not both" in both.output
