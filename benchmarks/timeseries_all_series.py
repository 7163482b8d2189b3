"""Report hook of the NAB protocol check `timeseries-nab-tuning-series` (issue 6): the main table's methods and
options on the 24 tuning series it leaves out, joined with its 29 held-out series (same seeds), so that every one of
the 53 series of the six subsets is scored, as Orion's benchmark scores all of a subset's series. The 24 are the
series the options were tuned on: their F1 is in-sample, and the section shows it apart from the held-out 29."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import LABELS, ORDER, REFERENCE, SUBSETS  # noqa: E402
from timeseries_budget import main_runs  # noqa: E402
from timeseries_cells import store_runs  # noqa: E402
from timeseries_crossfit import ceiling_line  # noqa: E402
from timeseries_report import _f1_table, summarise  # noqa: E402
from timeseries_report_notes import reference_margins_text, seeds_text  # noqa: E402

GAN, TADGAN, AER = "lstmgan", "TadGAN (Orion)", "AER (Orion)"
PLAIN = "+defaults"  # the label suffix of the runs with no tuned option (candidate timeseries.DEFAULTS)
CROSSFIT = "+crossfit"  # ... and of those with the options chosen on the reported series (timeseries_crossfit.py)
PARTS = (("held-out", "the main table's 29 held-out series"), ("tuning", "the 24 tuning series (in-sample)"),
         ("all", "all 53 series"))


def same_seeds(main: pd.DataFrame, tuning: pd.DataFrame) -> pd.DataFrame:
    """The main table's runs of the methods and seeds that the tuning-series runs have (one seed set per method)."""
    seeds = tuning.groupby("method")["seed"].agg(set)
    keep = [seed in seeds.get(method, set()) for method, seed in zip(main["method"], main["seed"], strict=True)]
    return main[pd.Series(keep, index=main.index, dtype=bool)]


