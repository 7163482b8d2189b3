"""Report hook of the NAB protocol check `timeseries-nab-tuning-series` (issue 6): the main table's methods and
options on the 24 tuning series it leaves out, joined with its 29 held-out series (same seeds), so that every one of
the 53 series of the six subsets is scored, as Orion's benchmark scores all of a subset's series. The 24 are the
series the options were tuned on: their F1 is in-sample, and the section shows it apart from the held-out 29."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import REFERENCE, SUBSETS  # noqa: E402
from timeseries_budget import main_runs  # noqa: E402
from timeseries_cells import store_runs  # noqa: E402
from timeseries_report import _f1_table, summarise  # noqa: E402

GAN, TADGAN = "lstmgan", "TadGAN (Orion)"
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


def above_reference(summary: pd.DataFrame, method: str = GAN) -> tuple[int, int, list[str]]:
    """(subsets where `method`'s mean F1 is above TadGAN's published value, subsets with a value, their names)."""
    reference = REFERENCE[TADGAN]
    rows = summary[summary.method == method].set_index("subset")
    named = [s for s in rows.index if SUBSETS[s] in reference]
    above = [SUBSETS[s] for s in named if rows.loc[s, "f1"] > reference[SUBSETS[s]]]
    return len(above), len(named), above


def verdict(summaries: dict, mean_f1: dict[str, dict[str, float]]) -> list[str]:
    """The lines that read the three tables: the in-sample gap and the 53-series count against TadGAN."""
    lines = []
    for method in [m for m in mean_f1["all"] if m in mean_f1["held-out"] and m in mean_f1["tuning"]]:
        held, tuned, every = (mean_f1[p][method] for p in ("held-out", "tuning", "all"))
        lines.append(f"- {method}: mean F1 {held:.3f} on the held-out 29, {tuned:.3f} on the tuning 24 "
                     f"({tuned - held:+.3f} in-sample), {every:.3f} on all 53.")
    for part, text in PARTS:
        above, named, which = above_reference(summaries[part][1])
        lines.append(f"- The LSTM GAN above TadGAN's published F1 on {above}/{named} subsets on {text}"
                     + (f": {', '.join(which)}" if which else "") + ".")
    return lines


def all_series_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-all-series` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    tuning = store_runs(cells, experiments)
    main = main_runs()
    if tuning.empty or main.empty:
        return provenance(cells, experiments)
    summaries = part_summaries(same_seeds(main, tuning), tuning)
    subsets = [s for s in SUBSETS if s in set(summaries["all"][0]["subset"])]
    text = ["## NAB: every series of the six subsets (issue 6 protocol check)", "", provenance(cells, experiments), "",
            "The main table reports the 29 series left after holding out 4 per subset for tuning (2 or 3 series in "
            "four of the subsets), while Orion scores every series of a subset. These rows run the main table's "
            "methods, settings and tuned options on the 24 tuning series, with the main table's seeds 0-2 "
            "(z-score: deterministic, one run), and join them with the main table's runs of those seeds. The "
            "tuning series are the ones the options were chosen on, so their F1 and the 53-series F1 are "
            "optimistic; the held-out 29 stay the honest number. The gap between the two parts mixes the choice of "
            "options on the tuning series with how hard those series are (they were drawn among the series with a "
            "labelled window): these runs cannot separate the two. Overlapping-segment F1, counts pooled over a "
            "subset's series per seed, mean (std) over seeds:"]
    mean_f1 = {}
    for part, label in PARTS:
        runs, summary = summaries[part]
        lines, mean_f1[part] = _f1_table(summary, subsets, runs.groupby("subset")["series"].nunique(),
                                         references=part == "all")
        text += ["", f"On {label}:", "", *lines]
    text += ["", *verdict(summaries, mean_f1)]
    return "\n".join(text).rstrip() + "\n"
