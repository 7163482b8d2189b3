"""BENCHMARKS.md section of the NAB combine diagnostic (benchmarks/timeseries_combine.py): the same fitted LSTM
GANs scored with the reconstruction error times the critic ("mult"), either part alone, or their sum."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import REFERENCE, SUBSETS  # noqa: E402
from timeseries_ensemble_report import subset_cells  # noqa: E402
from timeseries_report_notes import p_text, per_seed_subset_f1  # noqa: E402

SECTION = "timeseries-combine"
TADGAN = REFERENCE["TadGAN (Orion)"]
NAMES = {"mult": "error x critic (main)", "rec": "reconstruction error only", "critic": "critic score only",
         "sum": "mean of error and critic", "mult+features": "error x critic feature residual",
         "critic+features": "critic feature residual only",
         "mult@reconstruction": "error x critic, critic on reconstructions",
         "critic@reconstruction": "critic on reconstructions only",
         "mult+features@reconstruction": "error x feature residual, critic on reconstructions",
         "critic+features@reconstruction": "feature residual only, critic on reconstructions"}


def as_runs(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(method=frame["combine"], seed=frame["seed"].astype(str))


def fold_table(frame: pd.DataFrame) -> tuple[list[str], dict[str, float]]:
    """F1 per subset (mean (std) over seeds), mean F1, subsets above TadGAN, false positives per run."""
    per_subset = per_seed_subset_f1(as_runs(frame))
    heads = [SUBSETS[s] for s in SUBSETS]
    lines = ["| score | " + " | ".join(heads) + " | mean F1 | above TadGAN | false positives per run |",
             "|---|" + "---|" * (len(heads) + 3)]
    means = {}
    for combine in [c for c in NAMES if c in set(frame["combine"])]:
        cells, above, means[combine] = subset_cells(per_subset, combine)
        fp = frame[frame["combine"] == combine].groupby("seed")["fp"].sum().mean()
        lines.append(f"| {NAMES[combine]} | " + " | ".join(cells) + f" | {means[combine]:.3f} | {len(above)} of 5"
                     + (": " + ", ".join(above) if above else "") + f" | {fp:.1f} |")
    return lines, means


def paired_text(frame: pd.DataFrame, combine: str) -> str:
    """Seed by seed on one fold: `combine` against "mult" (same fitted models)."""
    from scipy import stats

    per_seed = per_seed_subset_f1(as_runs(frame)).groupby(["method", "seed"]).mean()
    mine, main = per_seed.loc[combine], per_seed.loc["mult"]
    p = stats.wilcoxon(mine, main).pvalue if (mine != main).any() and len(mine) > 2 else float("nan")
    return (f"{NAMES[combine]} above the main score on {int((mine > main).sum())} of {len(mine)} seeds, mean F1 "
            f"{mine.mean():.3f} against {main.mean():.3f} (paired Wilcoxon {p_text(p) if p == p else 'n/a'})")


def reproduction_line(reported: pd.DataFrame) -> str:
    """Does the main score reproduce the main table's LSTM GAN cells (same series and seed: same counts)?"""
    from timeseries_ensemble_report import main_gan_runs

    main = main_gan_runs()
    if main.empty:
        return "The main table's cells are not in benchmarks/results: no reproduction check."
    mine = reported[reported["combine"] == "mult"].assign(run=lambda f: f["seed"].astype(str))
    both = mine.merge(main, on=["series", "run"], suffixes=("", "_main"))
    same = (both[["tp", "fp", "fn"]].to_numpy() == both[["tp_main", "fp_main", "fn_main"]].to_numpy()).all(axis=1)
    return (f"Check: the main score gives the main table's LSTM GAN counts on {int(same.sum())} of {len(both)} "
            "(series, seed) pairs.")


