"""The NAB diagnostics (training budget, width): cell overrides win over the tuned options, tuning candidates run
with their own options, and the report tables pool counts per subset and count the subsets above TadGAN's F1."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def tweets_run(method: str, tp: int, fp: int, fit_s: float) -> list[dict]:
    """One seed-0 run of `method` on one Tweets series with these counts (no false negatives)."""
    return [{"subset": "realTweets", "series": "t", "method": method, "seed": 0, "tp": tp, "fp": fp, "fn": 0,
             "fit_s": fit_s, "point_auc": 0.7}]


@pytest.mark.requires_data
def test_cell_overrides_are_set_over_the_tuned_options(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_cells

    name = "nab/realAWSCloudwatch/ec2_cpu_utilization_825cc2"
    tuned = timeseries_cells.series_cell(name, "zscore", {}, 0)
    strict = timeseries_cells.series_cell(name, "zscore", {"overrides": {"k": 1000.0}}, 0)
    assert tuned["n_intervals"] >= 1 and strict["n_intervals"] == 0
    with pytest.raises(ValueError, match=r"unknown time-series cell params \['budget'\]"):
        timeseries_cells.series_cell(name, "zscore", {"budget": 1}, 0)


def test_budget_table_pools_counts_and_counts_subsets_above_tadgan(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget

    def runs(method, seed, tp, fp, fit_s):  # two series per subset, same counts each
        return [{"subset": s, "series": f"{s}-{i}", "method": method, "seed": seed, "tp": tp, "fp": fp, "fn": 0,
                 "fit_s": fit_s, "point_auc": 0.5 + tp / 10}
                for s in ("artificialWithAnomaly", "realAWSCloudwatch") for i in (0, 1)]

    ours = pd.DataFrame(runs("lstmgan", 0, 1, 1, 10.0) + runs("lstmgan", 1, 1, 3, 10.0)  # F1 0.667 and 0.4
                        + runs("lstm-ae", 0, 1, 0, 2.0))
    budget = pd.DataFrame(runs("lstm-ae+orion-budget", 0, 1, 1, 20.0)  # F1 0.667
                          + runs("lstmgan+orion-budget", 0, 3, 1, 200.0))  # F1 6 / 8 = 0.857
    rows = timeseries_budget.budget_rows(budget, ours)
    assert [label for label, *_ in rows] == ["LSTM GAN, our budget (2 seeds)", "LSTM GAN, our budget (seed 0)",
                                              "LSTM GAN, Orion's budget (seed 0)",
                                              "LSTM autoencoder, our budget (seed 0)",  # its only seed: one row
                                              "LSTM autoencoder, Orion's budget (seed 0)"]
    lines = timeseries_budget.table(rows, ["artificialWithAnomaly", "realAWSCloudwatch"])
    assert lines[2].startswith("| LSTM GAN, our budget (2 seeds) | 0.533 (0.189) | 0.533 (0.189) | 0.533 | 1 of 5")
    assert lines[4].startswith("| LSTM GAN, Orion's budget (seed 0) | 0.857 | 0.857 | 0.857 | 2 of 5 |")
    assert lines[4].endswith("| 0.800 | 200.0 |") and lines[7].startswith("| TadGAN (Orion), published | 0.500 |")
    assert timeseries_budget.verdict(rows) == (
        "Orion's budget against our budget on the same seeds: LSTM GAN mean F1 +0.190 at 20x the fit time; LSTM "
        "autoencoder mean F1 -0.333 at 10x the fit time.")


def test_per_subset_budget_rows_pair_with_their_main_rows_and_targets_are_checked(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget

    subsets = ("artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets")

    def runs(method, seed, tp, fp, fit_s):  # one series per subset
        return [{"subset": s, "series": s, "method": method, "seed": seed, "tp": tp, "fp": fp, "fn": 0,
                 "fit_s": fit_s, "point_auc": 0.7} for s in subsets]

    ours = pd.DataFrame(runs("lstmgan", 0, 1, 1, 10.0) + runs("lstmgan+subset", 0, 1, 3, 10.0)
                        + runs("lstm-ae+subset", 0, 1, 1, 2.0))
    budget = pd.DataFrame(runs("lstmgan+subset+orion-budget", 0, 9, 1, 90.0)  # F1 0.947 everywhere: 5 above
                          + runs("lstm-ae+subset+orion-budget", 0, 1, 1, 20.0)  # F1 0.667
                          + runs("lstmgan+orion-budget", 0, 1, 1, 200.0))  # F1 0.667, no autoencoder of its own
    rows = timeseries_budget.budget_rows(budget, ours)
    assert [row.label for row in rows] == [
        "LSTM GAN, our budget (seed 0)", "LSTM GAN, Orion's budget (seed 0)",  # one main row: the same seeds
        "LSTM GAN, per-subset options, our budget (seed 0)",
        "LSTM GAN, per-subset options, Orion's budget (seed 0)",
        "LSTM autoencoder, per-subset options, our budget (seed 0)",
        "LSTM autoencoder, per-subset options, Orion's budget (seed 0)"]
    assert rows[2].summary["f1"].round(3).tolist() == [0.4] * 5  # 1 tp, 3 fp: the +subset main rows
    assert timeseries_budget.target_check(rows) == (
        "Issue targets at Orion's budget (LSTM GAN against the LSTM autoencoder with the same budget and options, the "
        "autoencoder on its seeds): LSTM GAN, per-subset options: 5 of 5 subsets above TadGAN, mean F1 0.947 against "
        "the autoencoder's 0.667, fit time 4.5x the autoencoder's -> targets met (1 of the issue's 3 seeds run).")
    slow = budget.assign(fit_s=budget["fit_s"].where(budget["method"] != "lstmgan+subset+orion-budget", 120.0))
    assert "6.0x the autoencoder's -> targets not met" in timeseries_budget.target_check(
        timeseries_budget.budget_rows(slow, ours))


def test_hidden_rows_pair_with_the_hidden_32_main_rows_and_check_targets_at_hidden_100(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_hidden

    def runs(method, seed, tp, fp, fit_s):
        return [{"subset": "realTweets", "series": "t", "method": method, "seed": seed, "tp": tp, "fp": fp, "fn": 0,
                 "fit_s": fit_s, "point_auc": 0.7}]

    ours = pd.DataFrame(runs("lstmgan", 0, 1, 1, 10.0) + runs("lstmgan", 1, 1, 1, 10.0)
                        + runs("lstm-ae", 0, 1, 3, 2.0))
    wide = pd.DataFrame(runs("lstmgan+hidden100", 0, 1, 3, 30.0) + runs("lstm-ae+hidden100", 0, 1, 0, 10.0))
    rows = timeseries_budget.budget_rows(wide, ours, timeseries_hidden.HIDDEN)
    assert [row.label for row in rows] == [
        "LSTM GAN, hidden 32 (2 seeds)", "LSTM GAN, hidden 32 (seed 0)", "LSTM GAN, hidden 100 (seed 0)",
        "LSTM autoencoder, hidden 32 (seed 0)",  # its only seed: no separate row on all its seeds
        "LSTM autoencoder, hidden 100 (seed 0)"]
    assert timeseries_budget.verdict(rows, timeseries_hidden.HIDDEN) == (
        "Hidden 100 against hidden 32 on the same seeds: LSTM GAN mean F1 -0.267 at 3x the fit time; LSTM "
        "autoencoder mean F1 +0.600 at 5x the fit time.")
    check = timeseries_budget.target_check(rows, arm=timeseries_hidden.HIDDEN)
    assert check.startswith("Issue targets at hidden 100 (LSTM GAN against the LSTM autoencoder with the same width")
    assert "0 of 5 subsets above TadGAN, mean F1 0.400 against the autoencoder's 1.000, fit time 3.0x" in check


def test_algan_rows_are_checked_against_the_autoencoder_of_the_same_setting(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_hidden

    subsets = ("artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets")

    def runs(method, tp, fp, fit_s):  # one series per subset, seed 0
        return [{"subset": s, "series": s, "method": method, "seed": 0, "tp": tp, "fp": fp, "fn": 0,
                 "fit_s": fit_s, "point_auc": 0.7} for s in subsets]

    wide = pd.DataFrame(runs("algan+hidden100", 9, 1, 40.0) + runs("lstm-ae+hidden100", 1, 1, 10.0)
                        + runs("lstmgan+hidden100", 1, 3, 80.0))
    rows = timeseries_budget.budget_rows(wide, pd.DataFrame(), timeseries_hidden.HIDDEN)
    assert [row.label for row in rows] == ["LSTM GAN, hidden 100 (seed 0)", "ALGAN variant, hidden 100 (seed 0)",
                                           "LSTM autoencoder, hidden 100 (seed 0)"]
    check = timeseries_budget.target_check(rows, arm=timeseries_hidden.HIDDEN)
    assert check.startswith("Issue targets at hidden 100 (LSTM GAN and its ALGAN variant against the LSTM autoencoder")
    assert ("LSTM GAN: 0 of 5 subsets above TadGAN, mean F1 0.400 against the autoencoder's 0.667, fit time 8.0x "
            "the autoencoder's -> targets not met") in check
    assert ("ALGAN variant: 5 of 5 subsets above TadGAN, mean F1 0.947 against the autoencoder's 0.667, fit time 4.0x "
            "the autoencoder's -> targets met (1 of the issue's 3 seeds run)") in check
    assert timeseries_budget.seeds_run(6, 3) == "6 seeds run, the issue asks 3"


@pytest.mark.parametrize("subset", ["", "+subset"])
def test_own_option_rows_pair_with_the_main_rows_and_with_the_autoencoder_of_their_own_options(monkeypatch, subset):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_hidden

    gan = "LSTM GAN" + (", per-subset options" if subset else "")
    ours = pd.DataFrame(tweets_run(f"lstmgan{subset}", 1, 1, 10.0) + tweets_run(f"lstm-ae{subset}", 1, 3, 2.0))
    wide = pd.DataFrame(tweets_run(f"lstmgan{subset}+hidden100", 1, 3, 30.0)  # F1 0.4
                        + tweets_run(f"lstmgan{subset}+own+hidden100", 3, 1, 40.0)  # F1 0.857
                        + tweets_run(f"lstm-ae{subset}+own+hidden100", 1, 1, 10.0))  # F1 0.667
    rows = timeseries_budget.budget_rows(wide, ours, timeseries_hidden.HIDDEN)
    assert [row.label for row in rows] == [
        f"{gan}, hidden 32 (seed 0)", f"{gan}, hidden 100 (seed 0)",
        f"{gan}, own tuned options, hidden 100 (seed 0)",
        f"LSTM autoencoder{gan.removeprefix('LSTM GAN')}, own tuned options, hidden 100 (seed 0)"]
    assert timeseries_budget.verdict(rows, timeseries_hidden.HIDDEN) == (
        f"Hidden 100 against hidden 32 on the same seeds: {gan} mean F1 -0.267 at 3x the fit time; {gan}, own "
        "tuned options mean F1 +0.190 at 4x the fit time.")
    check = timeseries_budget.target_check(rows, arm=timeseries_hidden.HIDDEN)
    assert (f"{gan}, own tuned options: 1 of 5 subsets above TadGAN, mean F1 0.857 against the autoencoder's "
            "0.667, fit time 4.0x the autoencoder's -> targets not met") in check
    assert timeseries_hidden.has_own(wide) and not timeseries_hidden.has_own(ours)
    assert timeseries_hidden.has_subset_own(wide) == bool(subset) and not timeseries_hidden.has_subset_own(ours)


def test_a_tuning_candidate_runs_with_its_own_best_options_whether_chosen_or_not(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_candidates as candidates
    from timeseries_tune import tuning_table

    wide = candidates.candidate_options("lstmgan-e30-ema95-h100")
    table = candidates.choosable_rows(tuning_table())
    best = table[table.method == "lstmgan-e30-ema95-h100"]["mean_f1"].max()
    top = candidates.top_row(table, "lstmgan-e30-ema95-h100")
    assert top["mean_f1"] == best and wide == candidates.row_options(top, "lstmgan-e30-ema95-h100")
    assert wide["hidden"] == 100 and wide["epochs"] == 30 and wide["k"] == top["k"]
    assert "hidden" not in timeseries.tuned_options()["lstmgan"]  # over the fit-time budget: not the chosen setting
    assert timeseries.run_options("lstmgan", candidate="lstmgan-e30-ema95-h100") == wide
    assert timeseries.run_options("lstmgan") == timeseries.tuned_options()["lstmgan"]
    per_subset = candidates.candidate_options("algan-h100", "realTraffic")
    assert per_subset == candidates.row_options(candidates.top_row(table, "algan-h100", "realTraffic"), "algan-h100")
    with pytest.raises(ValueError, match="'lstmgan-e30-ema95-h100' is a 'lstmgan' setting, not 'lstm-ae'"):
        timeseries.run_options("lstm-ae", candidate="lstmgan-e30-ema95-h100")
    with pytest.raises(ValueError, match="unknown tuning candidate 'lstmgan-h999'"):
        candidates.candidate_options("lstmgan-h999")


def test_regression_rows_pair_with_the_main_rows_and_check_targets_against_the_main_baselines(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_regression

    ours = pd.DataFrame(tweets_run("lstmgan", 1, 1, 10.0) + tweets_run("lstm-ae", 1, 3, 2.0)
                        + tweets_run("zscore", 1, 1, 0.1))
    head = pd.DataFrame(tweets_run("lstmgan+regression", 3, 1, 12.0)  # F1 0.857
                        + tweets_run("lstmgan+own+regression", 1, 3, 14.0))  # F1 0.4
    rows = timeseries_budget.budget_rows(head, ours, timeseries_regression.REGRESSION)
    assert [row.label for row in rows] == [  # own options sort first ("+own+regression" < "+regression")
        "LSTM GAN, own tuned options, with the regression head (seed 0)", "LSTM GAN, no regression head (seed 0)",
        "LSTM GAN, with the regression head (seed 0)"]
    assert timeseries_budget.verdict(rows, timeseries_regression.REGRESSION) == (
        "With the regression head against no regression head on the same seeds: LSTM GAN, own tuned options mean F1 "
        "-0.267 at 1.4x the fit time; LSTM GAN mean F1 +0.190 at 1.2x the fit time.")
    check = timeseries_regression.target_line(rows, ours)
    assert check.startswith("Issue targets with the head (against the main table's LSTM autoencoder, mean F1 0.400, "
                            "and rolling z-score, 0.667)")
    assert ("LSTM GAN: 1 of 5 subsets above TadGAN (1 above AER), mean F1 0.857, fit time 6.0x the autoencoder's -> "
            "targets not met (1 seed)") in check
    assert timeseries_regression.target_line(rows, ours[ours.method != "zscore"]) == ""


def test_the_regression_candidate_runs_with_its_own_options(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries
    import timeseries_candidates as candidates

    own = candidates.candidate_options("lstmgan-e30-ema95-reg")
    assert own["regression"] == 1.0 and own["reg_combine"] in ("mult", "sum", "reg", "rec")
    assert "regression" not in timeseries.tuned_options()["lstmgan"]  # a diagnostic: never the chosen setting
    assert "reg_combine" not in timeseries.tuned_options()["lstmgan"]  # rows swept before the option: left out


def test_regression_target_check_pairs_each_gan_row_with_the_autoencoder_with_the_head(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_regression

    head = pd.DataFrame(tweets_run("lstmgan+regression", 1, 3, 12.0) + tweets_run("lstm-ae+regression", 3, 1, 2.0))
    rows = timeseries_budget.budget_rows(head, pd.DataFrame(), timeseries_regression.REGRESSION)
    check = timeseries_budget.target_check(rows, arm=timeseries_regression.REGRESSION)
    assert check.startswith("Issue targets with the regression head (LSTM GAN against the LSTM autoencoder with the "
                            "same head and options")
    assert "mean F1 0.400 against the autoencoder's 0.857, fit time 6.0x the autoencoder's -> targets not met" in check
    ours = pd.DataFrame(tweets_run("lstm-ae", 1, 3, 2.0) + tweets_run("zscore", 1, 1, 0.1))
    line = timeseries_regression.target_line(rows, ours)
    assert "LSTM GAN: " in line and "LSTM autoencoder:" not in line  # the targets are the GAN's


def test_aer_style_line_compares_the_autoencoder_with_the_head_seed_by_seed(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_regression

    def seeds(method, tp, fp):
        return [row | {"seed": seed} for seed in range(3) for row in tweets_run(method, tp + seed, fp, 2.0)]

    head = pd.DataFrame(seeds("lstm-ae+own+regression", 3, 1))
    ours = pd.DataFrame(seeds("lstmgan", 1, 3) + seeds("lstm-ae", 1, 1))
    line = timeseries_regression.aer_style_line(head, ours)
    assert line.startswith("The LSTM autoencoder with the head and its own tuned options (an AER-style model")
    assert "LSTM GAN 0." in line and "higher on 3 of 3 seeds, paired Wilcoxon" in line and "ALGAN" not in line
    assert timeseries_regression.aer_style_line(head[head.seed < 2], ours) == ""  # fewer than 3 seeds: no test


def test_verdict_compares_an_own_options_row_with_the_main_row_on_its_own_seeds(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_budget
    import timeseries_hidden

    def seeded(method, seed, tp, fp):
        return [row | {"seed": seed} for row in tweets_run(method, tp, fp, 10.0)]

    ours = pd.DataFrame(seeded("lstmgan", 0, 1, 1) + seeded("lstmgan", 1, 1, 3))  # F1 0.667 and 0.4
    wide = pd.DataFrame(seeded("lstmgan+hidden100", 0, 1, 1)  # seed 0 only: its main row is seed 0
                        + seeded("lstmgan+own+hidden100", 0, 1, 1) + seeded("lstmgan+own+hidden100", 1, 1, 1))
    rows = timeseries_budget.budget_rows(wide, ours, timeseries_hidden.HIDDEN)
    text = timeseries_budget.verdict(rows, timeseries_hidden.HIDDEN)
    # the own row (seeds 0-1, F1 0.667) against the main row on seeds 0-1 (mean 0.533), not on seed 0 alone (0.667)
    assert "LSTM GAN, own tuned options mean F1 +0.133" in text and "LSTM GAN mean F1 +0.000" in text


def test_head_or_options_line_splits_the_own_rows_change_into_options_and_head(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_regression

    def seeds(method, tp, fp):  # seed s adds s true positives: a pairing over 3 seeds
        return [row | {"seed": seed} for seed in range(3) for row in tweets_run(method, tp + seed, fp, 2.0)]

    ours = pd.DataFrame(seeds("lstm-ae", 1, 3))
    head = pd.DataFrame(seeds("lstm-ae+own+regression", 3, 1) + seeds("lstm-ae+own+nohead", 1, 1))
    line = timeseries_regression.head_or_options_line(head, ours)
    assert line.startswith("Head or options? The own-option rows run again without the head")
    # F1 per seed 2 tp / (2 tp + fp): main 0.400, 0.571, 0.667; no head 0.667, 0.800, 0.857; head 0.857, 0.889, 0.909
    assert ("LSTM autoencoder: main options 0.546, own options without the head 0.775, with the head 0.885: the "
            "options +0.229 (higher on 3 of 3 seeds") in line
    assert "the head +0.110 (higher on 3 of 3 seeds" in line and "LSTM GAN" not in line
    assert timeseries_regression.head_or_options_line(head[~head.method.str.endswith("nohead")], ours) == ""
    rows = timeseries_regression.budget_rows(head[~head.method.str.endswith("nohead")], ours,
                                             timeseries_regression.REGRESSION)
    assert all("nohead" not in row.method for row in rows)
