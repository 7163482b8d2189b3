"""The NAB section of BENCHMARKS.md from the raw runs of benchmarks/timeseries.py (F1, precision/recall,
point AUC, time, targets and where the LSTM GAN loses)."""

from __future__ import annotations

import datetime as dt
import json
import platform
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from timeseries import COMMAND, EXAMPLE, LABELS, ORDER, PER_SUBSET, REFERENCE, SUBSETS, TUNE_COMMAND
from timeseries_report_notes import (
    aer_row_note,
    candidates_note,
    fit_time_verdict,
    gate_text,
    other_candidates_note,
    reference_margins_text,
    resolution_text,
    seed_spread_lines,
    seeds_text,
    significance_text,
    tuning_guard_text,
)
from timeseries_report_wins import observation_lines, wins_and_losses_lines


def summarise(runs: pd.DataFrame, suffix: str = "") -> pd.DataFrame:
    """Pooled precision/recall/F1 per subset, method and seed, then mean and std over seeds (counts `tp{suffix}`...)."""
    from smallgan.evaluate.segments import scores_from_counts

    counts = {f"{k}{suffix}": k for k in ("tp", "fp", "fn")}
    pooled = runs.groupby(["subset", "method", "seed"])[list(counts)].sum().rename(columns=counts).reset_index()
    scores = pooled.apply(lambda r: pd.Series(scores_from_counts(r.tp, r.fp, r.fn)), axis=1)
    pooled = pd.concat([pooled, scores], axis=1)
    return pooled.groupby(["subset", "method"]).agg(
        f1=("f1", "mean"), f1_std=("f1", "std"), precision=("precision", "mean"), recall=("recall", "mean"),
        seeds=("seed", "nunique")).reset_index()


def _f1_table(summary: pd.DataFrame, subsets: list, n_series: pd.Series, references: bool = True
              ) -> tuple[list[str], dict]:
    """Markdown F1 table (mean (std) over seeds per subset, mean over subsets, mean over the subsets with a published
    reference, the published references)."""
    heads = [SUBSETS[s] for s in subsets]
    published = [s for s in subsets if SUBSETS[s] in next(iter(REFERENCE.values()))]
    lines = ["| method | " + " | ".join(f"{h} (n={n_series[s]})" for h, s in zip(heads, subsets, strict=True))
             + f" | mean F1 | mean F1, the {len(published)} published subsets |", "|---|" + "---|" * (len(subsets) + 2)]
    mean_f1 = {}
    for method in [m for m in ORDER if m in set(summary["method"])]:
        rows = summary[summary.method == method].set_index("subset")
        cells = [mean_std_text(rows.loc[s, "f1"], rows.loc[s, "f1_std"]) if s in rows.index else "-" for s in subsets]
        mean_f1[method] = float(rows["f1"].mean())
        on_published = float(rows["f1"].reindex(published).mean())
        lines.append(f"| {LABELS[method]} | " + " | ".join(cells) + f" | {mean_f1[method]:.3f} | {on_published:.3f} |")
    for label, ref in REFERENCE.items() if references else ():
        cells = [f"{ref[h]:.3f}" if h in ref else "-" for h in heads]
        lines.append(f"| {label}, published | " + " | ".join(cells)
                     + f" | - | {np.mean([ref[SUBSETS[s]] for s in published]):.3f} |")
    return lines, mean_f1


def mean_std_text(mean: float, std: float) -> str:
    """`mean (std)` to 3 decimals; `mean` alone when the std is undefined (one seed)."""
    return f"{mean:.3f}" if np.isnan(std) else f"{mean:.3f} ({std:.3f})"


