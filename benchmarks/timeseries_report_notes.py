"""Text pieces of the NAB section of BENCHMARKS.md (benchmarks/timeseries_report.py): how the series were
averaged, the seeds, the spread of one seed's table, the fit-time verdict and the tuning candidates."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from timeseries import LABELS, ORDER, SUBSETS


def resolution_text(runs: pd.DataFrame) -> str:
    """How the series were averaged: to at most `max_points`, or (per method, a tuned option) to Orion's resolution
    with a cap."""
    factors = np.ceil(runs["n_raw"] / runs["max_points"]).astype(int)
    resolution = runs["resolution"].fillna(0) if "resolution" in runs else pd.Series(0, index=runs.index)
    plain, at_resolution = resolution == 0, resolution > 0
    parts = []
    if plain.any():
        parts.append(f"series averaged down to at most {int(runs.loc[plain, 'max_points'].iloc[0])} points (Tweets "
                     f"and KnownCause by up to x{factors[plain].max()})")
    if at_resolution.any():
        spans = factors[at_resolution].groupby(runs.loc[at_resolution, "subset"]).agg(["min", "max"])
        text = ", ".join(f"{SUBSETS[s]} x{lo}" if lo == hi else f"{SUBSETS[s]} x{lo}-{hi}"
                         for s, (lo, hi) in spans.iterrows() if s in SUBSETS)
        who = "" if at_resolution.all() else " for " + ", ".join(
            LABELS[m] for m in ORDER if m in set(runs.loc[at_resolution, "method"])) + " (chosen on the tuning series)"
        parts.append(f"series averaged{who} to Orion's resolution (10 min, or the native step when coarser) and "
                     f"further where that leaves more than {int(resolution[at_resolution].iloc[0])} points "
                     f"(averaging factors: {text})")
    return "; ".join(parts)


def seeds_text(runs: pd.DataFrame) -> str:
    """Seeds per method, e.g. "LSTM GAN (ours, TadGAN-style) 10 (0-9); rolling z-score 1 (deterministic)"."""
    parts = []
    for method in [m for m in ORDER if m in set(runs["method"])]:
        seeds = sorted(runs.loc[runs.method == method, "seed"].unique())
        span = f"{seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else f"{seeds[0]}"
        note = ", deterministic" if method == "zscore" else ""
        parts.append(f"{LABELS[method]} {len(seeds)} ({span}{note})")
    return "; ".join(parts)


def per_seed_subset_f1(runs: pd.DataFrame) -> pd.Series:
    """The F1 pooled over a subset's series, for each (method, subset, seed) on its own."""
    from smallgan.evaluate.segments import scores_from_counts

    pooled = runs.groupby(["method", "subset", "seed"])[["tp", "fp", "fn"]].sum().reset_index()
    pooled["f1"] = [scores_from_counts(*r)["f1"] for r in pooled[["tp", "fp", "fn"]].itertuples(index=False)]
    return pooled.set_index(["method", "subset", "seed"])["f1"]


def per_seed_mean_f1(runs: pd.DataFrame) -> pd.Series:
    """Mean over the subsets of the pooled F1, for each (method, seed) on its own."""
    return per_seed_subset_f1(runs).groupby(["method", "seed"]).mean()


def reference_margins_text(runs: pd.DataFrame, method: str, reference: dict[str, float]) -> str:
    """Per subset with a published value: on how many seeds `method`'s pooled F1 is above it, and a one-sample
    t-test of the seeds against it (is the win or loss more than seed noise?)."""
    from scipy import stats

    per_seed = per_seed_subset_f1(runs)
    if method not in per_seed.index.get_level_values(0):
        return ""
    parts = []
    for subset, head in SUBSETS.items():
        if head not in reference or subset not in per_seed.loc[method].index.get_level_values(0):
            continue
        values = per_seed.loc[(method, subset)].to_numpy()
        test = ""
        if len(values) >= 3 and values.std() > 0:
            test = f", t-test {p_text(stats.ttest_1samp(values, reference[head]).pvalue)}"
        above = int((values > reference[head]).sum())
        parts.append(f"{head} {values.mean():.3f} vs {reference[head]:.3f}: above on {above} of {len(values)} "
                     f"seeds{test}")
    return " Seed by seed against TadGAN's published F1: " + "; ".join(parts) + "." if parts else ""


