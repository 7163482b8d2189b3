"""The NAB protocol check (every series): the main table's runs are cut to the tuning-series runs' methods and seeds,
the parts pool counts per subset, and the verdict reads the in-sample gap and the subsets above TadGAN."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def runs(method: str, seed: int, tp: int, fp: int, tag: str) -> list[dict]:
    """One series per subset (tagged `tag`) of `method` at `seed` with these counts and no false negatives."""
    subsets = ("artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets")
    return [{"subset": s, "series": f"{s}-{tag}", "method": method, "seed": seed, "tp": tp, "fp": fp, "fn": 0}
            for s in subsets]


def test_all_series_parts_pool_counts_and_read_the_in_sample_gap(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_all_series as check

    main = pd.DataFrame(runs("lstmgan", 0, 1, 1, "held") + runs("lstmgan", 7, 9, 0, "held")  # seed 7: not in tuning
                        + runs("iforest", 0, 1, 1, "held"))  # iforest has no tuning-series runs
    tuning = pd.DataFrame(runs("lstmgan", 0, 3, 0, "tune"))
    held = check.same_seeds(main, tuning)
    assert set(held["method"]) == {"lstmgan"} and set(held["seed"]) == {0}
    summaries = check.part_summaries(held, tuning)
    f1 = {part: summary.set_index("subset")["f1"].round(3).tolist() for part, (_, summary) in summaries.items()}
    # held-out 1 tp 1 fp: 0.667; tuning 3 tp: 1.0; pooled 4 tp 1 fp over both series: precision 0.8, F1 0.889
    assert f1 == {"held-out": [0.667] * 5, "tuning": [1.0] * 5, "all": [0.889] * 5}
    assert check.above_reference(summaries["held-out"][1]) == (3, 5, ["NAB-art", "Traffic", "Tweets"])
    assert check.above_reference(summaries["all"][1])[0] == 5
    assert check.reference_lines(summaries)[0].startswith(
        "- The LSTM GAN above TadGAN's published F1 on 3/5 subsets on the main table's 29 held-out series: NAB-art")
    plain = pd.DataFrame(runs("zscore+defaults", 0, 1, 1, "held") + runs("zscore+defaults", 0, 1, 0, "tune"))
    table = check.mean_f1_by_part(pd.concat([held, tuning, plain]), {f"{s}-tune" for s in set(tuning["subset"])})
    assert table.round(3).loc["zscore+defaults"].tolist() == [0.667, 1.0, 0.8, 0.333]  # 2 tp 1 fp pooled: 0.8
    lines = check.gap_lines(table)
    assert lines[2] == "| LSTM GAN (ours, TadGAN-style) | tuned on the 24 | 0.667 | 1.000 | +0.333 | 0.889 |"
    assert lines[3] == "| rolling z-score | library defaults | 0.667 | 1.000 | +0.333 | 0.800 |"
    tuned = check.mean_f1_by_part(pd.concat([pd.DataFrame(runs("zscore", 0, 1, 1, "held")),
                                             pd.DataFrame(runs("zscore", 0, 2, 0, "tune")), plain]),
                                  {f"{s}-tune" for s in set(tuning["subset"])})
    assert check.selection_lines(tuned) == ["- rolling z-score: gap +0.333 tuned, +0.333 with defaults, so +0.000 from "
                                            "choosing the options on the tuning series; on the held-out 29 the tuned "
                                            "options score +0.000 against the defaults."]


def test_all_series_reads_the_aer_style_rows_against_tadgan_and_aer(monkeypatch):
    """The AER-style row (a main-table method outside the five of the first table) gets its gap rows and its own
    lines against both published references."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_all_series as check

    held = pd.DataFrame(runs("lstmgan", 0, 1, 1, "held") + runs("aer", 0, 1, 1, "held"))  # aer F1 0.667
    tuning = pd.DataFrame(runs("lstmgan", 0, 1, 1, "tune") + runs("aer", 0, 3, 1, "tune"))  # aer F1 0.857
    lines = check.reference_lines(check.part_summaries(held, tuning))
    assert lines[3] == ("- The AER-style autoencoder (ours, no adversary) above TadGAN's published F1 on 3/5 subsets "
                        "on the main table's 29 held-out series: NAB-art, Traffic, Tweets.")
    assert lines[6] == ("- The AER-style autoencoder (ours, no adversary) above AER's published F1 on 2/5 subsets on "
                        "the main table's 29 held-out series: Traffic, Tweets.")
    plain = pd.DataFrame(runs("aer+defaults", 0, 1, 1, "held") + runs("aer+defaults", 0, 1, 1, "tune"))
    table = check.mean_f1_by_part(pd.concat([held, tuning, plain]), {f"{s}-tune" for s in set(tuning["subset"])})
    assert [line.split(" | ")[0:2] for line in check.gap_lines(table)[2:]] == [
        ["| LSTM GAN (ours, TadGAN-style)", "tuned on the 24"], ["| AER-style autoencoder (ours, no adversary)",
                                                                "tuned on the 24"],
        ["| AER-style autoencoder (ours, no adversary)", "library defaults"]]
    assert check.selection_lines(table)[0].startswith(
        "- AER-style autoencoder (ours, no adversary): gap +0.190 tuned, +0.000 with defaults")


def test_out_of_order_stamps_warn_and_are_still_scored_point_wise():
    import numpy as np
    import pytest

    from smallgan.detect.series_pipeline import detect_series

    stamps = pd.Series(pd.date_range("2024-01-01", periods=300, freq="5min"))
    stamps.iloc[150:160] -= pd.Timedelta("1h")  # a clock set back, as in NAB's machine_temperature_system_failure
    values = np.sin(np.arange(300) / 10.0)
    values[200:205] += 5.0
    with pytest.warns(UserWarning, match=r"not increasing \(0 repeated, 1 stepping back, first at row 150\)"):
        result = detect_series(stamps, values, "zscore", window_size=20, padding=0)
    scores = result.evaluate([(stamps[198], stamps[207])])
    assert scores["point_tp"] >= 1 and scores["segment_tp"] == 1


def test_order_check_reads_zoned_stamps_and_skips_labels_without_order():
    import warnings

    import pytest

    from smallgan.detect.series_pipeline import warn_out_of_order

    zoned = pd.Series(pd.to_datetime(["2024-03-31 01:30", "2024-03-31 01:00"]).tz_localize("UTC"))
    with pytest.warns(UserWarning, match=r"1 stepping back, first at row 1"):
        warn_out_of_order(zoned)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_out_of_order(pd.Series(["b", "a"]))  # not time stamps: nothing to check, no error
        warn_out_of_order(pd.Series(pd.date_range("2024-03-31", periods=6, freq="h", tz="Europe/Berlin")))