def report(runs: pd.DataFrame) -> str:
    from timeseries_tune import OUT as TUNING_OUT

    tuned_per_subset = runs[runs["method"].str.endswith(PER_SUBSET)]
    runs = runs[~runs["method"].str.endswith(PER_SUBSET)]
    summary = summarise(runs)
    subsets = [s for s in SUBSETS if s in set(summary["subset"])]
    heads = [SUBSETS[s] for s in subsets]
    n_series = runs.groupby("subset")["series"].nunique()
    lines, mean_f1 = _f1_table(summary, subsets, n_series)
    legacy = []
    if "tp_legacy" in runs:
        legacy = ["F1 of the same scores with the previous table's padding (50 original points, half of Orion's on "
                  "5-min series):", "",
                  *_f1_table(summarise(runs, "_legacy"), subsets, n_series)[0], ""]
    pr = ["| method | " + " | ".join(heads) + " |", "|---|" + "---|" * len(subsets)]
    for method in mean_f1:
        rows = summary[summary.method == method].set_index("subset")
        pr.append(f"| {LABELS[method]} | " + " | ".join(
            f"{rows.loc[s, 'precision']:.2f} / {rows.loc[s, 'recall']:.2f}" if s in rows.index else "-"
            for s in subsets) + " |")
    auc = ["| method | " + " | ".join(heads) + " | mean |", "|---|" + "---|" * (len(subsets) + 1)]
    if "point_auc" in runs:
        table = runs.groupby(["method", "subset"])["point_auc"].mean().unstack()
        for method in mean_f1:
            row = table.loc[method]
            auc.append(f"| {LABELS[method]} | " + " | ".join(f"{row.get(s, np.nan):.3f}" for s in subsets)
                       + f" | {row[subsets].mean():.3f} |")
    timing = runs.groupby("method")[["fit_s", "interval_s"]].mean()
    shown = runs.groupby("method")[["n_intervals", *(["flagged"] if "flagged" in runs else [])]].mean()
    time_lines = ["| method | fit + score s / series | intervals s / series | intervals / series | % of points "
                  "inside intervals |", "|---|---|---|---|---|"]
    time_lines += [f"| {LABELS[m]} | {timing.loc[m, 'fit_s']:.1f} | {timing.loc[m, 'interval_s']:.2f} | "
                   f"{shown.loc[m, 'n_intervals']:.1f} | {100 * shown.loc[m].get('flagged', np.nan):.1f} |"
                   for m in mean_f1]
    verdict = _verdict(summary, mean_f1, timing, heads, subsets, runs) + observation_lines(runs, mean_f1)
    losses = wins_and_losses_lines(summary, heads, subsets, runs)
    settings = runs.iloc[0]
    counts = ", ".join(f"{SUBSETS[s]} {n_series[s]}" for s in subsets)
    return "\n".join([
        "## Time-series anomaly detection on NAB (issue 6)", "",
        f"Command: `{COMMAND}` (table rebuilt with `--report-only`). Date: {dt.date.today().isoformat()}. "
        f"smallgan {version('smallgan')}, torch {version('torch')}, numpy {version('numpy')}, "
        f"scikit-learn {version('scikit-learn')}, Python {platform.python_version()}; machine: 2 CPU cores shared "
        "with other jobs, no GPU, torch on 1 thread.", "",
        f"Settings: {runs['series'].nunique()} NAB series ({counts}; {_selection_text(runs)}), "
        f"{resolution_text(runs)}; windows of "
        f"{settings.window_size} points; neural models trained {_epochs_text(runs)} epochs on one window in "
        f"{settings.train_step}, batch {_epochs_text(runs, 'batch_size')}; GANs with n_critic={settings.n_critic} and "
        "half of the epochs as a cycle-loss-only warm-up. Intervals: sliding mean + k std over a third of the "
        "series, padded as Orion pads (50 points of its NAB series, which it aggregates to max(10 min, native "
        "step): 100 original points on 5-min series, 50 on 10-min, 30-min and hourly ones; divided by the "
        "averaging factor here), peaks pruned below a relative gap. Scoring options and k / pruning per method "
        "were tuned on 24 other NAB series (4 per subset, none of the reported ones; seeds 100 and 101, not the "
        "reported ones) with "
        f"`{TUNE_COMMAND}` then `benchmarks/timeseries_tune.py` (grid and scores: "
        f"{_files_text(TUNING_OUT)}){tuning_guard_text()}{gate_text()}; chosen: {_options_text(runs)}. "
        f"{candidates_note()}{other_candidates_note()}{aer_row_note(runs)}{_padding_note()}"
        f"Seeds: {seeds_text(runs)}. F1 counts are pooled over the series of a subset per seed "
        "(Orion's way); cells give mean (std) over seeds. Orion trains TadGAN far longer (its signals took "
        "287-1,708 s each) on the full-resolution series, so the reference rows are not a like-for-like setting.",
        *([f"Example (`--plot-example`): `benchmarks/results/{EXAMPLE.name}`.", ""] if EXAMPLE.exists() else []),
        "", "Overlapping-segment F1:", "", *lines, "", *seed_spread_lines(runs),
        *_per_subset_lines(tuned_per_subset, subsets, n_series),
        *_first_table(runs, mean_f1), *point_lines(runs, subsets, n_series),
        *point_lines(tuned_per_subset.assign(method=tuned_per_subset["method"].str.removesuffix(PER_SUBSET)),
                     subsets, n_series, " with the options tuned per subset"), *legacy,
        "Precision / recall (mean over seeds):", "", *pr, "",
        "Point-wise ROC AUC of the scores against the labelled windows (threshold-free; mean over series and "
        "seeds); it separates the quality of the scores from the interval rule:", "", *auc, "",
        "Time and detections per series (mean over runs):", "", *time_lines, "", *verdict, "", *losses])


