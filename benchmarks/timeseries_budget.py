"""Report hook of the NAB diagnostic `timeseries-nab-orion-budget` (issue 6): the LSTM GAN trained with Orion's
TadGAN budget, beside the same method at our budget (the `timeseries-nab` cells, read from their committed CSV rows)
and TadGAN's published F1, on the same 29 reported series and the same scoring options."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import PER_SUBSET, REFERENCE, SUBSETS  # noqa: E402
from timeseries_cells import store_runs  # noqa: E402
from timeseries_report import mean_std_text, summarise  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
MAIN_EXPERIMENT = "timeseries-nab"
BUDGET_SUFFIX = "+orion-budget"  # a budget-run method: the main table's method label plus this
TADGAN = REFERENCE["TadGAN (Orion)"]
NAMES = {"lstmgan": "LSTM GAN", "algan": "ALGAN variant", "lstm-ae": "LSTM autoencoder"}
GAN_FAMILY = ("lstmgan", "algan")  # LSTMGANDetector's two variants: the ones the targets are checked for
OWN = "+own"  # a method run with its tuning candidate's own options (cell param `candidate`), not the main table's
OWN_NAME = ", own tuned options"


def main_runs(experiment: str = MAIN_EXPERIMENT, results: Path = RESULTS) -> pd.DataFrame:
    """The committed runs of `experiment` (its grid_<name>_cells CSV parts), as `store_runs` rows; empty if absent."""
    from smallgan.grid import ResultStore
    from smallgan.io_utils import csv_parts

    cells_csv, experiments_csv = (results / f"grid_{experiment}_{k}.csv" for k in ("cells", "experiments"))
    if not csv_parts(cells_csv) or not experiments_csv.exists():
        return pd.DataFrame()
    with tempfile.TemporaryDirectory() as scratch:
        store = ResultStore(Path(scratch) / "main.sqlite")
        store.import_csv(cells_csv, experiments_csv)
        return store_runs(store.cells(experiment), store.experiments())


class Arm(NamedTuple):
    """A diagnostic against the main table: its methods' `suffix`, how the main setting (`base`) and the changed one
    (`changed`) are named, what the autoencoder of the target check shares with the GAN (`same`) and how the target
    check names the changed setting (`where`; default "at <changed>")."""

    suffix: str
    base: str
    changed: str
    same: str
    where: str = ""


ORION = Arm(BUDGET_SUFFIX, "our budget", "Orion's budget", "budget")


class BudgetRow(NamedTuple):
    """One row of the comparison: `name` (method and options in words), whether it is the diagnostic's `changed`
    setting (else the main table's), whether it is restricted to the diagnostic's seeds, the pooled F1 summary per
    subset, the runs behind it and the main-table `method` label it stands for (rows are matched by this label)."""

    label: str
    name: str
    changed: bool
    same_seeds: bool
    summary: pd.DataFrame
    runs: pd.DataFrame
    method: str


def _seeds_label(seeds: list[int]) -> str:
    return f"seed{'s' if len(seeds) > 1 else ''} {', '.join(map(str, seeds))}"


def family(method: str) -> str:
    """The estimator of a method label: "algan+subset+hidden100" -> "algan"."""
    return method.split("+")[0]


def run_name(method: str) -> str:
    """A main-table method label in words: "lstmgan+subset" -> "LSTM GAN, per-subset options"."""
    return (NAMES[family(method)] + (", per-subset options" if PER_SUBSET in method else "")
            + (OWN_NAME if OWN in method else ""))


def budget_rows(budget: pd.DataFrame, ours: pd.DataFrame, arm: Arm = ORION) -> list[BudgetRow]:
    """The comparison table's rows, per method of the diagnostic run (LSTM GAN first, the main options before the
    per-subset ones): the same main-table method on all its seeds and on the diagnostic's seeds (one row when those
    are all its seeds), then the diagnostic's changed setting (`arm`)."""
    rows = []
    for method in sorted(set(budget["method"]), key=lambda m: (family(m) != "lstmgan", PER_SUBSET in m, m)):
        main = method.removesuffix(arm.suffix)
        name, runs = run_name(main), budget[budget["method"] == method]
        seeds = sorted(set(runs["seed"]))
        mine = ours[ours["method"] == main] if not ours.empty else ours
        if not mine.empty:
            same = mine[mine["seed"].isin(seeds)]
            n_seeds = mine["seed"].nunique()
            if set(same["seed"]) != set(mine["seed"]):  # else one row: all its seeds are the diagnostic's
                rows.append(BudgetRow(f"{name}, {arm.base} ({n_seeds} seed{'s' if n_seeds > 1 else ''})", name,
                                      False, False, summarise(mine), mine, main))
            rows.append(BudgetRow(f"{name}, {arm.base} ({_seeds_label(seeds)})", name, False, True, summarise(same),
                                  same, main))
        rows.append(BudgetRow(f"{name}, {arm.changed} ({_seeds_label(seeds)})", name, True, True,
                              summarise(runs), runs, main))
    return rows