def p_text(p: float) -> str:
    """A p-value as text: three decimals, or "p<0.001".

    Example:
        >>> p_text(0.0004), p_text(0.5712)
        ('p<0.001', 'p=0.571')
    """
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def significance_text(runs: pd.DataFrame, ours: str, other: str) -> str:
    """Is `ours` vs `other` on mean F1 more than seed noise? Paired Wilcoxon over their common seeds, or a one-sample
    t-test of ours' seeds against a deterministic method's single value."""
    from scipy import stats

    per_seed = per_seed_mean_f1(runs)
    mine, theirs = per_seed.loc[ours], per_seed.loc[other]
    if len(mine) < 3:
        return ""
    if len(theirs) == 1:
        p = stats.ttest_1samp(mine.to_numpy(), float(theirs.iloc[0])).pvalue
        return f" (over {len(mine)} seeds against its single run: one-sample t-test {p_text(p)})"
    common = mine.index.intersection(theirs.index)
    if len(common) < 3:
        return ""
    higher = int((mine[common] > theirs[common]).sum())
    p = stats.wilcoxon(mine[common], theirs[common]).pvalue
    return f" (higher on {higher} of {len(common)} seeds, paired Wilcoxon p={p:.3f})"


def seed_spread_lines(runs: pd.DataFrame) -> list[str]:
    """Mean F1 over the subsets for each seed separately: how far one seed's table moves."""
    from scipy import stats

    per_seed = per_seed_mean_f1(runs)
    lines = ["| method | seeds | mean F1 per seed: min - max | mean | std | 95% CI of the mean |",
             "|---|---|---|---|---|---|"]
    for method in [m for m in ORDER if m in per_seed.index.get_level_values(0)]:
        values = per_seed.loc[method].to_numpy()
        if len(values) > 1:
            half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
            ci = f"{values.mean() - half:.3f} - {values.mean() + half:.3f}"
            spread = f"{values.min():.3f} - {values.max():.3f}"
            std = f"{values.std(ddof=1):.3f}"
        else:
            ci, spread, std = "-", f"{values[0]:.3f}", "-"
        lines.append(f"| {LABELS[method]} | {len(values)} | {spread} | {values.mean():.3f} | {std} | {ci} |")
    return ["Mean F1 over the six subsets, seed by seed (each seed's table on its own):", "", *lines, ""]


def fit_time_verdict(grid_ratio: float) -> str:
    """The fit-time target from the chosen settings timed alone (timeseries_speed.py --chosen) when that file
    exists, else from the grid cells (which ran two at a time on the two cores)."""
    from timeseries_speed import CHOSEN, CHOSEN_COMMAND, CHOSEN_OUT

    if not CHOSEN_OUT.exists():
        return (f"Fit time: the LSTM GAN takes {grid_ratio:.1f}x the LSTM autoencoder's (target <= 5x: "
                f"{'met' if grid_ratio <= 5 else 'NOT met'}).")
    runs = pd.read_csv(CHOSEN_OUT)
    timed = runs.groupby("setting")["fit_s"].mean()
    ratio = timed[CHOSEN[1]] / timed[CHOSEN[0]]
    return (f"Fit time, the chosen settings timed alone in one process, interleaved per series on the "
            f"{runs['series'].nunique()} tuning series (`{CHOSEN_COMMAND}`, "
            f"`benchmarks/results/{CHOSEN_OUT.name}`): LSTM GAN {timed[CHOSEN[1]]:.2f} s, LSTM autoencoder "
            f"{timed[CHOSEN[0]]:.2f} s per series, {ratio:.2f}x (target <= 5x: {'met' if ratio <= 5 else 'NOT met'}); "
            f"in the benchmark's cells above, run two at a time on the two cores, {grid_ratio:.1f}x.")


