"""NAB diagnostic (issue 6): the LSTM GAN with critic-only epochs after training (`critic_epochs`).

The critic score adds almost nothing to the main table's intervals (benchmarks/timeseries_combine.py); with a short
adversarial phase the critic may lag the final generator. `LSTMGANDetector(critic_epochs=N)` trains the critics
alone for N more epochs, encoder and generator frozen.
Step 1 (this script): on the 24 tuning series, seeds 100 and 101 (the tuning protocol's), the main table's GAN
(settings and tuned options) with critic_epochs 0, 5 and 15, each fit scored as error x critic (the main score), the
critic alone and the error alone: segment counts and point AUC -> benchmarks/results/timeseries_critic_refit.csv.
Step 2 (`benchmarks/specs/timeseries_nab_critic_refit.yaml`, grid runner): 5 and 15 on the 29 reported series, seeds
0-4. `critic_refit_section`, that spec's report hook, writes the BENCHMARKS.md section from both.

    nice -n 5 .venv/bin/python benchmarks/timeseries_critic_refit.py -j 2        # step 1 (about 20 min)
    nice -n 5 .venv/bin/python benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_critic_refit.yaml -j 2
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeseries  # noqa: E402
from timeseries import SUBSETS  # noqa: E402
from timeseries_budget import Arm, budget_rows, main_runs, table, verdict  # noqa: E402
from timeseries_cells import store_runs  # noqa: E402
from timeseries_ensemble_grid import paired_line, target_line  # noqa: E402
from timeseries_ensemble_report import subset_cells  # noqa: E402
from timeseries_report_notes import per_seed_subset_f1  # noqa: E402

RESULTS = timeseries.RESULTS.with_name("timeseries_critic_refit.csv")
COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_critic_refit.py -j 2"
EPOCHS = (0, 5, 15)
SEEDS = (100, 101)
COMBINES = {"mult": "error x critic (main score)", "critic": "critic alone", "rec": "error alone"}
ARMS = {n: Arm(f"+critic{n}", "no critic refit (main)", f"{n} critic-only epochs", "scoring") for n in EPOCHS[1:]}


def score_arm(name: str, seed: int, critic_epochs: int) -> list[dict]:
    """The main table's GAN on tuning series `name` with `critic_epochs`, scored every way of `COMBINES`."""
    from timeseries_combine import score_all

    rows = score_all(name, seed, "tuning", overrides={"critic_epochs": critic_epochs}, combines=tuple(COMBINES))
    return [row | {"critic_epochs": critic_epochs} for row in rows]


def collect(jobs: int) -> pd.DataFrame:
    """Every (tuning series, seed, critic epochs); write RESULTS atomically."""
    from smallgan.io_utils import atomic_write_csv
    from timeseries_tune import tuning_series

    work = [(name, seed, n) for n in EPOCHS for seed in SEEDS for name in tuning_series(4)]
    with ProcessPoolExecutor(jobs) as pool:
        rows = [row for part in pool.map(score_arm, *zip(*work, strict=True)) for row in part]
    frame = pd.DataFrame(rows)
    atomic_write_csv(frame, RESULTS)
    return frame


def tuning_table(frame: pd.DataFrame) -> list[str]:
    """Per critic-epochs setting and score: F1 per subset (mean (std) over the seeds), mean F1 (and per seed),
    point AUC, fit seconds per series."""
    runs = frame.assign(method=frame["critic_epochs"].astype(str) + "/" + frame["combine"],
                        seed=frame["seed"].astype(str))
    per_subset = per_seed_subset_f1(runs)
    heads = [SUBSETS[s] for s in SUBSETS]
    lines = ["| critic-only epochs | score | " + " | ".join(heads) + " | mean F1 | mean F1 per seed | point AUC | "
             "fit s / series |", "|---|---|" + "---|" * (len(heads) + 4)]
    for n in EPOCHS:
        for combine, label in COMBINES.items():
            method = f"{n}/{combine}"
            if method not in set(runs["method"]):
                continue
            cells, _, mean_f1 = subset_cells(per_subset, method)
            per_seed = per_subset.loc[method].groupby(level="seed").mean()
            mine = runs[runs["method"] == method]
            lines.append(f"| {n} | {label} | " + " | ".join(cells) + f" | {mean_f1:.3f} | "
                         + " / ".join(f"{v:.3f}" for v in per_seed) + f" | {mine['point_auc'].mean():.3f} | "
                         f"{mine['fit_s'].mean():.1f} |")
    return lines


