import pandas as pd
import pytest

from smallgan.data import load_dataset
from smallgan.detect.series_pipeline import detect_series, make_series_detector
from smallgan.evaluate.segments import segment_scores


@pytest.mark.requires_data
def test_zscore_finds_a_labelled_nab_window():
    data = load_dataset("nab/artificialWithAnomaly/art_daily_jumpsup")
    result = detect_series(data.X["timestamp"], data.X["value"], "zscore", max_points=1000, window_size=50)
    assert len(result.values) == 807  # 4032 points averaged by 5
    detected = list(zip(result.intervals["start"], result.intervals["end"], strict=True))
    scores = segment_scores(data.meta["windows"], detected)
    assert scores["tp"] == 1 and scores["recall"] == 1.0


def test_make_series_detector_names_methods():
    assert make_series_detector("algan", window_size=30, n_estimators=5).get_params()["variant"] == "algan"
    assert make_series_detector("iforest", n_estimators=5).n_estimators == 5
    with pytest.raises(ValueError, match="unknown method 'arima'"):
        make_series_detector("arima")


@pytest.mark.requires_data
def test_nab_benchmark_reports_every_series_outside_the_tuning_set(monkeypatch):
    from pathlib import Path

    from smallgan.data.series import nab_series
    from smallgan.grid import load_spec

    benchmarks = Path(__file__).resolve().parents[2] / "benchmarks"
    monkeypatch.syspath_prepend(str(benchmarks))
    from timeseries import SUBSETS, reported_series
    from timeseries_tune import tuning_series

    reported, tuning = [name for _, name in reported_series()], tuning_series(4)
    assert len(reported) == 29 and len(tuning) == 24 and not set(reported) & set(tuning)
    assert set(reported) | set(tuning) == {name for subset in SUBSETS for name in nab_series(subset)}
    assert load_spec(benchmarks / "specs" / "timeseries_nab.yaml").datasets == reported


def test_nab_benchmark_pads_intervals_as_orion(monkeypatch):
    """Orion pads 50 points of its 10-min (AdEx: hourly) series: 100 points of a 5-min series, 50 of an hourly one."""
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries import padding_points, raw_padding

    assert [raw_padding("orion", step) for step in (300, 600, 1800, 3600)] == [100, 50, 50, 50]
    assert raw_padding(250, 300) == 250
    assert padding_points(4032, 1000, "orion", 300) == 20  # averaged by 5
    assert padding_points(15831, 1000, "orion", 300) == 7  # averaged by 16: ceil(100 / 16)
    assert padding_points(800, 1000, "orion", 3600) == 50  # not averaged


def test_nab_benchmark_averages_to_orion_resolution(monkeypatch):
    """Orion's resolution: 10 min or the native step when coarser, averaged further only above the cap."""
    import argparse
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries import orion_max_points, padding_points, series_max_points

    assert orion_max_points(4032, 300, 2100) == 2016  # a 5-min month: x2, as Orion's 10 min
    assert orion_max_points(1600, 3600, 2100) == 1600  # hourly: native
    assert orion_max_points(15831, 300, 2100) == 1979  # x8: capped
    assert padding_points(4032, orion_max_points(4032, 300, 2100), "orion", 300) == 50  # Orion's 50 points
    args = argparse.Namespace(resolution=0, max_points=1000)
    assert series_max_points(4032, 300, args) == 1000
    args.resolution = 2100
    assert series_max_points(4032, 300, args) == 2016


def test_a_tuned_resolution_sets_the_averaging_and_is_not_a_detector_parameter(monkeypatch):
    """A method whose tuned options hold `resolution` is averaged to Orion's resolution, whatever --max-points."""
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import timeseries

    monkeypatch.setattr(timeseries, "tuned_options", lambda subset=None: {
        "zscore": {"k": 5.0, "padding_raw": "orion", "resolution": 2100}, "lstm-ae": {"k": 4.0}})
    args = timeseries.parse_args([])
    params = timeseries.detector_params("zscore", 4032, 300, 0, args)
    assert "resolution" not in params and "padding_raw" not in params and params["k"] == 5.0
    assert params["padding"] == 50  # Orion's 50 points of the 10-min series (2016 points)
    assert timeseries.detector_params("lstm-ae", 4032, 300, 0, args)["padding"] == 20  # 100 raw points / 5


