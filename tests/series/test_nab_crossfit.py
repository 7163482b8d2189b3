"""The NAB tuning run the other way round: options chosen on the reported series score the tuning series, and the
all-series check reads those runs as a cross-fitted 53-series table."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_crossfit_runs_read_the_reported_folds_options(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_crossfit

    tuned, subsets = tmp_path / "tuned.json", tmp_path / "subsets.json"
    monkeypatch.setattr(timeseries_crossfit, "TUNED", tuned)
    monkeypatch.setattr(timeseries_crossfit, "TUNED_SUBSETS", subsets)
    with pytest.raises(FileNotFoundError, match="no options chosen on the reported fold yet"):
        timeseries.run_options("zscore", crossfit=True)
    tuned.write_text(json.dumps({"zscore": {"k": 2.5}}))
    subsets.write_text(json.dumps({"zscore": {"realTweets": {"k": 6.0}}}))
    assert timeseries.run_options("zscore", crossfit=True) == {"k": 2.5}
    assert timeseries.run_options("zscore", "realTweets", crossfit=True) == {"k": 6.0}
    assert timeseries.run_options("zscore") != {"k": 2.5}  # the main tuning's options are untouched
    with pytest.raises(ValueError, match="no tuning candidate"):
        timeseries.run_options("zscore", candidate="zscore-res", crossfit=True)


def test_reported_fold_points_the_tuning_module_at_its_own_files(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_crossfit

    monkeypatch.setattr(timeseries, "reported_series", lambda: [("realTweets", "nab/realTweets/a")])
    tune = types.SimpleNamespace(CACHE=None, OUT=None, TUNED=None, TUNED_SUBSETS=None, CLI_OPTIONS=Path("main.json"))
    assert timeseries_crossfit.use_reported_fold(tune) == ["nab/realTweets/a"]
    assert tune.OUT.name == "timeseries_tuning_reported.csv" and tune.TUNED == timeseries_crossfit.TUNED
    assert tune.CACHE.name == "timeseries_tune_reported" and tune.CLI_OPTIONS.parent == timeseries_crossfit.CACHE


def test_crossfit_table_joins_the_held_out_runs_with_the_crossfit_runs(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_all_series as check

    def runs(method, tp, fp, tag):
        return [{"subset": s, "series": f"{s}-{tag}", "method": method, "seed": 0, "tp": tp, "fp": fp, "fn": 0}
                for s in ("artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets")]

    held = pd.DataFrame(runs("lstmgan", 1, 1, "held") + runs("algan", 9, 1, "held"))  # F1 0.667; ALGAN 0.947
    in_sample = pd.DataFrame(runs("lstmgan", 3, 0, "tune") + runs("algan", 3, 0, "tune"))  # 1.0 with its options
    crossfit = pd.DataFrame(runs("lstmgan+crossfit", 1, 3, "tune")  # 0.4 with options chosen on the held-out
                            + runs("algan+crossfit", 9, 1, "tune"))
    lines = check.crossfit_lines(held, crossfit, check.part_summaries(held, in_sample), list(check.SUBSETS)[:5])
    table = "\n".join(lines)
    assert "| LSTM GAN (ours, TadGAN-style) | 0.500 | 0.500 |" in table  # one seed; 2 tp, 4 fp pooled: 4 / 8
    assert ("LSTM GAN (ours, TadGAN-style) 0.889 -> 0.500 (on the tuning 24: 1.000 -> 0.400)") in table
    gan = next(line for line in lines if line.startswith("- The LSTM GAN above"))
    assert gan.startswith("- The LSTM GAN above TadGAN's published F1 on 1/5 subsets cross-fitted on all 53 series: "
                          "Traffic. Seed by seed against TadGAN's published F1: NAB-art 0.500 vs 0.500")
    assert "Traffic 0.500 vs 0.486: above on 1 of 1 seeds" in gan
    assert "- Its ALGAN variant above TadGAN's published F1 on 5/5 subsets cross-fitted on all 53 series" in table
    assert lines[-1].startswith("- In-sample ceiling on the held-out 29") or lines[-1] == ""  # the reported fold's


def test_reported_fold_holds_the_training_settings_the_main_tuning_chose(monkeypatch):
    """Each candidate of the reported fold is the training setting behind the main tuning's options (exactly its
    training parameters are in them), one per main-table method."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_crossfit
    from timeseries_candidates import OPTION_KEYS, OWN_ROWS, variant

    tuned = timeseries.tuned_options()
    rows = {OWN_ROWS.get(name, name): name for name in tuned}  # "aer" runs its candidate
    bases = {rows.get(candidate, variant(candidate)[0]) for candidate in timeseries_crossfit.CANDIDATES}
    assert bases == set(tuned)
    for candidate in timeseries_crossfit.CANDIDATES:
        method = rows.get(candidate, variant(candidate)[0])
        training = {k: v for k, v in tuned[method].items() if k not in (*OPTION_KEYS, "score_window")}
        assert training == variant(candidate)[1], candidate  # e.g. {"epochs": 30, "ema": 0.95} for the LSTM GAN


def test_ceiling_line_reads_the_best_option_set_of_each_candidate_on_the_reported_fold(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_crossfit

    subsets = {"realTweets": "Tweets", "realAWSCloudwatch": "AWS"}
    rows = [{"method": candidate, "padding_raw": "orion", "k": k, "mean_f1": f1, "realTweets": f1,
             "realAWSCloudwatch": 0.1} for candidate in timeseries_crossfit.CANDIDATES for k, f1 in ((4.0, 0.5),
                                                                                                  (3.0, 0.7))]
    pd.DataFrame(rows).to_csv(tmp_path / "reported.csv", index=False)
    monkeypatch.setattr(timeseries_crossfit, "OUT", tmp_path / "reported.csv")
    line = timeseries_crossfit.ceiling_line(timeseries.LABELS, {"Tweets": 0.6, "AWS": 0.7}, subsets)
    assert "LSTM GAN (ours, TadGAN-style) 0.700 (1 of 2 above TadGAN: Tweets)" in line
    assert "AER-style autoencoder (ours, no adversary) 0.700" in line  # lstm-ae-reg is the AER-style row's candidate
    monkeypatch.setattr(timeseries_crossfit, "OUT", tmp_path / "missing.csv")
    assert timeseries_crossfit.ceiling_line(timeseries.LABELS, {"Tweets": 0.6}, subsets) == ""
