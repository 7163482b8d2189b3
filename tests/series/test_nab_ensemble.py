"""The NAB seed-ensemble diagnostic: member scores are averaged without changing a single run's intervals, and the
report pairs each ensemble with its own members."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _template(n: int = 600, **options):
    from smallgan.detect.series_pipeline import SeriesDetection

    stamps = pd.Series(np.arange(n))
    result = SeriesDetection(pd.DataFrame(), np.zeros(n), None, stamps, stamps, np.zeros((n, 1)), stamps=stamps)
    data = type("Data", (), {"meta": {"subset": "realTweets", "windows": [(290, 310)]}})()
    return result, {"k": 4.0, "min_percent": 0.1, "padding": 5, **options}, data


def _member(rng: np.random.Generator, false_at: int, n: int = 600) -> np.ndarray:
    scores = 1.0 + 0.05 * rng.random(n)
    scores[300], scores[false_at] = 6.0, 6.0
    return scores


def test_a_single_member_keeps_its_intervals_under_any_scale(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_ensemble as ensemble

    scores = _member(np.random.default_rng(0), 100)
    one = ensemble.counts("nab/realTweets/x", [scores], _template())
    assert (one["tp"], one["fp"], one["fn"]) == (1, 1, 0)  # the planted window and the false peak
    assert ensemble.counts("nab/realTweets/x", [7.0 * scores], _template()) == one


def test_averaging_members_keeps_the_shared_peak_and_damps_the_others(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_ensemble as ensemble

    rng = np.random.default_rng(1)
    members = [_member(rng, at) for at in (100, 450, 520)]
    gated = _template(global_k=8.0)  # the series-wide gate: mean + 8 std
    alone = [ensemble.counts("nab/realTweets/x", [m], gated) for m in members]
    both = ensemble.counts("nab/realTweets/x", members, gated)
    assert all((a["tp"], a["fp"]) == (1, 1) for a in alone)  # each member's false peak passes the gate
    assert (both["tp"], both["fp"], both["fn"]) == (1, 0, 0)  # averaged, only the shared peak does


def test_report_pairs_each_ensemble_with_its_members(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_ensemble_report as report

    def rows(arm, run, tp, fp):
        return [{"subset": s, "series": f"{s}/a", "arm": arm, "run": run, "tp": tp, "fp": fp, "fn": 0, "fit_s": 1.0}
                for s in report.SUBSETS]

    frame = pd.DataFrame(rows("single-30", "0", 1, 1) + rows("single-30", "1", 1, 0) + rows("single-30", "2", 1, 3)
                         + rows("ens3-30", "0+1+2", 1, 0))  # F1 0.667, 1.0, 0.4; the ensemble 1.0
    line = report.pairing_lines(frame)[0]
    assert "{0,1,2} 1.000 vs 0.689 (best member 1.000)" in line
    assert "above its member on 2 of 3" in report.significance_line(frame)
    table = "\n".join(report.table(report.as_runs(frame)))
    assert "| 3 seeds averaged, 30 epochs each | 1 | 1.000 |" in table and "5 of 5" in table


def test_grid_section_lines_pair_runs_by_seed_and_check_the_targets(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_ensemble_grid as grid

    def runs(method, seeds, tp, fp, fit):
        return pd.DataFrame([{"subset": s, "series": f"{s}/a", "method": method, "seed": seed, "tp": tp, "fp": fp,
                              "fn": 0, "fit_s": fit} for s in grid.SUBSETS for seed in seeds])

    main = pd.concat([runs("lstmgan", range(4), 1, 1, 10.0), runs("lstm-ae", range(4), 1, 3, 2.0),
                      runs("zscore", [0], 1, 2, 0.1)])  # F1 0.667, 0.4, 0.5
    ensemble = runs("lstmgan+ens3", range(3), 1, 0, 6.0)  # F1 1.0 on every subset, seeds 0-2
    paired = grid.paired_line(ensemble, main)
    assert "above the single GAN's on 3 of 3 runs, mean 1.000 against 0.667" in paired
    target = grid.target_line(ensemble, main)
    assert "5 of 5 subsets above TadGAN" in target and "fit time 3.0x" in target and "-> targets met" in target
    slow = grid.target_line(ensemble.assign(fit_s=12.0), main)
    assert "fit time 6.0x" in slow and "targets not met" in slow