def test_nab_report_tests_the_gan_against_seed_noise(monkeypatch):
    """The mean-F1 verdicts say whether the gap is more than seed noise (paired over seeds, or against one run)."""
    from pathlib import Path

    import pandas as pd

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries_report_notes import seeds_text, significance_text

    rows = []
    for seed in range(6):  # one subset, one series: F1 = 2 tp / (2 tp + fp + fn)
        rows.append({"method": "lstmgan", "subset": "realTweets", "seed": seed, "tp": 2, "fp": seed % 2, "fn": 0})
        rows.append({"method": "lstm-ae", "subset": "realTweets", "seed": seed, "tp": 1, "fp": 1, "fn": 1})
    rows.append({"method": "zscore", "subset": "realTweets", "seed": 0, "tp": 2, "fp": 0, "fn": 0})
    runs = pd.DataFrame(rows)
    assert "higher on 6 of 6 seeds" in significance_text(runs, "lstmgan", "lstm-ae")
    single = significance_text(runs, "lstmgan", "zscore")
    assert "one-sample t-test" in single and "6 seeds" in single
    assert seeds_text(runs).endswith("rolling z-score 1 (0, deterministic)")
    assert "LSTM autoencoder 6 (0-5)" in seeds_text(runs)


def test_nab_report_adds_a_point_wise_f1_from_the_runs_that_recorded_it(monkeypatch):
    """Runs with point counts get a point-wise F1 table (no published reference rows); older runs without are left
    out of it, and a report of runs without any has no such table."""
    from pathlib import Path

    import pandas as pd

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries_report import point_lines

    rows = []
    for seed in range(3):  # the GAN: 8 of 10 labelled points with 2 extra; the z-score flags everything
        rows.append({"method": "lstmgan", "subset": "realTweets", "series": "a", "seed": seed, "n_raw": 100,
                     "tp_point": 8, "fp_point": 2, "fn_point": 2})
    rows.append({"method": "zscore", "subset": "realTweets", "series": "a", "seed": 0, "n_raw": 100,
                 "tp_point": 10, "fp_point": 90, "fn_point": 0})
    rows.append({"method": "lstm-ae", "subset": "realTweets", "series": "a", "seed": 0})  # recorded none
    runs = pd.DataFrame(rows)
    text = "\n".join(point_lines(runs, ["realTweets"], pd.Series({"realTweets": 1})))
    assert "| LSTM GAN (ours, TadGAN-style) | 0.800 (0.000) | 0.800 |" in text
    assert "| rolling z-score | 0.182 | 0.182 |" in text  # 2 * 10 / (20 + 90)
    assert ", published |" not in text and "LSTM autoencoder" not in text
    assert "is above rolling z-score (0.182)" in text
    assert "| every point flagged (for scale) | 0.182 | 0.182 |" in text  # the z-score's case, from the GAN's rows
    assert point_lines(runs.drop(columns=["tp_point", "fp_point", "fn_point"]), ["realTweets"],
                       pd.Series({"realTweets": 1})) == []


def test_nab_report_counts_the_seeds_above_tadgans_published_f1(monkeypatch):
    """Against a published F1, each subset says on how many seeds the pooled F1 is above it."""
    from pathlib import Path

    import pandas as pd

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries_report_notes import reference_margins_text

    # pooled F1 per seed: 2 tp, seed % 2 fp -> 1.0, 0.8, 1.0, 0.8 (mean 0.9)
    rows = [{"method": "lstmgan", "subset": "realTweets", "seed": s, "tp": 2, "fp": s % 2, "fn": 0} for s in range(4)]
    runs = pd.DataFrame(rows)
    text = reference_margins_text(runs, "lstmgan", {"Tweets": 0.9, "AWS": 0.7})
    assert "Tweets 0.900 vs 0.900: above on 2 of 4 seeds, t-test p=1.00" in text
    assert "AWS" not in text  # no runs on that subset
    assert reference_margins_text(runs, "algan", {"Tweets": 0.9}) == ""


