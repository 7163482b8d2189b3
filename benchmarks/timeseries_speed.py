"""Fit + scoring seconds per series of LSTM GAN training settings against the LSTM autoencoder (issue 6 budget).

One process, one thread, settings interleaved per series (machine load hits all alike), on tuning series only
(`timeseries_tune.tuning_series`, one per subset) with a tuning seed; detector options as in the NAB benchmark
(script settings + tuned scoring options of the method). Writes benchmarks/results/timeseries_speed.csv.
`--chosen` times the LSTM autoencoder and the chosen LSTM GAN (all its tuned options) on the 24 tuning series
into timeseries_speed_chosen.csv: the fit-time verdict of the NAB section (the grid's cells run two at a time,
so their seconds carry the other worker's load). `--critic-refit` adds the chosen GAN with 5 and 15 critic-only
epochs (timeseries_speed_critic_refit.csv).

    nice -n 5 .venv/bin/python benchmarks/timeseries_speed.py
    nice -n 5 .venv/bin/python benchmarks/timeseries_speed.py --chosen
    nice -n 5 .venv/bin/python benchmarks/timeseries_speed.py --critic-refit
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from timeseries import PROTOCOL_OPTIONS, tuned_options  # noqa: E402
from timeseries_tune import BENCH, tuning_series  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "timeseries_speed.csv"
# the fit-time verdict of the NAB section: the chosen settings timed alone (one process), per tuning series
CHOSEN_OUT = OUT.with_name("timeseries_speed_chosen.csv")
CHOSEN_COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_speed.py --chosen"
# setting -> (method, parameters over BENCH and the method's tuned scoring options)
SETTINGS = {"lstm-ae": ("lstm-ae", {}),
            "lstmgan e30 b32 gp1": ("lstmgan", {"epochs": 30}),
            "lstmgan e30 b32 gp2": ("lstmgan", {"epochs": 30, "gp_every": 2}),
            "lstmgan e30 b32 gp4": ("lstmgan", {"epochs": 30, "gp_every": 4}),
            "lstmgan e45 b64 gp1": ("lstmgan", {"epochs": 45, "batch_size": 64}),
            "lstmgan e45 b64 gp2": ("lstmgan", {"epochs": 45, "batch_size": 64, "gp_every": 2}),
            "lstmgan e45 b64 gp4": ("lstmgan", {"epochs": 45, "batch_size": 64, "gp_every": 4}),
            "lstmgan (chosen)": ("lstmgan", None),  # None: the tuned options, training ones included
            # the chosen GAN with critic-only epochs after training (benchmarks/timeseries_critic_refit.py)
            "lstmgan (chosen) critic5": ("lstmgan", {"epochs": 30, "critic_epochs": 5}),
            "lstmgan (chosen) critic15": ("lstmgan", {"epochs": 30, "critic_epochs": 15})}
CHOSEN = ("lstm-ae", "lstmgan (chosen)")
REFIT = (*CHOSEN, "lstmgan (chosen) critic5", "lstmgan (chosen) critic15")
REFIT_OUT = OUT.with_name("timeseries_speed_critic_refit.csv")
REFIT_COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_speed.py --critic-refit"
TRAINING = ("epochs", "batch_size", "gp_every", "n_critic", "train_step")


def setting_params(setting: str) -> tuple[str, dict]:
    """(method, detector parameters) of a timed setting: the benchmark's, its tuned scoring options, its own."""
    method, extra = SETTINGS[setting]
    tuned = {k: v for k, v in tuned_options().get(method, {}).items() if k not in PROTOCOL_OPTIONS}
    options = tuned if extra is None else {k: v for k, v in tuned.items() if k not in TRAINING}
    return method, {k: v for k, v in BENCH.items() if k != "max_points"} | options | (extra or {})


def time_one(name: str, setting: str, seed: int) -> dict:
    from smallgan.data import load_dataset
    from smallgan.detect.series_pipeline import detect_series

    method, params = setting_params(setting)
    data = load_dataset(name)
    result = detect_series(data.X["timestamp"], data.X["value"].to_numpy(), method, random_state=seed, device="cpu",
                           max_points=BENCH["max_points"], **params)
    return {"series": name, "setting": setting, "seed": seed, "fit_s": result.timings["fit"]}


def main(argv: list[str] | None = None) -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-subset", type=int, default=1)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--settings", default=",".join(s for s in SETTINGS if s not in REFIT[1:]))
    parser.add_argument("--chosen", action="store_true",
                        help=f"time the LSTM-AE and the chosen LSTM GAN on all 24 tuning series -> {CHOSEN_OUT.name}")
    parser.add_argument("--critic-refit", action="store_true",
                        help=f"time those two and the GAN with 5 or 15 critic-only epochs -> {REFIT_OUT.name}")
    args = parser.parse_args(argv)
    if args.chosen or args.critic_refit:
        args.settings, args.per_subset = ",".join(REFIT if args.critic_refit else CHOSEN), 4
    torch.set_num_threads(1)
    names = tuning_series(4)[::4 // args.per_subset] if args.per_subset < 4 else tuning_series(4)
    time_one(names[0], "lstm-ae", args.seed)  # warm-up (imports, first-call allocations), not recorded
    rows = []
    for name in names:
        for setting in args.settings.split(","):
            rows.append(time_one(name, setting, args.seed))
            print(rows[-1], flush=True)
    runs = pd.DataFrame(rows)
    out = REFIT_OUT if args.critic_refit else CHOSEN_OUT if args.chosen else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    runs.to_csv(out, index=False)
    table = runs.groupby("setting", sort=False)["fit_s"].mean().to_frame("fit_s")
    table["x_lstm_ae"] = table["fit_s"] / table.loc["lstm-ae", "fit_s"]
    print(table.round(2).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
