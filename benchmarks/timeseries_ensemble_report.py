"""BENCHMARKS.md section of the NAB seed-ensemble diagnostic (benchmarks/timeseries_ensemble.py): F1 per subset of
single LSTM GANs and of 3-seed ensembles, beside the main table's LSTM GAN and TadGAN's published F1."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import REFERENCE, SUBSETS  # noqa: E402
from timeseries_report import mean_std_text  # noqa: E402
from timeseries_report_notes import p_text, per_seed_subset_f1, reference_margins_text  # noqa: E402

SECTION = "timeseries-ensemble"
TADGAN = REFERENCE["TadGAN (Orion)"]
MAIN = "main table (10 seeds)"
OTHER = Path(__file__).resolve().parent / "results" / "timeseries_ensemble_other_machine.csv"
ARMS = {"single-30": "one LSTM GAN, 30 epochs (the main setting)", "ens3-30": "3 seeds averaged, 30 epochs each",
        "single-10": "one LSTM GAN, 10 epochs", "ens3-10": "3 seeds averaged, 10 epochs each (the main fit time)"}


def as_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """The CSV rows as `per_seed_subset_f1` input: `method` = arm, `seed` = run."""
    return frame.assign(method=frame["arm"], seed=frame["run"].astype(str))


def main_gan_runs() -> pd.DataFrame:
    """The main table's LSTM GAN runs (committed cells), in the same columns; empty when absent."""
    from timeseries_budget import main_runs

    runs = main_runs()
    if runs.empty:
        return runs
    gan = runs[runs["method"] == "lstmgan"]
    return gan.assign(method=MAIN, arm=MAIN, run=gan["seed"].astype(int).astype(str), seed=gan["seed"].astype(str))


def per_run_mean(runs: pd.DataFrame) -> pd.Series:
    """Mean F1 over the six subsets, per (arm, run)."""
    return per_seed_subset_f1(runs).groupby(["method", "seed"]).mean()


def subset_cells(per_subset: pd.Series, method: str) -> tuple[list[str], list[str], float]:
    """One table row's F1 cells (mean (std) over runs, per subset), the subsets above TadGAN's published F1 and the
    mean F1 over the subsets, from `per_seed_subset_f1` output."""
    cells, above = [], []
    for subset, head in SUBSETS.items():
        values = per_subset.loc[(method, subset)]
        cells.append(mean_std_text(values.mean(), values.std() if len(values) > 1 else np.nan))
        if head in TADGAN and values.mean() > TADGAN[head]:
            above.append(head)
    return cells, above, float(per_subset.loc[method].groupby(level="subset").mean().mean())


def table(runs: pd.DataFrame) -> list[str]:
    """F1 per subset (mean (std) over runs), mean F1, subsets above TadGAN, fit seconds per series."""
    per_subset = per_seed_subset_f1(runs)
    heads = [SUBSETS[s] for s in SUBSETS]
    lines = ["| run | runs | " + " | ".join(heads) + " | mean F1 | above TadGAN | fit s / series |",
             "|---|---|" + "---|" * (len(heads) + 3)]
    for arm in [a for a in (*ARMS, MAIN) if a in set(runs["method"])]:
        cells, above, mean_f1 = subset_cells(per_subset, arm)
        mine = runs[runs["method"] == arm]
        lines.append(f"| {ARMS.get(arm, arm)} | {mine['seed'].nunique()} | " + " | ".join(cells) +
                     f" | {mean_f1:.3f} | {len(above)} of 5{': ' + ', '.join(above) if above else ''} | "
                     f"{mine['fit_s'].mean():.1f} |")
    lines.append("| TadGAN (Orion), published | - | " + " | ".join(f"{TADGAN[h]:.3f}" if h in TADGAN else "-"
                                                             for h in heads) + " | - | - | - |")
    return lines