def test_nab_f1_table_means_over_the_published_subsets_too(monkeypatch):
    """The last column averages only the subsets with a published F1, for the methods and the references alike."""
    from pathlib import Path

    import pandas as pd

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from timeseries import REFERENCE
    from timeseries_report import _f1_table

    summary = pd.DataFrame({"subset": ["realTweets", "realKnownCause"], "method": "lstmgan", "f1": [0.8, 0.2],
                            "f1_std": [0.1, 0.1]})
    lines, mean_f1 = _f1_table(summary, ["realTweets", "realKnownCause"], pd.Series({"realTweets": 6,
                                                                                     "realKnownCause": 3}))
    assert mean_f1 == {"lstmgan": 0.5}
    assert lines[2].endswith("| 0.500 | 0.800 |")  # KnownCause has no published F1
    assert lines[3].endswith(f"| - | {REFERENCE['TadGAN (Orion)']['Tweets']:.3f} |")


def test_stale_cells_are_those_whose_recorded_options_changed(monkeypatch):
    """`grid.py --rerun-stale` reruns a NAB cell only when the options it recorded differ from the tuned ones now
    (main rows: the method's options; per-subset rows: those of the cell's subset)."""
    import json
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import timeseries
    import timeseries_cells

    now = {None: {"lstmgan": {"k": 4.0}, "zscore": {"k": 5.0}},
           "realTweets": {"lstmgan": {"k": 4.0, "global_k": 2.0}}, "realAdExchange": {"lstmgan": {"k": 4.0}}}
    monkeypatch.setattr(timeseries, "tuned_options", lambda subset=None: now[subset])

    def cell(key, estimator, options, subset="realTweets", per_subset=False):
        return {"cell_key": key, "estimator": estimator, "params": {"per_subset": True} if per_subset else {},
                "metrics": {"subset": subset, "options": json.dumps(options)}}

    cells = pd.DataFrame([cell("same", "lstmgan", {"k": 4.0}), cell("changed", "zscore", {"k": 4.0}),
                          cell("subset-changed", "lstmgan", {"k": 4.0}, per_subset=True),
                          cell("subset-same", "lstmgan", {"k": 4.0}, "realAdExchange", per_subset=True)])
    assert timeseries_cells.stale_cells(cells) == ["changed", "subset-changed"]


@pytest.mark.requires_data
@pytest.mark.parametrize(("method", "estimator", "candidate"), [
    ("zscore", "zscore", None), ("iforest", "iforest", None),  # iforest: averaged to Orion's resolution
    ("lstm-ae", "lstm-ae", None),  # its tuned `combine` is the benchmark's but not an option of the autoencoder
    ("aer", "lstm-ae", "lstm-ae-reg")])  # the main spec's AER-style row: the autoencoder with its candidate's options
def test_cli_with_the_nab_option_file_reproduces_the_benchmark_cell(monkeypatch, tmp_path, method, estimator,
                                                                    candidate):
    """`detect-series --options benchmarks/results/timeseries_nab_options.json` runs the benchmark's detector: the
    intervals of `timeseries.run_one` (as the main spec calls it) on the same series and seed."""
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from smallgan.cli import app

    root = Path(__file__).resolve().parents[2]
    monkeypatch.syspath_prepend(str(root / "benchmarks"))
    import timeseries

    name = "nab/realAWSCloudwatch/ec2_cpu_utilization_825cc2"
    expected = json.loads(timeseries.run_one(name, estimator, 0, timeseries.parse_args([]),
                                             candidate=candidate)["intervals"])
    load_dataset(name).X[["timestamp", "value"]].to_csv(tmp_path / "series.csv", index=False)
    result = CliRunner().invoke(app, ["detect-series", str(tmp_path / "series.csv"), "--method", method, "--options",
                                      str(root / "benchmarks" / "results" / "timeseries_nab_options.json"),
                                      "--gaps", "ignore", "--out", str(tmp_path / "intervals.csv")])
    assert result.exit_code == 0, result.output
    found = pd.read_csv(tmp_path / "intervals.csv", parse_dates=["start", "end"])
    assert expected
    assert [[a.isoformat(), b.isoformat()] for a, b in zip(found.start, found.end, strict=True)] == expected


def test_nab_option_file_matches_the_tuned_options(monkeypatch):
    """The committed CLI option file is the benchmark's settings under the committed tuned options (not stale)."""
    import json
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import timeseries_tune

    tuned = json.loads(timeseries_tune.TUNED.read_text())
    assert json.loads(timeseries_tune.CLI_OPTIONS.read_text()) == timeseries_tune.cli_options(tuned)
    assert timeseries_tune.cli_options(tuned)["lstmgan"]["train_step"] == timeseries_tune.BENCH["train_step"]
    assert "n_critic" not in timeseries_tune.cli_options(tuned)["zscore"]  # only what the detector takes
