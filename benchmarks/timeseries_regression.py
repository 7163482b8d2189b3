"""Report hook of the NAB diagnostic `timeseries-nab-regression` (issue 6): the LSTM GAN with AER's bidirectional
regression head (each window's code also predicts the point before and after it; the prediction error joins the
score), beside the main table's LSTM GAN without it, its LSTM autoencoder and rolling z-score and TadGAN's and AER's
published F1, on the same 29 reported series."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import REFERENCE, SUBSETS  # noqa: E402
from timeseries_budget import (  # noqa: E402
    GAN_FAMILY,
    TADGAN,
    Arm,
    BudgetRow,
    budget_rows,
    family,
    main_runs,
    subsets_above_tadgan,
    table,
    target_check,
    verdict,
)
from timeseries_cells import store_runs  # noqa: E402
from timeseries_report import summarise  # noqa: E402
from timeseries_report_notes import per_seed_mean_f1, significance_text  # noqa: E402

REGRESSION = Arm("+regression", "no regression head", "with the regression head", "head", "with the regression head")
AER = REFERENCE["AER (Orion)"]
INTRO = ("Does the prediction error that puts AER above TadGAN in Orion's benchmark lift our LSTM GAN too? These rows "
         "add AER's bidirectional regression head to the main table's LSTM GAN (LSTMGANDetector(regression=1.0): a "
         "small MLP on each window's code predicts the point before and after the window, its squared error weighted "
         'as the cycle loss; the prediction error, smoothed and z-scored on the training series, multiplies the '
         "reconstruction error, AER's default `reg_combine='mult'`, before the critic joins). Rows with the main "
         "table's options add the head to the main setting as it is (options tuned without the head); the rows with "
         "own tuned options use the head's candidate (lstmgan-e30-ema95-reg) put through the tuning protocol, its "
         'scoring (reg_combine included) and interval options chosen on the 24 tuning series (per subset: each '
         "subset's best on its 4). The ALGAN variant gets the head with its main options. The LSTM autoencoder "
         "gets the same head the same four ways (its candidate lstm-ae-"
         'reg): an AER-style model, the GAN-free peer the target check pairs each GAN row with. Same settings and 29 '
         'reported series as the main table; its rows without the head beside them. Fit seconds: cells run two at a '
         "time on the two cores. Overlapping-segment F1, counts pooled over a subset's series per seed:")


def _seeds(n: int) -> str:
    return f"{n} seed{'s' if n > 1 else ''}"


def target_line(rows: list[BudgetRow], ours: pd.DataFrame) -> str:
    """The issue's targets for each row with the head, against the main table's LSTM autoencoder and rolling z-score
    (their main options and seeds): subsets above TadGAN (3 of 5), mean F1 above both, fit time at most 5x the
    autoencoder's (its cells ran in an earlier session, two at a time as these)."""
    baselines = {name: summarise(ours[ours["method"] == name]) for name in ("lstm-ae", "zscore")
                 if not ours.empty and (ours["method"] == name).any()}
    if len(baselines) < 2:
        return ""
    ae_f1, z_f1 = (baselines[name]["f1"].mean() for name in ("lstm-ae", "zscore"))
    ae_fit = ours.loc[ours["method"] == "lstm-ae", "fit_s"].mean()
    parts = []
    for row in (r for r in rows if r.changed and family(r.method) in GAN_FAMILY):
        above, f1 = subsets_above_tadgan(row.summary), row.summary["f1"].mean()
        ratio = row.runs["fit_s"].mean() / ae_fit
        met = above >= 3 and f1 > max(ae_f1, z_f1) and ratio <= 5
        above_aer = sum(row.summary.set_index("subset")["f1"].get(s, 0.0) > AER[h] for s, h in SUBSETS.items()
                        if h in AER)
        parts.append(f"{row.name}: {above} of {len(TADGAN)} subsets above TadGAN ({above_aer} above AER), mean F1 "
                     f"{f1:.3f}, fit time {ratio:.1f}x the autoencoder's -> "
                     f"{'targets met' if met else 'targets not met'} ({_seeds(row.runs['seed'].nunique())})")
    return (f"Issue targets with the head (against the main table's LSTM autoencoder, mean F1 {ae_f1:.3f}, and rolling "
            f"z-score, {z_f1:.3f}): " + "; ".join(parts) + ".") if parts else ""


