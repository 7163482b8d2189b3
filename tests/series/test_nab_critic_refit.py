"""The NAB critic-refit diagnostic: its timed settings and its tuning-series table."""

from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_timed_refit_settings_are_the_chosen_gan_plus_critic_epochs(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_speed as speed

    method, chosen = speed.setting_params("lstmgan (chosen)")
    for n in (5, 15):
        other_method, refit = speed.setting_params(f"lstmgan (chosen) critic{n}")
        assert (other_method, refit) == (method, chosen | {"critic_epochs": n})
    assert all(s in speed.SETTINGS for s in speed.REFIT)


def test_tuning_table_pools_counts_per_subset_and_seed(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_critic_refit as refit

    rows = []
    for n in refit.EPOCHS:
        for seed in refit.SEEDS:
            for subset in refit.SUBSETS:
                for combine in refit.COMBINES:
                    fp = 0 if (n == 5 and combine == "mult") else 2  # 5 epochs, main score: F1 1.0; else 0.5
                    rows.append({"critic_epochs": n, "seed": seed, "subset": subset, "series": f"{subset}/a",
                                 "combine": combine, "tp": 1, "fp": fp, "fn": 0, "point_auc": 0.7, "fit_s": 2.0})
    lines = refit.tuning_table(pd.DataFrame(rows))
    body = {tuple(cell.strip() for cell in line.strip("|").split("|")[:2]): line for line in lines[2:]}
    assert len(body) == len(refit.EPOCHS) * len(refit.COMBINES)
    assert "| 1.000 | 1.000 / 1.000 | 0.700 | 2.0 |" in body[("5", "error x critic (main score)")]
    assert "| 0.500 | 0.500 / 0.500 |" in body[("0", "error x critic (main score)")]
    with pytest.raises(KeyError):
        refit.tuning_table(pd.DataFrame(rows).drop(columns="point_auc"))