def subsets_above_tadgan(summary: pd.DataFrame) -> int:
    """How many subsets of a pooled F1 summary score above TadGAN's published F1."""
    f1 = summary.set_index("subset")["f1"]
    return sum(f1[s] > TADGAN[h] for s, h in SUBSETS.items() if h in TADGAN and s in f1.index)


def table(rows: list[BudgetRow], subsets: list[str]) -> list[str]:
    """Markdown: F1 mean (std) per subset, mean F1, subsets above TadGAN, precision / recall pooled, fit s / series."""
    heads = [SUBSETS[s] for s in subsets]
    lines = ["| run | " + " | ".join(heads) + " | mean F1 | above TadGAN | precision / recall | point AUC |"
             " fit s / series |", "|---|" + "---|" * (len(subsets) + 5)]
    for label, _, _, _, summary, runs, _ in rows:
        by_subset = summary.set_index("subset").reindex(subsets)
        cells = [mean_std_text(r.f1, r.f1_std) for r in by_subset.itertuples()]
        above = subsets_above_tadgan(summary[summary["subset"].isin(subsets)])
        pr = f"{by_subset['precision'].mean():.2f} / {by_subset['recall'].mean():.2f}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {by_subset['f1'].mean():.3f} | {above} of "
                     f"{len(TADGAN)} | {pr} | {runs['point_auc'].mean():.3f} | {runs['fit_s'].mean():.1f} |")
    lines.append("| TadGAN (Orion), published | " + " | ".join(f"{TADGAN[h]:.3f}" if h in TADGAN else "-"
                                                               for h in heads) + " | - | - | - | - | 287-1708 |")
    return lines


def _has_marker(runs: pd.DataFrame, marker: str) -> bool:
    return bool(runs["method"].str.contains(marker, regex=False).any())


def has_per_subset(runs: pd.DataFrame) -> bool:
    """Whether any method of the runs uses the options tuned per subset."""
    return _has_marker(runs, PER_SUBSET)


def has_own(runs: pd.DataFrame) -> bool:
    """Whether any method of the runs uses its tuning candidate's own options."""
    return _has_marker(runs, OWN)


def has_family(runs: pd.DataFrame, estimator: str) -> bool:
    """Whether any method of the runs is of `estimator` (e.g. "algan")."""
    return bool(runs["method"].map(family).eq(estimator).any())


def settings_text(budget: pd.DataFrame, overrides: dict) -> str:
    """What the budget run changed, read from its rows and the cells' detector overrides."""
    gan = budget[budget["method"].str.startswith("lstmgan")]
    first = (gan if not gan.empty else budget).iloc[0]
    points = budget.groupby("series")["n_points"].first()
    lr = overrides.get("lr", "as tuned")
    scoring = "; ".join(f"{NAMES[family(m)]}: "
                        f"{ {k: v for k, v in json.loads(rows['options'].iloc[0]).items() if k not in overrides} }"
                        for m, rows in budget.groupby("method") if PER_SUBSET not in m)
    return (f"Training: every window (train_step {int(first['train_step'])}), {int(first['epochs'])} epochs, batch "
            f"{int(first['batch_size'])}, n_critic {int(first['n_critic'])}, lr {lr}, series averaged only to "
            f"Orion's resolution (10 min or the native step, no point cap: {int(points.min())}-{int(points.max())} "
            f"points per series, against at most 1000 at our budget); our networks (hidden 32, latent 20) and "
            f"warm-up (the LSTM autoencoder: the same training without a critic); each method's tuned scoring and "
            f"interval options of the main table ({scoring}; the LSTM GAN's k, pruning, DTW error and multiplied "
            f"critic score are Orion's defaults too)"
            + ("; the per-subset rows: each subset's options of the main table's +subset rows "
               "(benchmarks/results/timeseries_tuned_subsets.json)" if has_per_subset(budget) else "")
            + ". Fit seconds: cells run two at a time on the two cores in every row.")