def pairing_lines(frame: pd.DataFrame) -> list[str]:
    """Each ensemble against the mean of its own members' mean F1 (same series, same seeds)."""
    means = per_run_mean(as_runs(frame))
    lines = []
    for epochs in sorted({a.split("-")[1] for a in frame["arm"]}, key=int, reverse=True):
        single, ensemble = f"single-{epochs}", f"ens3-{epochs}"
        if ensemble not in means.index.get_level_values(0):
            continue
        parts = []
        for run, value in means.loc[ensemble].items():
            members = means.loc[single].loc[run.split("+")]
            parts.append(f"{{{run.replace('+', ',')}}} {value:.3f} vs {members.mean():.3f} (best member "
                         f"{members.max():.3f})")
        lines.append(f"- {epochs} epochs, each ensemble against its members' mean (mean F1): " + "; ".join(parts)
                     + ".")
    return lines


def consistency_line(frame: pd.DataFrame, main: pd.DataFrame) -> str:
    """Do the single 30-epoch runs reproduce the main table's cells (same series and seed: same counts)?"""
    if main.empty:
        return "The main table's cells are not in benchmarks/results: no consistency check."
    keys = ["series", "run"]
    mine = frame[frame["arm"] == "single-30"].merge(main, on=keys, suffixes=("", "_main"))
    same = (mine[["tp", "fp", "fn"]].to_numpy() == mine[["tp_main", "fp_main", "fn_main"]].to_numpy()).all(axis=1)
    from scipy import stats

    means = per_run_mean(pd.concat([as_runs(frame[frame["arm"] == "single-30"]), main], ignore_index=True))
    paired = pd.DataFrame({"mine": means.loc["single-30"], "main": means.loc[MAIN]}).dropna()
    p = stats.wilcoxon(paired["mine"], paired["main"]).pvalue if (paired["mine"] != paired["main"]).any() else 1.0
    why = ("" if same.all() else "; the others differ because torch's float results differ between CPUs: on the "
           "machine of the main cells the same code reproduces them")
    return (f"Check: the single 30-epoch runs give the main table's segment counts on {int(same.sum())} of "
            f"{len(mine)} (series, seed) pairs (same code, same seeds; torch on one thread{why}); mean F1 over "
            f"seeds 0-{len(paired) - 1}: "
            f"{paired['mine'].mean():.3f} here, {paired['main'].mean():.3f} in the main table's cells (paired "
            f"Wilcoxon {p_text(p)}).")