def section(frame: pd.DataFrame) -> str:
    """The section's markdown."""
    from timeseries_combine import COMBINES, COMMAND  # the combine diagnostic's choice is among COMBINES

    tuning, reported = (frame[frame["fold"] == fold] for fold in ("tuning", "reported"))
    lines = ["## NAB: which part of the LSTM GAN's score makes its false positives (issue 6 diagnostic)", "",
             f"Command: `{COMMAND}`, then `{COMMAND} --critic-score features` and `{COMMAND} --critic-fake "
             "reconstruction` (section rebuilt with `--report-only` from `benchmarks/results/timeseries_combine.csv`). "
             f"Date: {datetime.now(UTC).strftime('%Y-%m-%d')}; 2 CPU "
             "cores, two fits at a time, torch on one thread.", "",
             "Each LSTM GAN of the main table's setting (30 epochs, tuned options, k = 4) is fitted once per series "
             "and seed and scored four ways from the same model; the interval rule and its options stay the main "
             "table's. The critic-only score was not in the tuning grid. Rule fixed before the reported series were "
             "scored: carry over the score with the best mean F1 on the tuning series. Overlapping-segment F1, "
             "counts pooled over a subset's series per seed, mean (std) over seeds. The two feature-residual rows come "
             "from a second run with `--critic-score features` (same seeds, so the same networks; the residual "
             "changes only the scoring), the four rows with the critic on reconstructions from a third with "
             "`--critic-fake reconstruction` (GANs trained that way, same seeds).", ""]
    chosen = None
    if not tuning.empty:
        table, means = fold_table(tuning)
        chosen = max((c for c in means if c in COMBINES), key=means.get)
        lines += [f"The 24 tuning series, seeds 0-{tuning['seed'].max()}:", "", *table, "",
                  f"Best on the tuning series: {NAMES[chosen]} ({means[chosen]:.3f})."
                  + ("" if chosen == "mult" else " " + paired_text(tuning, chosen) + "."), ""]
    if not reported.empty:
        table, means = fold_table(reported)
        lines += [f"The 29 reported series, seeds 0-{reported['seed'].max()} (the main table's series and seeds):",
                  "", *table, "", reproduction_line(reported), "",
                  "On the reported series: " + "; ".join(paired_text(reported, c) for c in COMBINES
                                                        if c != "mult" and c in means) + "."]
        if chosen is not None and chosen != "mult":
            _, above, _ = subset_cells(per_seed_subset_f1(as_runs(reported)), chosen)
            lines += ["", f"The carried-over score ({NAMES[chosen]}) is above TadGAN on {len(above)} of 5 subsets "
                      "of the reported series."]
    for intro, candidates, beside in ARMS:
        lines += arm_lines(tuning, reported, intro, candidates, beside)
    return "\n".join(lines).rstrip() + "\n"


ARMS = (  # (intro, candidate scores: the best on the tuning series is checked, scores reported beside it)
    ("Critic feature residual (`LSTMGANDetector(critic_score=\"features\")`, the same fitted GANs): the critic "
     "contributes the mean absolute difference of its convolutional features of a window and of its reconstruction "
     "(the discriminator residual of f-AnoGAN, EGBAD and AEGAN-AD) instead of its output.",
     ("mult+features",), ("critic+features",)),
    ("Critic trained on reconstructions (`LSTMGANDetector(critic_fake=\"reconstruction\")`, GANs fitted again with "
     "the same seeds): the window critic judges real windows against their reconstructions G(E(x)) instead of "
     "windows decoded from noise, and the encoder and generator also learn to fool it (discriminator-aided "
     "reconstruction, AEGAN-AD's training); scored with its output or its feature residual (AEGAN-AD's score), "
     "each times the reconstruction error; the better of the two on the tuning series is the candidate.",
     ("mult@reconstruction", "mult+features@reconstruction"),
     ("critic@reconstruction", "critic+features@reconstruction")),
)


def arm_lines(tuning: pd.DataFrame, reported: pd.DataFrame, intro: str, candidates: tuple[str, ...],
              beside: tuple[str, ...]) -> list[str]:
    """One critic variant against the main score: its best candidate on the tuning series is carried over only when
    above the main score's mean F1 by more than the tuning's refit noise (rule fixed before the reported series were
    scored); the reported series check it either way."""
    from timeseries_candidates import REFIT_NOISE

    if not set(candidates) <= set(tuning["combine"]):
        return []
    _, means = fold_table(tuning)
    best = max(candidates, key=means.get)
    gain = means[best] - means["mult"]
    lines = ["", intro + " Rule fixed before the reported series were scored: carry it over when it beats the main "
             f"score on the tuning series by more than {REFIT_NOISE} (the tuning's refit noise). Tuning series: "
             + ", ".join(f"{NAMES[c]} {means[c]:.3f}" for c in candidates) + f" against {means['mult']:.3f}; "
             f"{NAMES[best]} {gain:+.3f}: " + ("carried over." if gain > REFIT_NOISE else "not carried over.")]
    if best in set(reported["combine"]):
        _, above, _ = subset_cells(per_seed_subset_f1(as_runs(reported)), best)
        lines += ["", "On the reported series (a check either way): "
                  + "; ".join(paired_text(reported, c) for c in (best, *(c for c in candidates if c != best), *beside)
                              if c in set(reported["combine"]))
                  + f". {NAMES[best][0].upper() + NAMES[best][1:]} is above TadGAN on {len(above)} of 5 subsets"
                  + (f" ({', '.join(above)})" if above else "") + "."]
    return lines


def write(frame: pd.DataFrame, markdown: Path | None = None) -> str:
    """The section; written into `markdown` (between its markers) when given."""
    text = section(frame)
    if markdown is not None:
        from smallgan.report.markdown import write_section

        write_section(markdown, SECTION, text)
    return text