def part_summaries(held_out: pd.DataFrame, tuning: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Per part (held-out, tuning, all): (its runs, their pooled F1 summary per subset and method)."""
    parts = {"held-out": held_out, "tuning": tuning, "all": pd.concat([held_out, tuning], ignore_index=True)}
    return {name: (runs, summarise(runs)) for name, runs in parts.items()}


def above_reference(summary: pd.DataFrame, method: str = GAN, published: str = TADGAN) -> tuple[int, int, list[str]]:
    """(subsets where `method`'s mean F1 is above the `published` value, subsets with a value, their names)."""
    reference = REFERENCE[published]
    rows = summary[summary.method == method].set_index("subset")
    named = [s for s in rows.index if SUBSETS[s] in reference]
    above = [SUBSETS[s] for s in named if rows.loc[s, "f1"] > reference[SUBSETS[s]]]
    return len(above), len(named), above


def mean_f1_by_part(runs: pd.DataFrame, tuning_names: set[str]) -> pd.DataFrame:
    """Mean over subsets of the pooled F1 (mean over seeds) per method (rows) on the held-out series, the tuning
    series and all of them (columns), and the in-sample gap (tuning - held-out)."""
    is_tuning = runs["series"].isin(tuning_names)
    parts = {"held-out": runs[~is_tuning], "tuning": runs[is_tuning], "all": runs}
    table = pd.DataFrame({part: summarise(rows).groupby("method")["f1"].mean() for part, rows in parts.items()})
    return table.assign(gap=table["tuning"] - table["held-out"])


def gap_lines(table: pd.DataFrame) -> list[str]:
    """Markdown rows of `mean_f1_by_part`: tuned methods first, then those without tuned options."""
    lines = ["| method | options | held-out 29 | tuning 24 | tuning - held-out | all 53 |", "|---|---|---|---|---|---|"]
    order = sorted(table.index, key=lambda m: (m.endswith(PLAIN), ORDER.index(m.removesuffix(PLAIN))))
    for method in order:
        row, base = table.loc[method], method.removesuffix(PLAIN)
        kind = "library defaults" if method.endswith(PLAIN) else "tuned on the 24"
        lines.append(f"| {LABELS[base]} | {kind} | {row['held-out']:.3f} | {row['tuning']:.3f} | {row['gap']:+.3f} "
                     f"| {row['all']:.3f} |")
    return lines


def selection_lines(table: pd.DataFrame) -> list[str]:
    """Per method with both rows: the tuned options' gap less the defaults' gap, i.e. what choosing the options on the
    tuning series adds to their F1 there, beside what the tuning does on the held-out series."""
    lines = []
    for method in [m for m in ORDER if m in table.index and m + PLAIN in table.index]:
        tuned, plain = table.loc[method], table.loc[method + PLAIN]
        lines.append(f"- {LABELS[method]}: gap {tuned['gap']:+.3f} tuned, {plain['gap']:+.3f} with defaults, so "
                     f"{tuned['gap'] - plain['gap']:+.3f} from choosing the options on the tuning series; on the "
                     f"held-out 29 the tuned options score {tuned['held-out'] - plain['held-out']:+.3f} against the "
                     "defaults.")
    return lines


def reference_line(summary: pd.DataFrame, who: str, where: str, method: str = GAN, published: str = TADGAN) -> str:
    """`- {who} above TadGAN's published F1 on a/b subsets{where}: names.` for the rows of `method` (the LSTM GAN)
    in `summary`, against the `published` reference (TadGAN's, or AER's: "AER's published F1")."""
    above, named, which = above_reference(summary, method, published)
    return f"- {who} above {published.split()[0]}'s published F1 on {above}/{named} subsets{where}" + (
        f": {', '.join(which)}" if which else "") + "."


def reference_lines(summaries: dict) -> list[str]:
    """Per part: on how many subsets the LSTM GAN's mean F1 is above TadGAN's published one (and the AER-style
    autoencoder's above TadGAN's and AER's, where it ran)."""
    lines = [reference_line(summaries[part][1], "The LSTM GAN", f" on {text}") for part, text in PARTS]
    return lines + [reference_line(summaries[part][1], f"The {LABELS['aer']}", f" on {text}", "aer", published)
                    for published in (TADGAN, AER) for part, text in PARTS
                    if "aer" in set(summaries[part][1]["method"])]


def crossfit_lines(main: pd.DataFrame, crossfit: pd.DataFrame, summaries: dict, subsets: list) -> list[str]:
    """The 53-series table with every series scored by options chosen on the other part (the main table's runs on
    the held-out 29, on the seeds of the `+crossfit` runs on the 24 tuning series), against the in-sample 53-series
    F1, with the LSTM GAN's (and its ALGAN variant's) margins over TadGAN seed by seed."""
    tuning = crossfit.assign(method=crossfit["method"].str.removesuffix(CROSSFIT))
    both = pd.concat([same_seeds(main, tuning), tuning], ignore_index=True)
    summary = summarise(both)
    lines, mean_f1 = _f1_table(summary, subsets, both.groupby("subset")["series"].nunique())
    in_sample = {part: summaries[part][1].groupby("method")["f1"].mean() for part in ("tuning", "all")}
    on_tuning = summarise(tuning).groupby("method")["f1"].mean()
    pairs = ", ".join(f"{LABELS[m]} {in_sample['all'][m]:.3f} -> {mean_f1[m]:.3f} (on the tuning 24: "
                      f"{in_sample['tuning'][m]:.3f} -> {on_tuning[m]:.3f})" for m in mean_f1 if m in in_sample["all"])
    where = " cross-fitted on all 53 series"
    return ["", "Cross-fitted on all 53 series: the tuning protocol run the other way round (options chosen on the 29 "
            "held-out series, seeds 100 and 101, the training settings held at the main table's; "
            "`benchmarks/timeseries_crossfit.py`) scores the 24 tuning series beside the main table's runs of the 29 "
            f"on the same seeds ({seeds_text(tuning)}): no series is scored with options chosen on it:", "", *lines, "",
            f"- Mean F1 on all 53 series, in-sample options -> cross-fitted: {pairs}.",
            *(reference_line(summary, who, where, method) + reference_margins_text(both, method, REFERENCE[TADGAN])
              for method, who in ((GAN, "The LSTM GAN"), ("algan", "Its ALGAN variant")) if method in mean_f1),
            *(reference_line(summary, f"The {LABELS['aer']}", where, "aer", published) for published in (TADGAN, AER)
              if "aer" in mean_f1), ceiling_line(LABELS, REFERENCE[TADGAN], SUBSETS)]


def all_series_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-all-series` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    runs = store_runs(cells, experiments)
    main = main_runs()
    if runs.empty or main.empty:
        return provenance(cells, experiments)
    plain, crossfit = runs["method"].str.endswith(PLAIN), runs["method"].str.endswith(CROSSFIT)
    tuning = runs[~plain & ~crossfit]
    if tuning.empty:
        return provenance(cells, experiments)
    held_out = same_seeds(main, tuning)
    summaries = part_summaries(held_out, tuning)
    subsets = [s for s in SUBSETS if s in set(summaries["all"][0]["subset"])]
    text = ["## NAB: every series of the six subsets (issue 6 protocol check)", "", provenance(cells, experiments), "",
            "The main table reports the 29 series left after holding out 4 per subset for tuning (2 or 3 series in "
            "four of the subsets), while Orion scores every series of a subset. These rows run the main table's "
            "methods, settings and tuned options on the 24 tuning series, with the main table's seeds 0-2 "
            "(z-score: deterministic, one run), and join them with the main table's runs of those seeds. The "
            "tuning series are the ones the options were chosen on, so their F1 and the 53-series F1 are "
            "optimistic; the held-out 29 stay the honest number. The gap between the two parts mixes the choice of "
            "options on the tuning series with how hard those series are (they were drawn among the series with a "
            "labelled window): the rows with library defaults at the end measure the second. Overlapping-segment "
            "F1, counts pooled over a subset's series per seed, mean (std) over seeds:"]
    for part, label in PARTS:
        part_runs, summary = summaries[part]
        lines, _ = _f1_table(summary, subsets, part_runs.groupby("subset")["series"].nunique(),
                             references=part == "all")
        text += ["", f"On {label}:", "", *lines]
    if plain.any():  # the library defaults on every series: fixed settings, no choice on any series, as Orion
        untuned = runs[plain].assign(method=runs.loc[plain, "method"].str.removesuffix(PLAIN))
        summary = summarise(untuned)
        lines, _ = _f1_table(summary, subsets, untuned.groupby("subset")["series"].nunique())
        text += ["", "With library defaults (no tuned option) on all 53 series, seeds 0-2 (z-score: deterministic, "
                 "one run):", "", *lines, "", reference_line(summary, "The LSTM GAN with library defaults", "")]
    gaps = mean_f1_by_part(pd.concat([held_out, tuning, runs[plain]], ignore_index=True), set(tuning["series"]))
    text += ["", "Mean F1 over the subsets per part; the rows with library defaults run no tuned option (scoring and "
             "interval defaults at the same settings) on every series, so their gap is how much harder or easier "
             "the tuning series are, without any choice of options:", "", *gap_lines(gaps), "",
             *selection_lines(gaps),
             *reference_lines(summaries)]
    if crossfit.any():
        text += crossfit_lines(main, runs[crossfit], summaries, subsets)
    return "\n".join(text).rstrip() + "\n"