def arm_means(frame: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """Per arm: mean F1 over the six subsets' run means, and how many of TadGAN's 5 subsets it is above."""
    per_subset = per_seed_subset_f1(as_runs(frame))
    out = {}
    for arm in [a for a in ARMS if a in set(frame["arm"])]:
        _, above, mean_f1 = subset_cells(per_subset, arm)
        out[arm] = (mean_f1, len(above))
    return out


def other_machine_lines(frame: pd.DataFrame, other: pd.DataFrame, main: pd.DataFrame) -> list[str]:
    """The same run on another machine (OTHER): how far float-level differences move each arm."""
    if other.empty:
        return []
    here, there = arm_means(frame), arm_means(other)
    parts = [f"{ARMS[arm]} {f1:.3f} ({above} of 5 above TadGAN)" for arm, (f1, above) in there.items()]
    moved = max(abs(f1 - here[arm][0]) for arm, (f1, _) in there.items() if arm in here)
    check = consistency_line(other, main).split("(same code")[0].replace("Check: the single 30-epoch runs give",
                                                                           "its single 30-epoch runs gave")
    return [f"- The same run on another machine (`{OTHER.relative_to(OTHER.parents[2])}`; {check.strip()}): "
            + "; ".join(parts) + f". Float-level differences alone move an arm's mean F1 by up to {moved:.3f}: "
            "read the gaps between arms against that."]


def verdict_lines(runs: pd.DataFrame, main: pd.DataFrame) -> list[str]:
    """TadGAN margins of the ensembles and their fit time against the main table's LSTM autoencoder."""
    lines = []
    for arm in ("ens3-30", "ens3-10"):
        if arm in set(runs["method"]):
            lines.append(f"- {ARMS[arm]}:" + reference_margins_text(runs, arm, TADGAN).replace(" seeds", " runs"))
    if not main.empty:
        from timeseries_budget import main_runs

        all_main = main_runs()
        ae = all_main.loc[all_main["method"] == "lstm-ae", "fit_s"].mean()
        for arm in ("ens3-30", "ens3-10"):
            if arm in set(runs["method"]):
                fit = runs.loc[runs["method"] == arm, "fit_s"].mean()
                lines.append(f"- Fit time of {ARMS[arm]}: {fit:.1f} s per series, {fit / ae:.1f}x the main table's "
                             f"LSTM autoencoder ({ae:.1f} s; both in cells run two at a time; target <= 5x).")
    return lines


def significance_line(frame: pd.DataFrame) -> str:
    """Paired test of ensembles against single runs over every (member, ensemble) pair."""
    from scipy import stats

    means = per_run_mean(as_runs(frame))
    parts = []
    for epochs in ("30", "10"):
        single, ensemble = f"single-{epochs}", f"ens3-{epochs}"
        if ensemble not in means.index.get_level_values(0):
            continue
        pairs = [(value, means.loc[(single, m)]) for run, value in means.loc[ensemble].items() for m in run.split("+")]
        ens, one = np.array(pairs).T
        p = stats.wilcoxon(ens, one).pvalue if len(pairs) >= 3 and np.any(ens != one) else float("nan")
        parts.append(f"{epochs} epochs: ensemble above its member on {int((ens > one).sum())} of {len(pairs)} "
                     f"(ensemble, member) pairs, mean gain {float(np.mean(ens - one)):+.3f}, paired Wilcoxon "
                     f"{p_text(p) if not np.isnan(p) else 'n/a'}")
    return "- " + "; ".join(parts) + "." if parts else ""


def section(frame: pd.DataFrame) -> str:
    """The section's markdown."""
    from timeseries_ensemble import COMMAND, GROUPS

    main = main_gan_runs()
    runs = pd.concat([as_runs(frame), main[main["seed"].astype(int) < 10]] if not main.empty else [as_runs(frame)],
                     ignore_index=True)
    groups = ", ".join("{" + ",".join(map(str, g)) + "}" for g in GROUPS)
    lines = [
        "## NAB: seed ensembles of the LSTM GAN (issue 6 diagnostic)", "",
        f"Command: `{COMMAND}` (section rebuilt with `--report-only` from "
        f"`benchmarks/results/timeseries_ensemble.csv`). Date: {datetime.now(UTC).strftime('%Y-%m-%d')}. smallgan "
        f"{version('smallgan')}, torch {version('torch')}, numpy {version('numpy')}, Python "
        f"{platform.python_version()}; 2 CPU cores, two fits at a time, torch on one thread.", "",
        "Does averaging the scores of LSTM GANs fitted with different seeds beat one GAN? The main table's LSTM GAN "
        "has the best point-wise AUC of all methods but varies a lot from seed to seed. Same 29 reported series, "
        "settings and tuned options as the main table (30 epochs, DTW reconstruction error times the critic "
        f"score, k = 4); seeds 0-8 alone and the ensembles {groups}: each member's scores divided by their std on "
        "the series, averaged, then the same interval rule. The 10-epoch arm keeps the ensemble's fit time at the "
        "main setting's. Overlapping-segment F1, counts pooled over a subset's series per run, mean (std) over runs:",
        "", *table(runs), "", consistency_line(frame, main), "", *pairing_lines(frame), significance_line(frame),
        *verdict_lines(runs, main),
        *other_machine_lines(frame, pd.read_csv(OTHER) if OTHER.exists() else pd.DataFrame(), main)]
    return "\n".join(line for line in lines if line is not None) + "\n"


def write(frame: pd.DataFrame, markdown: Path | None = None) -> str:
    """The section; written into `markdown` (between its markers) when given."""
    text = section(frame)
    if markdown is not None:
        from smallgan.report.markdown import write_section

        write_section(markdown, SECTION, text)
    return text