def reported_rows(runs: pd.DataFrame, main: pd.DataFrame) -> list:
    """The reported-series table: the main GAN (all its seeds, then each arm's seeds), then each critic refit arm."""
    rows: dict[tuple, tuple[int, object]] = {}
    for order, arm in reversed(list(enumerate(ARMS.values()))):  # the arm with fewest seeds labels the main rows
        mine = runs[runs["method"] == f"lstmgan{arm.suffix}"]
        for row in budget_rows(mine, main, arm) if not mine.empty else []:
            key = (row.changed, row.label if row.changed else tuple(sorted(set(row.runs["seed"]))))
            rows.setdefault(key, (order, row))  # a main row once per set of seeds
    return [row for _, row in sorted(rows.values(), key=lambda item: (item[1].changed, item[0]))]


def critic_refit_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-critic-refit` BENCHMARKS.md section (report hook of the spec)."""
    from smallgan.report.sections import provenance

    text = ["## NAB: the LSTM GAN with critic-only epochs after training (issue 6 diagnostic)", "",
            "The critic score adds almost nothing to the main table's intervals (the combine diagnostic); with a short "
            "adversarial phase (15 of 30 epochs, n_critic 2) the critic may lag the final generator. "
            "`LSTMGANDetector(critic_epochs=N)` trains the critics alone for N more epochs after training, encoder "
            "and generator (their weight average) frozen; everything else is the main table's (settings, tuned "
            "options, interval rule). Overlapping-segment F1, counts pooled over a subset's series per seed.", ""]
    if RESULTS.exists():
        text += [f"Step 1, the 24 tuning series, seeds {', '.join(map(str, SEEDS))} (`{COMMAND}`, "
                 f"`benchmarks/results/{RESULTS.name}`); each fit scored three ways:", "",
                 *tuning_table(pd.read_csv(RESULTS)), ""]
    runs = store_runs(cells, experiments)
    text += ["Step 2, the 29 reported series. " + provenance(cells, experiments), ""]
    if runs.empty:
        return "\n".join(text).rstrip() + "\n"
    main = main_runs()
    rows = reported_rows(runs, main)
    subsets = [s for s in SUBSETS if s in set(runs["subset"])]
    text += [*table(rows, subsets), ""]
    if not main.empty:
        for n, arm in ARMS.items():
            mine = runs[runs["method"] == f"lstmgan{arm.suffix}"]
            if mine.empty:
                continue
            what, label = f"the {n}-epoch critic refit", f"{n} critic-only epochs"
            text += [verdict([r for r in rows if not r.changed or r.runs.equals(mine)], arm), "",
                     f"{label}: " + paired_line(mine, main, what, ""), "",
                     f"{label}: " + target_line(mine, main, what), "", f"{label}: " + seed_differences(mine, main), ""]
    return "\n".join(text + speed_lines()).rstrip() + "\n"


def seed_differences(mine: pd.DataFrame, main: pd.DataFrame) -> str:
    """Mean F1 minus the main GAN's, seed by seed (same run seed)."""
    both = pd.concat([mine, main[main["method"] == "lstmgan"]]).assign(seed=lambda f: f["seed"].astype(int))
    per_seed = per_seed_subset_f1(both).groupby(level=["method", "seed"]).mean()
    arm, base = per_seed.loc[mine["method"].iloc[0]], per_seed.loc["lstmgan"]
    gaps = (arm - base.reindex(arm.index)).dropna()
    return "mean F1 minus the main GAN's, seed by seed: " + ", ".join(f"{seed}: {gap:+.3f}" for seed, gap in
                                                                       gaps.items()) + "."


def speed_lines() -> list[str]:
    """The fit-time check: each setting timed alone in one process, interleaved per tuning series (the cells' seconds
    above carry the other worker's load, and the main table's cells ran beside other work)."""
    from timeseries_speed import REFIT_COMMAND, REFIT_OUT

    if not REFIT_OUT.exists():
        return []
    seconds = pd.read_csv(REFIT_OUT).groupby("setting", sort=False)["fit_s"].mean()
    ae = seconds["lstm-ae"]
    names = {"lstmgan (chosen)": "the main LSTM GAN"} | {f"lstmgan (chosen) critic{n}": f"with {n} critic-only epochs"
                                                         for n in EPOCHS[1:]}
    parts = [f"{names.get(setting, setting)} {value:.2f} s ({value / ae:.2f}x"
             f"{', over the 5x target' if value > 5 * ae else ''})" for setting, value in seconds.items()
             if setting != "lstm-ae"]
    return [f"Fit time, each setting timed alone in one process, interleaved per series on the 24 tuning series "
            f"(`{REFIT_COMMAND}`, `benchmarks/results/{REFIT_OUT.name}`): LSTM autoencoder {ae:.2f} s per series; "
            + "; ".join(parts) + ". This, not the cells' seconds above (run two at a time, the main table's beside "
            "other work), is the fit-time check.", ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    frame = collect(args.jobs)
    print("\n".join(tuning_table(frame)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