def verdict(rows: list[BudgetRow], arm: Arm = ORION) -> str:
    """Per method: how the changed setting moved the mean F1 against the main one on the same seeds, and the fit
    time ratio (a row with its candidate's own options against the main row with the main options)."""
    every = {row.method: row for row in rows if not row.changed and not row.same_seeds}
    ours = {row.method: row for row in rows if not row.changed and row.same_seeds}
    parts = []
    for row in rows:
        key = row.method if row.method in ours else row.method.replace(OWN, "")
        base = ours.get(key)
        if row.changed and base is not None:
            base_runs = base.runs
            if key in every:  # the main row on exactly this row's seeds (an own-options row may have other seeds)
                matched = every[key].runs[every[key].runs["seed"].isin(set(row.runs["seed"]))]
                base_runs = matched if not matched.empty else base_runs
            ratio = row.runs["fit_s"].mean() / base_runs["fit_s"].mean()
            gain = row.summary["f1"].mean() - summarise(base_runs)["f1"].mean()
            times = f"{ratio:.1f}" if ratio < 2 else f"{ratio:.0f}"
            parts.append(f"{row.name} mean F1 {gain:+.3f} at {times}x the fit time")
    return (f"{arm.changed[0].upper()}{arm.changed[1:]} against {arm.base} on the same seeds: " + "; ".join(parts)
            + ".") if parts else ""


def seeds_run(seeds: int, wanted: int) -> str:
    """How many seeds a target check rests on, beside the issue's number."""
    return (f"{seeds} of the issue's {wanted} seeds run" if seeds <= wanted
            else f"{seeds} seeds run, the issue asks {wanted}")


def target_check(rows: list[BudgetRow], n_seeds: int = 3, arm: Arm = ORION) -> str:
    """The issue's targets for each LSTM GAN (or ALGAN variant) row of the changed setting, against the LSTM
    autoencoder with the same setting and options: subsets above TadGAN (3 of 5 needed), mean F1 above the
    autoencoder's, fit time at most 5x its."""
    changed = {row.method: row for row in rows if row.changed}
    parts = []
    for method, row in changed.items():
        estimator = family(method)
        ae = changed.get("lstm-ae" + method.removeprefix(estimator)) if estimator in GAN_FAMILY else None
        if ae is None:
            continue
        above = subsets_above_tadgan(row.summary)
        gan_f1, ae_f1 = row.summary["f1"].mean(), ae.summary["f1"].mean()
        ratio = row.runs["fit_s"].mean() / ae.runs["fit_s"].mean()
        met = above >= 3 and gan_f1 > ae_f1 and ratio <= 5
        parts.append(f"{row.name}: {above} of {len(TADGAN)} subsets above TadGAN, mean F1 {gan_f1:.3f} against the "
                     f"autoencoder's {ae_f1:.3f}, fit time {ratio:.1f}x the autoencoder's -> "
                     f"{'targets met' if met else 'targets not met'} "
                     f"({seeds_run(row.runs['seed'].nunique(), n_seeds)})")
    variant = " and its ALGAN variant" if any(family(method) == "algan" for method in changed) else ""
    where = arm.where or f"at {arm.changed}"
    return (f"Issue targets {where} (LSTM GAN{variant} against the LSTM autoencoder with the same {arm.same} "
            "and options, the autoencoder on its seeds): " + "; ".join(parts) + ".") if parts else ""


def section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-orion-budget` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    budget = store_runs(cells, experiments)
    if budget.empty:
        return provenance(cells, experiments)
    rows = budget_rows(budget, main_runs())
    subsets = [s for s in SUBSETS if s in set(budget["subset"])]
    text = ["## NAB: the LSTM GAN with Orion's training budget (issue 6 diagnostic)", "",
            provenance(cells, experiments), "",
            "Does the gap to TadGAN's published F1 come from training far less than Orion does? " +
            settings_text(budget, (cells["params"].iloc[0] or {}).get("overrides", {})) +
            " Its fit time is far over 5x the main table's LSTM autoencoder's; against the autoencoder with the same "
            "budget, the ratio is in the target check below. Overlapping-segment F1, counts pooled over a subset's "
            "series per seed:", "", *table(rows, subsets), "", verdict(rows), "", target_check(rows)]
    return "\n".join(text).rstrip() + "\n"