AER_STYLE = "lstm-ae+own+regression"  # the autoencoder with the head and its own options: the AER-style model
PEERS = {"lstmgan": "LSTM GAN", "lstmgan+subset": "LSTM GAN, per-subset options", "algan": "ALGAN variant",
         "lstm-ae": "LSTM autoencoder"}


def aer_style_line(runs: pd.DataFrame, ours: pd.DataFrame) -> str:
    """The AER-style autoencoder (`AER_STYLE`) against the main table's neural rows without the head, seed by seed
    (mean F1 over subsets per seed; paired Wilcoxon over the common seeds)."""
    mine = runs[runs["method"] == AER_STYLE]
    peers = [m for m in PEERS if not ours.empty and (ours["method"] == m).any()]
    if mine["seed"].nunique() < 3 or not peers:
        return ""
    both = pd.concat([mine, ours[ours["method"].isin(peers)]], ignore_index=True)
    means = per_seed_mean_f1(both)
    parts = [f"{PEERS[m]} {means.loc[m].mean():.3f}{significance_text(both, AER_STYLE, m)}" for m in peers]
    return (f"The LSTM autoencoder with the head and its own tuned options (an AER-style model, no adversarial part; "
            f"mean F1 {means.loc[AER_STYLE].mean():.3f} over {mine['seed'].nunique()} seeds) against the main table's "
            "rows without the head: " + "; ".join(parts) + ".")


NO_HEAD = "+own+nohead"  # label suffix of the ablation: an own-options row run again with regression 0
ABLATED = {"lstmgan": "LSTM GAN", "lstm-ae": "LSTM autoencoder"}


def head_or_options_line(runs: pd.DataFrame, ours: pd.DataFrame) -> str:
    """Per family with an ablation row: the main row (main options, no head) -> the own options without the head ->
    with it, seed by seed, so that the own-option rows' change splits into the options' part and the head's."""
    parts = []
    for estimator, name in ABLATED.items():
        head, plain = f"{estimator}+own+regression", f"{estimator}{NO_HEAD}"
        rows = runs[runs["method"].isin([head, plain])]
        main = ours[ours["method"] == estimator] if not ours.empty else ours
        if rows["method"].nunique() < 2 or main.empty:
            continue
        both = pd.concat([rows, main], ignore_index=True)
        f1 = per_seed_mean_f1(both).groupby("method").mean()
        parts.append(f"{name}: main options {f1[estimator]:.3f}, own options without the head {f1[plain]:.3f}, with "
                     f"the head {f1[head]:.3f}: the options {f1[plain] - f1[estimator]:+.3f}"
                     f"{significance_text(both, plain, estimator)}, the head {f1[head] - f1[plain]:+.3f}"
                     f"{significance_text(both, head, plain)}")
    return ("Head or options? The own-option rows run again without the head (regression 0: the same scoring and "
            "interval options, nothing for `reg_combine` to add), mean F1 over the same seeds: "
            + "; ".join(parts) + ".") if parts else ""


def regression_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-regression` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    runs = store_runs(cells, experiments)
    if runs.empty:
        return provenance(cells, experiments)
    ours = main_runs()
    ablation = runs["method"].str.endswith(NO_HEAD)
    rows = budget_rows(runs[~ablation], ours, REGRESSION)
    subsets = [s for s in SUBSETS if s in set(runs["subset"])]
    aer = "| AER (Orion), published | " + " | ".join(f"{AER[SUBSETS[s]]:.3f}" if SUBSETS[s] in AER else "-"
                                                    for s in subsets) + " | - | - | - | - | - |"
    text = ["## NAB: the LSTM GAN with a bidirectional regression head (issue 6 diagnostic)", "",
            provenance(cells, experiments), "", INTRO, "", *table(rows, subsets), aer, "",
            verdict(rows, REGRESSION), "", head_or_options_line(runs, ours), "", aer_style_line(runs, ours), "",
            target_check(rows, arm=REGRESSION), "", target_line(rows, ours)]
    return "\n".join(text).rstrip() + "\n"