def point_lines(runs: pd.DataFrame, subsets: list, n_series: pd.Series, which: str = "") -> list[str]:
    """Point-wise F1 table of the runs that recorded point counts (`tp_point`...), and the LSTM GAN against the
    others on its mean."""
    if "tp_point" not in runs or runs.loc[runs["method"] == "lstmgan", "tp_point"].isna().all():
        return []  # the GAN's runs predate the point counts
    runs = runs.dropna(subset=["tp_point"])
    point = runs.assign(**{k: runs[f"{k}_point"] for k in ("tp", "fp", "fn")})
    lines, mean_f1 = _f1_table(summarise(point), subsets, n_series, references=False)
    one = point[point["method"] == "lstmgan"].drop_duplicates("series").groupby("subset")  # every series once
    everything = {s: 2 * (g.tp + g.fn).sum() / ((g.tp + g.fn).sum() + g.n_raw.sum()) for s, g in one}
    cells = [f"{everything.get(s, np.nan):.3f}" for s in subsets]
    lines.append("| every point flagged (for scale) | " + " | ".join(cells)
                 + f" | {np.mean([everything[s] for s in subsets if s in everything]):.3f} |")
    verdict = []
    for other in [m for m in ("lstm-ae", "aer", "zscore", "algan", "iforest") if m in mean_f1 and "lstmgan" in mean_f1]:
        word = "above" if mean_f1["lstmgan"] > mean_f1[other] else "NOT above"
        verdict.append(f"Point-wise mean F1{which}: the LSTM GAN ({mean_f1['lstmgan']:.3f}) is {word} "
                       f"{LABELS[other]} ({mean_f1[other]:.3f}){significance_text(point, 'lstmgan', other)}.")
    return [f"Point-wise F1{which} (each original time point counts once: labelled inside a NAB window, flagged "
            "inside a detected interval; counts pooled over a subset's series per seed). Unlike the segment F1 it "
            "charges an interval for every point it covers outside the windows, so flagging most of a series does "
            f"not pay; no published reference uses it. Seeds: {seeds_text(runs)}:", "", *lines, "", *verdict, ""]


def _per_subset_lines(runs: pd.DataFrame, subsets: list, n_series: pd.Series) -> list[str]:
    """F1 table and targets of the methods run with options tuned per subset (labels ending in PER_SUBSET)."""
    if runs.empty:
        return []
    runs = runs.assign(method=runs["method"].str.removesuffix(PER_SUBSET))
    summary = summarise(runs)
    lines, mean_f1 = _f1_table(summary, subsets, n_series)
    timing = runs.groupby("method")[["fit_s", "interval_s"]].mean()
    verdict = _verdict(summary, mean_f1, timing, [SUBSETS[s] for s in subsets], subsets, runs)
    return ["Overlapping-segment F1 with the options tuned per subset: the scoring and interval options chosen for "
            "each NAB subset on that subset's 4 tuning series (`benchmarks/results/timeseries_tuned_subsets.json`), "
            "as Orion's benchmark runs one pipeline per subset with its own scoring options; training and series as "
            f"above; seeds: {seeds_text(runs)}:", "", *lines, "", *verdict, ""]


def _files_text(path: Path) -> str:
    """The committed file(s) of a table written by `write_csv_parts`, as Markdown."""
    from smallgan.io_utils import csv_parts

    return ", ".join(f"`benchmarks/results/{part.name}`" for part in csv_parts(path) or [path])


def _selection_text(runs: pd.DataFrame) -> str:
    from timeseries import reported_series

    reported = {name for _, name in reported_series()}
    names = set(runs["series"])
    if names == reported:
        return "every series of the six subsets except the 24 tuning series"
    return f"{len(names & reported)} of the {len(reported)} non-tuning series"


