"""The NAB tuning protocol of benchmarks/timeseries_tune.py: which options `write_best` chooses."""

import pandas as pd


def _tuning_module(monkeypatch, tmp_path):
    """benchmarks/timeseries_tune.py, writing its chosen options under `tmp_path`."""
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import timeseries_tune

    monkeypatch.setattr(timeseries_tune, "TUNED", tmp_path / "tuned.json")
    monkeypatch.setattr(timeseries_tune, "TUNED_SUBSETS", tmp_path / "subsets.json")
    monkeypatch.setattr(timeseries_tune, "CLI_OPTIONS", tmp_path / "cli_options.json")
    return timeseries_tune


def test_nab_tuning_never_chooses_options_that_flag_most_of_the_series(monkeypatch, tmp_path):
    """The overlapping-segment F1 rewards long intervals: rows over FLAGGED_CAP are not chosen (unrecorded rows are)."""
    timeseries_tune = _tuning_module(monkeypatch, tmp_path)
    subsets = list(timeseries_tune.SUBSETS)
    cap = timeseries_tune.FLAGGED_CAP
    rows = [{"method": method, "k": k, "padding_raw": "orion", "min_percent": 0.1, "mean_f1": mean,
             "mean_f1_seed100": mean, "flagged": flagged, **dict.fromkeys(subsets, mean)}
            for method, k, mean, flagged in [("zscore", 0.0, 0.9, 0.9), ("zscore", 5.0, 0.5, cap),
                                             ("iforest", 1.0, 0.7, None), ("iforest", 3.0, 0.4, 0.01)]]
    best = timeseries_tune.write_best(pd.DataFrame(rows), ["k", "padding_raw", "min_percent"])
    assert best["zscore"]["k"] == 5.0  # 0.9 F1 but 90% of the points flagged: not chosen
    assert best["iforest"]["k"] == 1.0  # no recorded share: kept


def test_nab_tuning_keeps_the_base_method_unless_a_candidate_beats_it_by_more_than_refit_noise(monkeypatch, tmp_path):
    """A training candidate within REFIT_NOISE of its base method's best mean F1 is not chosen; one above it is."""
    timeseries_tune = _tuning_module(monkeypatch, tmp_path)
    subsets = list(timeseries_tune.SUBSETS)
    noise = timeseries_tune.REFIT_NOISE
    rows = [{"method": method, "k": k, "padding_raw": "orion", "min_percent": 0.1, "mean_f1": mean,
             "mean_f1_seed100": mean, **dict.fromkeys(subsets, mean)}
            for method, k, mean in [("zscore", 4.0, 0.5), ("zscore-res", 3.0, 0.5 + noise / 2),
                                    ("iforest", 4.0, 0.4), ("iforest-res", 1.0, 0.4 + 2 * noise)]]
    best = timeseries_tune.write_best(pd.DataFrame(rows), ["k", "padding_raw", "min_percent"])
    assert best["zscore"]["k"] == 4.0 and "resolution" not in best["zscore"]  # 0.515 vs 0.5: within the noise
    assert best["iforest"]["k"] == 1.0 and best["iforest"]["resolution"] == 2100  # 0.46 vs 0.4: chosen


def test_nab_tuning_uses_the_global_gate_only_where_it_helps_by_more_than_refit_noise(monkeypatch, tmp_path):
    """Gated rows (global_k set) of a method are dropped when their best mean F1 is within REFIT_NOISE of the
    ungated best; a method that the gate lifts clearly keeps them, per subset too."""
    timeseries_tune = _tuning_module(monkeypatch, tmp_path)
    subsets = list(timeseries_tune.SUBSETS)
    noise = timeseries_tune.REFIT_NOISE
    rows = [{"method": method, "k": k, "padding_raw": "orion", "min_percent": 0.1, "global_k": gate, "mean_f1": mean,
             "mean_f1_seed100": mean, **dict.fromkeys(subsets, mean)}
            for method, k, gate, mean in [("zscore", 4.0, None, 0.5), ("zscore", 3.0, 2.0, 0.5 + noise / 2),
                                          ("iforest", 4.0, None, 0.4), ("iforest", 1.0, 2.0, 0.4 + 2 * noise)]]
    best = timeseries_tune.write_best(pd.DataFrame(rows), ["k", "padding_raw", "min_percent", "global_k"])
    assert best["zscore"] == {"k": 4.0, "padding_raw": "orion", "min_percent": 0.1}  # no gate: within the noise
    assert best["iforest"]["global_k"] == 2.0 and best["iforest"]["k"] == 1.0
    import json

    per_subset = json.loads((tmp_path / "subsets.json").read_text())
    assert all("global_k" not in options for options in per_subset["zscore"].values())


def test_nab_tuning_chooses_options_per_subset(monkeypatch, tmp_path):
    """Per subset: the highest F1 on that subset's tuning series, ties broken by the mean F1; overall: the mean F1."""
    import json
    timeseries_tune = _tuning_module(monkeypatch, tmp_path)
    subsets = list(timeseries_tune.SUBSETS)
    rows = [{"method": "zscore", "k": k, "padding_raw": "orion", "min_percent": 0.1, "mean_f1": mean,
             "mean_f1_seed100": mean, **dict.fromkeys(subsets, 0.5), **per_subset}
            for k, mean, per_subset in [(4.0, 0.6, {}), (3.0, 0.55, {subsets[1]: 0.9}), (5.0, 0.5, {}),
                                        (4.0, 0.9, {"padding_raw": 50})]]  # padding 50: never chosen
    table = pd.DataFrame(rows[::-1])  # worst first: the order of the rows must not decide
    best = timeseries_tune.write_best(table, ["k", "padding_raw", "min_percent"])
    assert best["zscore"]["k"] == 4.0 and best["zscore"]["padding_raw"] == "orion"
    chosen = json.loads((tmp_path / "subsets.json").read_text())["zscore"]
    assert chosen[subsets[1]]["k"] == 3.0  # its best F1 on that subset
    assert chosen[subsets[0]]["k"] == 4.0  # tied at 0.5 on the subset: the best mean F1 wins
