"""The NAB combine diagnostic's report: the score chosen on the tuning series is carried over to the reported ones."""

from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _rows(fold, seeds, fp_by_combine):
    import timeseries_combine_report as report

    return [{"fold": fold, "subset": s, "series": f"{s}/a", "seed": seed, "combine": c, "tp": 1, "fp": fp, "fn": 0,
             "fit_s": 1.0} for s in report.SUBSETS for seed in seeds for c, fp in fp_by_combine.items()]


def test_the_tuning_fold_chooses_the_score_and_the_reported_fold_is_compared_seed_by_seed(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_combine_report as report

    frame = pd.DataFrame(_rows("tuning", range(3), {"mult": 1, "rec": 3, "critic": 0, "sum": 1})
                         + _rows("reported", range(4), {"mult": 0, "rec": 1, "critic": 1, "sum": 3}))
    text = report.section(frame)
    assert "Best on the tuning series: critic score only (1.000)" in text  # F1 1.0 against 0.667 for mult
    assert "critic score only above the main score on 0 of 4 seeds, mean F1 0.667 against 1.000" in text
    assert "The carried-over score (critic score only) is above TadGAN on 3 of 5 subsets" in text  # 0.667: 3 subsets
    table, means = report.fold_table(frame[frame["fold"] == "reported"])
    assert means == pytest.approx({"mult": 1.0, "rec": 2 / 3, "critic": 2 / 3, "sum": 0.4})
    assert any(line.startswith("| error x critic (main) |") and line.endswith("| 0.0 |") for line in table)


@pytest.mark.parametrize(("residual_fp", "verdict"), [(0, "carried over."), (1, "not carried over.")])
def test_the_critic_feature_residual_is_carried_over_only_beyond_the_refit_noise(monkeypatch, residual_fp, verdict):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_combine_report as report

    tuning = {"mult": 1, "rec": 3, "critic": 3, "sum": 3, "mult+features": residual_fp, "critic+features": 3}
    reported = {"mult": 1, "rec": 1, "critic": 1, "sum": 1, "mult+features": 0, "critic+features": 3}
    text = report.section(pd.DataFrame(_rows("tuning", range(3), tuning) + _rows("reported", range(4), reported)))
    assert "Best on the tuning series: error x critic (main)" in text  # the residual is not one of the four scores
    gain = "+0.333" if residual_fp == 0 else "+0.000"  # F1 1.0 (fp 0) or 0.667 (fp 1) against the main's 0.667
    assert f"against 0.667; error x critic feature residual {gain}: {verdict}" in text
    assert "error x critic feature residual above the main score on 4 of 4 seeds, mean F1 1.000 against 0.667" in text
    assert "Error x critic feature residual is above TadGAN on 5 of 5 subsets" in text


def test_the_reconstruction_critic_arm_checks_the_better_of_its_two_scores(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_combine_report as report

    scores = {"mult": 1, "rec": 3, "critic": 3, "sum": 3, "mult@reconstruction": 3, "critic@reconstruction": 3,
              "mult+features@reconstruction": 0, "critic+features@reconstruction": 2}
    text = report.section(pd.DataFrame(_rows("tuning", range(3), scores) + _rows("reported", range(2), scores)))
    assert ("error x critic, critic on reconstructions 0.400, error x feature residual, critic on reconstructions "
            "1.000 against 0.667; error x feature residual, critic on reconstructions +0.333: carried over.") in text
    assert "error x feature residual, critic on reconstructions above the main score on 2 of 2 seeds" in text
    assert "feature residual only, critic on reconstructions above the main score on 0 of 2 seeds" in text