def _first_table(runs: pd.DataFrame, mean_f1: dict) -> list[str]:
    """Mean F1 on the earlier table's 12 series (2 per subset, same runs) next to the full set's."""
    from timeseries import chosen_series

    first = {name for _, name in chosen_series(2)}
    subset_runs = runs[runs["series"].isin(first)]
    if subset_runs.empty or set(runs["series"]) <= first:
        return []
    summary = summarise(subset_runs)
    means = summary.groupby("method")["f1"].mean()
    pairs = ", ".join(f"{LABELS[m]} {means[m]:.3f} -> {mean_f1[m]:.3f}" for m in mean_f1 if m in means.index)
    return [f"Mean F1 on the {subset_runs['series'].nunique()} series of the earlier table (2 per subset; the same "
            f"runs) -> on all {runs['series'].nunique()} reported series: {pairs}.", ""]


def _epochs_text(runs: pd.DataFrame, column: str = "epochs") -> str:
    """The neural methods' training `column` (epochs, batch_size): one value, or one per method."""
    epochs = runs.groupby("method")[column].first()
    neural = [m for m in ORDER if m in epochs.index and m in ("lstmgan", "algan", "lstm-ae", "aer")]
    if len({int(epochs[m]) for m in neural}) <= 1:
        return str(int(epochs[neural[0]])) if neural else "-"
    return "(" + ", ".join(f"{LABELS[m]}: {int(epochs[m])}" for m in neural) + ")"


def _padding_note() -> str:
    """The padding is the protocol's, not tuned: the tuning table's best F1 per method with each padding."""
    from timeseries import PADDING_RAW
    from timeseries_tune import tuning_table

    if (table := tuning_table()) is None:
        return ""
    if "padding_raw" not in table or PADDING_RAW not in set(table["padding_raw"]):
        return ""
    best = table.groupby(["method", "padding_raw"])["mean_f1"].max().unstack()
    other = next(c for c in best.columns if c != PADDING_RAW)
    pairs = ", ".join(f"{LABELS[m]} {best.loc[m, other]:.2f} -> {best.loc[m, PADDING_RAW]:.2f}" for m in ORDER
                      if m in best.index)
    return (f"The padding is held at Orion's, not tuned; the previous table used {other} original points (best mean "
            f"F1 on the tuning series, {other} points -> Orion's: {pairs}). ")


def _options_text(runs: pd.DataFrame) -> str:
    if "options" not in runs:
        return "library defaults"
    chosen = runs.drop_duplicates("method").set_index("method")["options"]
    return "; ".join(f"{LABELS[m]} {json.loads(chosen[m]) or 'defaults'}" for m in ORDER if m in chosen.index)


def _verdict(summary: pd.DataFrame, mean_f1: dict, timing: pd.DataFrame, heads: list, subsets: list,
             runs: pd.DataFrame) -> list[str]:
    if "lstmgan" not in mean_f1:
        return []
    ours = summary[summary.method == "lstmgan"].set_index("subset")["f1"]
    ref = REFERENCE["TadGAN (Orion)"]
    compared = [(h, ours[s], ref[h]) for h, s in zip(heads, subsets, strict=True) if h in ref and s in ours.index]
    wins = [h for h, a, b in compared if a > b]
    out = [f"Targets: the LSTM GAN beats TadGAN's published F1 on {len(wins)} of {len(compared)} subsets"
           f" ({', '.join(wins) or 'none'}); target 3 of 5 {'met' if len(wins) >= 3 else 'NOT met'}."
           + reference_margins_text(runs, "lstmgan", ref)]
    for other in ("lstm-ae", "zscore", "iforest", "algan", "aer"):
        if other in mean_f1:
            word = "beats" if mean_f1["lstmgan"] > mean_f1[other] else "does NOT beat"
            out.append(f"Mean F1: the LSTM GAN ({mean_f1['lstmgan']:.3f}) {word} {LABELS[other]} "
                       f"({mean_f1[other]:.3f}){significance_text(runs, 'lstmgan', other)}.")
    if "lstm-ae" in timing.index:
        out.append(fit_time_verdict(timing.loc["lstmgan", "fit_s"] / timing.loc["lstm-ae", "fit_s"]))
    return [" ".join(out)]