def candidates_note() -> str:
    """The LSTM GAN's training candidates on the tuning series (timeseries_tuning.csv), chosen or not."""
    from timeseries_tune import VARIANT_NOTES, VARIANTS, choosable_rows, tuning_table

    if (table := tuning_table()) is None:
        return ""
    table = choosable_rows(table)
    names = ["lstmgan", *(name for name, (base, _) in VARIANTS.items() if base == "lstmgan")]
    parts = []
    for name in [n for n in names if n in set(table["method"])]:
        rows = table[table.method == name]
        both = rows.dropna(subset=[c for c in rows.columns if c.startswith("mean_f1_seed")])
        params = ", ".join(f"{k} {v}" for k, v in VARIANTS.get(name, ("", {"epochs": 15}))[1].items())
        seed = rows["mean_f1_seed100"].max() if "mean_f1_seed100" in rows else np.nan
        note = f" ({VARIANT_NOTES[name]})" if name in VARIANT_NOTES else ""
        parts.append(f"{params}: {both['mean_f1'].max():.3f} / {seed:.3f}{note}" if len(both)
                     else f"{params}: - / {seed:.3f}{note}")
    return ("LSTM GAN training candidates on the tuning series (best mean F1 over the scoring and interval grid, "
            "both tuning seeds / seed 100 alone; '-': screened on seed 100 only; the rest as in the settings "
            "above): " + "; ".join(parts) + ". ") if parts else ""


def other_candidates_note() -> str:
    """The other methods' candidates on the tuning series: best mean F1 against their base setting's."""
    from timeseries_tune import REFIT_NOISE, VARIANT_NOTES, VARIANTS, choosable_rows, tuning_table

    if (table := tuning_table()) is None:
        return ""
    table = choosable_rows(table)
    best = table.groupby("method")["mean_f1"].max()
    parts = []
    for base in ("algan", "lstm-ae", "zscore", "iforest"):
        names = [n for n, (b, _) in VARIANTS.items() if b == base and n in best.index and n not in VARIANT_NOTES]
        if base in best.index and names:
            tried = ", ".join(f"{', '.join(f'{k} {v}' for k, v in VARIANTS[n][1].items())} {best[n]:.3f}"
                              for n in names)
            parts.append(f"{LABELS[base]} {best[base]:.3f} (candidates: {tried})")
    return ("Other methods on the tuning series, base setting then candidates (best mean F1; a candidate is run "
            f"instead of the base setting only when more than {REFIT_NOISE} above it, as refits of one setting moved "
            "its mean F1 by that much): "
            + "; ".join(parts) + ". ") if parts else ""


def tuning_guard_text() -> str:
    """The baselines' wider k grid and the cap on the share of flagged points (timeseries_tune.py), with the methods
    whose tuning rows predate the recorded share."""
    from timeseries_tune import BASELINE_EXTRA_K, FLAGGED_CAP, tuning_table, variant

    if (table := tuning_table()) is None or "flagged" not in table:
        return ""
    recorded = table.groupby("method")["flagged"].apply(lambda f: f.notna().any())
    bases = recorded.index.map(lambda m: variant(m)[0])
    unrecorded = [LABELS[b] for b in ORDER if b in set(bases) and not recorded[bases == b].any()]
    unrecorded += [f"the {LABELS[b]}'s other training candidates" for b in ORDER
                   if recorded[bases == b].any() and not recorded[bases == b].all()]
    ks = sorted({3.0, 4.0, 5.0, *BASELINE_EXTRA_K})
    zscore = table[(table["method"].map(lambda m: variant(m)[0]) == "zscore") & (table["k"] == ks[0])]
    example = ""
    if zscore["flagged"].notna().any():
        top = zscore.sort_values("mean_f1", ascending=False).iloc[0]
        example = (f" (a rolling z-score at k = {ks[0]:g} flags {top['flagged']:.0%} of the points and scores "
                   f"{top['mean_f1']:.2f} on the tuning series)")
    return (f"; k from {ks[0]:g} to {ks[-1]:g} for the baselines (3-5 for the neural methods, whose scores are "
            f"spikes); option sets that put more than {FLAGGED_CAP:.0%} of the points inside intervals on average "
            "over the tuning series (twice NAB's labelled share) are not chosen, as the overlapping-segment F1 does "
            f"not penalise long intervals{example}"
            + (f"; the share was not recorded for the tuning rows of {', '.join(unrecorded)} (swept before it "
               "was; the share of their reported runs is in the detections table below)" if unrecorded else ""))


