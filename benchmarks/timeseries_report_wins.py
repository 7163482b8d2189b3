"""Parts of the NAB section of BENCHMARKS.md (benchmarks/timeseries_report.py): where the LSTM GAN wins and loses
per subset, and observations computed from the raw runs."""

from __future__ import annotations

import json

import pandas as pd

from timeseries import LABELS, REFERENCE

SHORT = {"lstmgan": "GAN", "lstmgan-15ep": "GAN 15 ep.", "algan": "ALGAN", "lstm-ae": "LSTM-AE", "iforest": "IForest",
         "zscore": "z-score", "aer": "AER-style"}


def wins_and_losses_lines(summary: pd.DataFrame, heads: list, subsets: list, runs: pd.DataFrame) -> list[str]:
    """Per subset: what the LSTM GAN beats and what beats it (methods, published references), with fit seconds."""
    f1 = summary.pivot(index="subset", columns="method", values="f1")
    if "lstmgan" not in f1:
        return []
    fit = runs.groupby(["subset", "method"])["fit_s"].mean().unstack()
    score = runs.groupby(["subset", "method"])["interval_s"].mean().unstack()
    timed = [m for m in ("lstmgan", "lstm-ae", "zscore") if m in fit]
    lines = ["Where the LSTM GAN wins and loses, per subset (F1; seconds per series, mean over runs: fit + scoring "
             "/ interval search):", "", "| subset | LSTM GAN F1 | beats | beaten by | "
             + " | ".join(f"{SHORT[m]} s" for m in timed) + " |", "|---|---|---|---|" + "---|" * len(timed)]
    for head, subset in zip(heads, subsets, strict=True):
        ours = f1.loc[subset, "lstmgan"]
        rivals = {SHORT[m]: f1.loc[subset, m] for m in f1.columns if m != "lstmgan" and pd.notna(f1.loc[subset, m])}
        rivals.update({label.split()[0]: ref[head] for label, ref in REFERENCE.items() if head in ref})
        better = sorted(((v, k) for k, v in rivals.items() if v > ours), reverse=True)
        worse = sorted(((v, k) for k, v in rivals.items() if v <= ours), reverse=True)
        times = " | ".join(f"{fit.loc[subset, m]:.1f} / {score.loc[subset, m]:.2f}" for m in timed)
        lines.append(f"| {head} | {ours:.3f} | " + (", ".join(f"{k} {v:.3f}" for v, k in worse) or "none") + " | "
                     + (", ".join(f"{k} {v:.3f}" for v, k in better) or "none") + f" | {times} |")
    return lines


def observation_lines(runs: pd.DataFrame, mean_f1: dict) -> list[str]:
    """Observations computed from the raw runs (where the interval rule, not the scores, decides)."""
    if "point_auc" not in runs:
        return []
    # the AUC table's mean column: the mean over subsets of each subset's mean over series and seeds
    auc = runs.groupby(["method", "subset"])["point_auc"].mean().groupby("method").mean().round(3)
    intervals = runs.groupby("method")["n_intervals"].mean()
    out = []
    if "iforest" in mean_f1 and mean_f1["iforest"] < 0.2:
        out.append(f"IForest on windows has a mean point-wise AUC of {auc['iforest']:.3f} but a mean F1 of "
                   f"{mean_f1['iforest']:.3f}: it reports {intervals['iforest']:.2f} intervals per series on average, "
                   "because its window-averaged scores are broad smooth bumps that seldom pass the sliding mean + "
                   "k std rule (even with the lower k tried for the baselines; the rule suits spiky scores such as "
                   "TadGAN's); its scores are good, our interval rule does not fit them.")
    best = max(mean_f1, key=mean_f1.get)
    top_auc = " and ".join(LABELS[m] for m in auc.index[auc == auc.max()])
    out.append(f"Best mean F1: {LABELS[best]} ({mean_f1[best]:.3f}); best mean AUC (over subsets, as in the AUC "
               f"table): {top_auc} ({auc.max():.3f}).")
    for method in ("lstmgan", "algan"):
        options = runs.loc[runs["method"] == method, "options"].dropna()
        if len(options) and all(json.loads(o).get("combine") == "rec" for o in options):
            out.append(f"The {LABELS[method]}'s chosen scoring ignores its critic (combine: rec): its F1 comes from "
                       "the reconstructions of its adversarially trained encoder / generator alone.")
    return ["", "Notes: " + " ".join(out)]
