"""Report hook of the NAB run `timeseries-nab-ensemble` (issue 6): the LSTM GAN as a 3-member seed ensemble of
10-epoch GANs (`detect_series(n_members=3)`), beside the main table's single 30-epoch LSTM GAN, its LSTM
autoencoder and TadGAN's published F1, on the same 29 reported series and tuned options."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import SUBSETS  # noqa: E402
from timeseries_budget import (  # noqa: E402
    Arm,
    BudgetRow,
    budget_rows,
    main_runs,
    subsets_above_tadgan,
    table,
    verdict,
)
from timeseries_cells import store_runs  # noqa: E402
from timeseries_report import summarise  # noqa: E402
from timeseries_report_notes import p_text  # noqa: E402

ENSEMBLE = Arm("+ens3", "one GAN of 30 epochs", "3 GANs of 10 epochs averaged", "ensemble")
FULL = "lstmgan+ens3-e30"  # 3 members of 30 epochs each


def seeds_text(runs: pd.DataFrame) -> str:
    """"seeds 0, 1, 2" for the runs' seeds."""
    seeds = sorted(runs["seed"].astype(int).unique())
    return f"seed{'s' if len(seeds) > 1 else ''} {', '.join(map(str, seeds))}"


def single_fit_text() -> str:
    """The diagnostic's timing of one 30-epoch GAN (same series, same machine as these cells), if its CSV is here."""
    path = Path(__file__).resolve().parent / "results" / "timeseries_ensemble.csv"
    if not path.exists():
        return ""
    frame = pd.read_csv(path)
    single = frame.loc[frame["arm"] == "single-30", "fit_s"]
    return ("" if single.empty else f" (the main table's cells ran beside other work: the seed-ensemble diagnostic "
            f"timed one 30-epoch GAN at {single.mean():.1f} s per series)")


def paired_line(ensemble: pd.DataFrame, main: pd.DataFrame, what: str = "the ensemble",
                seeding: str = "; the ensemble's members draw their own seeds from it") -> str:
    """Seed by seed: the mean F1 of `what` against the main table's single GAN with the same run seed."""
    from scipy import stats

    def per_seed(runs: pd.DataFrame) -> pd.Series:
        return pd.Series({seed: summarise(group)["f1"].mean() for seed, group in runs.groupby("seed")})

    mine, single = per_seed(ensemble), per_seed(main[main["method"] == "lstmgan"])
    both = pd.DataFrame({"ens": mine, "one": single}).dropna()
    if len(both) < 3:
        return ""
    p = stats.wilcoxon(both["ens"], both["one"]).pvalue if (both["ens"] != both["one"]).any() else 1.0
    return (f"run by run (same run seed{seeding}): {what}'s mean F1 "
            f"is above the single GAN's on {int((both['ens'] > both['one']).sum())} of {len(both)} runs, mean "
            f"{both['ens'].mean():.3f} against {both['one'].mean():.3f} (paired Wilcoxon {p_text(p)}).")


def target_line(ensemble: pd.DataFrame, main: pd.DataFrame, what: str = "the ensemble") -> str:
    """The issue's targets for `what`: 3 of 5 subsets above TadGAN, mean F1 above the main table's LSTM
    autoencoder and z-score, fit time at most 5x the autoencoder's."""
    summary = summarise(ensemble)
    above, f1 = subsets_above_tadgan(summary), summary["f1"].mean()
    ae, zscore = (main[main["method"] == name] for name in ("lstm-ae", "zscore"))
    ae_f1, z_f1 = summarise(ae)["f1"].mean(), summarise(zscore)["f1"].mean()
    ratio = ensemble["fit_s"].mean() / ae["fit_s"].mean()
    met = above >= 3 and f1 > ae_f1 and f1 > z_f1 and ratio <= 5
    return (f"issue targets for {what} against the main table: {above} of 5 subsets above TadGAN, mean F1 "
            f"{f1:.3f} against the LSTM autoencoder's {ae_f1:.3f} and the z-score's {z_f1:.3f}, fit time "
            f"{ratio:.1f}x the autoencoder's ({ensemble['fit_s'].mean():.1f} s against {ae['fit_s'].mean():.1f} s "
            f"per series, cells run two at a time) -> {'targets met' if met else 'targets not met'} "
            f"({ensemble['seed'].nunique()} runs).")


def ensemble_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-ensemble-grid` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    every = store_runs(cells, experiments)
    if every.empty:
        return provenance(cells, experiments)
    main = main_runs()
    runs, full = every[every["method"] == "lstmgan+ens3"], every[every["method"] == FULL]
    rows = budget_rows(runs, main, ENSEMBLE) if not runs.empty else []
    if not full.empty:
        rows.append(BudgetRow(f"LSTM GAN, 3 GANs of 30 epochs averaged ({seeds_text(full)})", "LSTM GAN", True,
                              True, summarise(full), full, "lstmgan"))
    subsets = [s for s in SUBSETS if s in set(runs["subset"])]
    text = ["## NAB: the LSTM GAN as a seed ensemble (issue 6)", "", provenance(cells, experiments), "",
            "`detect_series(..., n_members=3)` (CLI `detect-series --members 3`) fits 3 LSTM GANs of 10 epochs each "
            "with seeds drawn from the run's seed, divides each one's scores by their std and averages them; the "
            "three fits cost about one 30-epoch GAN of the main table. The arm was picked by the seed-ensemble "
            "diagnostic above (the previous section) on seeds 0-8; these runs draw fresh member seeds. Main "
            "table's series, settings and tuned options otherwise. Fit seconds: cells run two at a time"
            + single_fit_text() + ". Overlapping-segment F1, counts pooled over a subset's series per run:", "",
            *table(rows, subsets), ""]
    if not main.empty:
        text += [verdict([r for r in rows if r.runs is not full], ENSEMBLE) if not runs.empty else ""]
        for label, arm in (("3 GANs of 10 epochs", runs), ("3 GANs of 30 epochs", full)):
            if not arm.empty:
                text += ["", f"{label}: " + paired_line(arm, main), "", f"{label}: " + target_line(arm, main)]
    return "\n".join(text).rstrip() + "\n"