def gate_text() -> str:
    """The global gate of the interval rule (`global_k`): the methods whose tuning rows swept it, their best mean F1
    without / with it, and where it was chosen (more than REFIT_NOISE above the ungated best)."""
    from timeseries_tune import REFIT_NOISE, choosable_rows, gate_effect, tuning_table, variant

    if (table := tuning_table()) is None or "global_k" not in table or table["global_k"].isna().all():
        return ""
    table = choosable_rows(table, gate_rule=False)
    values = ", ".join(f"{g:g}" for g in sorted(table["global_k"].dropna().unique()))
    parts = []
    for method, rows in table.groupby("method", sort=False):
        if (effect := gate_effect(rows)) is None:
            continue
        without, with_gate, helps = effect
        name = LABELS.get(variant(method)[0], method) + ("" if method == variant(method)[0] else f" ({method})")
        verdict = "kept" if helps else "dropped"
        parts.append((ORDER.index(variant(method)[0]) if variant(method)[0] in ORDER else len(ORDER), method,
                      f"{name} {without:.3f} -> {with_gate:.3f} (gate {verdict})"))
    return (f"; an optional global gate joined the grid later (an interval is kept only when its peak passes the "
            f"whole series' mean + g std of the scores, g = {values}: a series without an anomaly need not yield an "
            f"interval), swept for the training settings below only (the other candidates' rows have none) and kept "
            f"where it lifts the best mean F1 by more than {REFIT_NOISE} (best mean F1 without -> with it: "
            f"{'; '.join(text for *_, text in sorted(parts))})")


REG_COMBINE_TEXT = {"mult": "their product (AER's default)", "sum": "their mean", "reg": "the prediction error alone",
                    "rec": "here left out"}


def aer_row_note(runs: pd.DataFrame) -> str:
    """What the AER-style row is (the LSTM autoencoder with AER's regression head, its own tuned options), with its
    candidate's best mean F1 on the tuning series against the plain autoencoder's."""
    from timeseries_tune import OWN_ROWS, choosable_rows, tuning_table

    candidate = OWN_ROWS["aer"]
    if "aer" not in set(runs["method"]) or (table := tuning_table()) is None:
        return ""
    best = choosable_rows(table).groupby("method")["mean_f1"].max()
    if candidate not in best.index or "lstm-ae" not in best.index:
        return ""
    combine = json.loads(runs.loc[runs["method"] == "aer", "options"].iloc[0]).get("reg_combine", "mult")
    return (f"The {LABELS['aer']} row is the LSTM autoencoder with AER's bidirectional regression head "
            "(`LSTMAutoencoderDetector(regression=1.0)`, the CLI's `--method aer`: each window's code also predicts "
            "the point before and after the window, and the prediction error joins the reconstruction error in the "
            f"score: {REG_COMBINE_TEXT[combine]}, `reg_combine='{combine}'`), with the options of its tuning "
            f"candidate {candidate} chosen on the same tuning series (best mean F1 {best[candidate]:.3f} "
            f"against the LSTM autoencoder's {best['lstm-ae']:.3f}); no adversarial part: Orion's AER in this "
            "setting, beside the issue's LSTM autoencoder baseline, which stays without the head. ")
