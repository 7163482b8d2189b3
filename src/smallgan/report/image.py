"""Report hooks of the image sections (issue 5), from the store's rows:

`augmentation_section`: specs `image-pneumonia-50`, `image-pneumonia-200`, `image-digits-20`, `image-mnist-20`
(protocol `image_arms` with per-fold metrics) and `image-diffaugment` -> per-set arms tables, tests paired over
(seed, fold) against classic augmentation, the "did the GAN help?" verdicts and the DiffAugment FID-style check.
`imbalanced_section`: spec `image-imbalanced` -> per-arm sensitivity / specificity table and paired Wilcoxon tests
of the GAN arms against the classical ways of balancing.

Example:
    >>> imbalanced_section(store.cells(), store.experiments())   # `report: "smallgan.report.image:imbalanced_section"`
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..evaluate.stats import mean_std, paired_comparison
from .sections import by_classifier, metrics_frame, provenance

SET_ORDER = ("image-pneumonia-50", "image-pneumonia-200", "image-digits-20", "image-mnist-20")


def imbalanced_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `image-imbalanced` BENCHMARKS.md section."""
    rows = metrics_frame(cells, experiments).rename(columns={"method": "arm"})
    settings = next(iter(cells["settings"]), {})
    arms = list(dict.fromkeys(rows["arm"]))
    lines = ["| arm | training images (normal) | sensitivity (pneumonia) | specificity (normal) | balanced acc. | "
             "GAN s |", "|---|---|---|---|---|---|"]
    for arm in arms:
        part = rows[rows.arm == arm]
        lines.append(f"| {arm} | {int(part.n_train.mean())} ({int(part.n_normal.mean())}) | "
                     f"{mean_std(part.sensitivity_1)} | {mean_std(part.sensitivity_0)} | "
                     f"{mean_std(part.balanced_accuracy)} | {part.gan_seconds.mean():.0f} |")
    tests = []
    for arm in ("gan", "gan_diffaugment"):
        for reference in ("none", "random", "class_weight"):
            a = rows[rows.arm == arm].set_index("seed").balanced_accuracy
            b = rows[rows.arm == reference].set_index("seed").balanced_accuracy
            common = a.index.intersection(b.index)
            if len(common) >= 2:
                result = paired_comparison(a.loc[common], b.loc[common])
                tests.append(f"- {arm} vs {reference}: balanced accuracy {result['mean_diff']:+.3f} over "
                             f"{len(common)} seeds, Wilcoxon p = {result['p_value']:.3f} -> {result['verdict']}")
    raw = rows[rows.arm == "none"]
    normal, total = (int(raw.n_normal.mean()), int(raw.n_train.mean())) if len(raw) else (0, 0)
    return "\n".join([
        "## PneumoniaMNIST with its natural imbalance (issue 5)", "", provenance(cells, experiments), "",
        f"Training split of `{rows.dataset.iloc[0] if len(rows) else '?'}` as staged ({normal} normal vs "
        f"{total - normal} pneumonia), official test split. Same small CNN and {settings.get('cnn_steps')} gradient "
        f"steps in every arm; the GAN is one DCGAN on the {normal} normal images ({settings.get('gan_steps')} "
        f"generator steps, CPU-sized), filling the gap. Settings: `{settings}`. Seeds: "
        f"{sorted(rows.seed.unique().tolist())} (paired Wilcoxon over seeds below).", "", *lines, "", *tests])


def _ms(values: pd.Series, digits: int = 3) -> str:
    return mean_std(values.astype(float), digits)


def _binary(frame: pd.DataFrame) -> tuple[bool, str, str]:
    binary = "sensitivity_1" in frame and frame["sensitivity_1"].notna().all() and \
        not ("sensitivity_2" in frame and frame["sensitivity_2"].notna().any())
    return (binary, *(("sensitivity_1", "specificity_1") if binary else ("mean_sensitivity", "mean_specificity")))


def arms_table(frame: pd.DataFrame) -> list[str]:
    """Mean (std) over seeds x folds per arm; binary sets show pneumonia (label 1) as the positive class."""
    binary, sens, spec = _binary(frame)
    lines = [f"| arm | runs | sensitivity | specificity | balanced acc. | GAN train s | "
             f"{'confusion [[TN, FP], [FN, TP]] (sum)' if binary else 'accuracy'} |", "|---|---|---|---|---|---|---|"]
    for arm in dict.fromkeys(frame["arm"]):
        part = frame[frame["arm"] == arm]
        last = str(np.sum([json.loads(c) for c in part["confusion"]], axis=0).tolist()) if binary else \
            _ms(part["accuracy"])
        lines.append(f"| {arm} | {len(part)} | {_ms(part[sens])} | {_ms(part[spec])} | "
                     f"{_ms(part['balanced_accuracy'])} | {part['gan_seconds'].mean():.0f} | {last} |")
    return lines


def paired_lines(frame: pd.DataFrame, winners: list[str]) -> list[str]:
    """Wilcoxon signed-rank tests of each GAN arm (and none) vs classic, paired over (seed, fold)."""
    _, sens, spec = _binary(frame)
    base = frame[frame["arm"] == "classic"].set_index(["seed", "fold"])
    lines = ["| arm vs classic | sensitivity diff (p, verdict) | specificity diff (p, verdict) | "
             "balanced acc. diff (p, verdict) | beats classic on both? |", "|---|---|---|---|---|"]
    for arm in ("dcgan", "dcgan_diffaugment", "acgan", "sgan", "none"):
        other = frame[frame["arm"] == arm].set_index(["seed", "fold"])
        keys = base.index.intersection(other.index)
        if len(keys) < 2:
            continue
        cells, verdicts = [], []
        for metric in (sens, spec, "balanced_accuracy"):
            test = paired_comparison(other.loc[keys, metric], base.loc[keys, metric])
            cells.append(f"{test['mean_diff']:+.3f} (p={test['p_value']:.3f}, {test['verdict']})")
            verdicts.append(test["verdict"])
        both = "yes" if verdicts[0] == verdicts[1] == "better" else "no"
        if both == "yes" and arm != "none":
            winners.append(arm)
        lines.append(f"| {arm} | {' | '.join(cells)} | {both} |")
    return lines


def diffaugment_lines(frame: pd.DataFrame) -> list[str]:
    """Frame: one row per (seed, diffaugment) with fid, precision, recall, memorised, gan_seconds."""
    from scipy.stats import ttest_rel

    lines = ["| DiffAugment | runs | FID-style (lower better) | precision | recall | memorised | GAN train s |",
             "|---|---|---|---|---|---|---|"]
    for use in (False, True):
        part = frame[frame["diffaugment"] == use]
        lines.append(f"| {'with' if use else 'without'} | {len(part)} | {_ms(part['fid'], 2)} | "
                     f"{_ms(part['precision'])} | {_ms(part['recall'])} | {_ms(part['memorised'])} | "
                     f"{part['gan_seconds'].mean():.0f} |")
    with_da = frame[frame["diffaugment"]].set_index("seed")["fid"]
    without = frame[~frame["diffaugment"]].set_index("seed")["fid"]
    keys = with_da.index.intersection(without.index)
    if len(keys) >= 2:
        test = paired_comparison(-with_da.loc[keys], -without.loc[keys])
        t_p = float(ttest_rel(with_da.loc[keys], without.loc[keys]).pvalue)
        improved = int((with_da.loc[keys] < without.loc[keys]).sum())
        lines += ["", f"DiffAugment lowered the FID-style distance in {improved} of {len(keys)} seeds (mean change "
                  f"{-test['mean_diff']:+.2f}; paired t-test p={t_p:.3f}; Wilcoxon p={test['p_value']:.3f}: "
                  f"{'significant' if test['verdict'] != 'tie' else 'not significant'} at 0.05 with {len(keys)} "
                  "pairs)."]
    return lines


def _above(frame: pd.DataFrame, reference: str) -> list[str]:
    means = frame.groupby("arm")["balanced_accuracy"].mean()
    return [a for a in dict.fromkeys(frame["arm"]) if a not in ("none", "classic") and means[a] > means[reference]]


def _fold_rows(cells: pd.DataFrame, experiments: pd.DataFrame) -> pd.DataFrame:
    frame = metrics_frame(cells, experiments)
    folds = sorted({c.split("@")[1] for c in frame.columns if "@fold" in str(c)})
    long = by_classifier(frame, folds).rename(columns={"method": "arm"})
    return long.assign(fold=long["classifier"].str.removeprefix("fold").astype(int))


def augmentation_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `image-augmentation` BENCHMARKS.md section: per set the arms table, paired tests against classic and
    a verdict; then the DiffAugment check."""
    body = ["## Image augmentation for small medical sets (issue 5)", "", provenance(cells, experiments), "",
            "Protocol (Frid-Adar): per seed, draw n x 3/2 images per class from the training pool, 3 stratified "
            "folds, each arm trains on the n-per-class training part and is scored on the held-out test images "
            "(PneumoniaMNIST: official test split; digits: 797 held-out images; MNIST: its 10,000 test images split "
            "80/20 with a fixed seed into pool and held-out images). The same CNN gets the same number of gradient "
            "steps in every arm; each set's settings are listed under it. Very short CPU training (tens to hundreds "
            "of generator steps instead of the papers' hundreds of epochs).",
            "Sample grids and confusion matrices (from the former script): `benchmarks/results/image_grid_*.png`, "
            "`benchmarks/results/image_confusion_*.png`."]
    verdicts = []
    order = {name: index for index, name in enumerate(SET_ORDER)}
    experiments = experiments.sort_values("experiment", key=lambda names: names.map(lambda n: order.get(n, 99)),
                                          kind="stable")
    for row in experiments.itertuples():
        mine = cells[cells["experiment"] == row.experiment]
        if row.protocol != "image_arms" or not (mine["status"] == "ok").any():
            continue
        frame = _fold_rows(mine, experiments)
        settings = mine["settings"].iloc[0]
        body += ["", f"### {row.experiment.removeprefix('image-')} (`{frame.dataset.iloc[0]}`, n = "
                     f"{settings.get('n_per_class')} training images per class, seeds "
                     f"{sorted(frame['seed'].unique().tolist())} x {frame['fold'].nunique()} folds)", "",
                 f"Settings: `{settings}`.", "", *arms_table(frame), "", "Paired over (seed, fold), Wilcoxon "
                 "signed-rank:", ""]
        winners: list[str] = []
        body += paired_lines(frame, winners)
        if "classic" in set(frame["arm"]) and "none" in set(frame["arm"]):
            verdicts.append(f"{row.experiment.removeprefix('image-')}: " + (
                f"{', '.join(winners)} beat classic on both sensitivity and specificity (paired test)" if winners
                else "no GAN arm beats classic on both sensitivity and specificity with a significant paired test")
                + f"; higher mean balanced accuracy than classic: {', '.join(_above(frame, 'classic')) or 'none'}; "
                f"than no augmentation at all: {', '.join(_above(frame, 'none')) or 'none'}.")
    if verdicts:
        body += ["", "**Did the GAN help?** (Frid-Adar saw 78.6/88.4 -> 85.7/92.4 % sensitivity/specificity "
                     "with hundreds of GAN epochs on 64x64 lesions.)", "", *[f"- {v}" for v in verdicts]]
    for row in experiments.itertuples():
        mine = cells[cells["experiment"] == row.experiment]
        if row.protocol == "image_diffaugment" and (mine["status"] == "ok").any():
            long = by_classifier(metrics_frame(mine, experiments), ["without", "with"])
            settings = mine["settings"].iloc[0]
            body += ["", f"### DiffAugment check (`{long.dataset.iloc[0]}`, {settings.get('n_per_class')} real images "
                         f"per class, per-class DCGAN, {settings.get('gan_steps')} generator steps, no classic "
                         "augmentation)", "",
                     "FID-style distance: Fréchet distance in the features of a CNN trained on the training pool (not "
                     "Inception; comparable only within this table), against the test images; precision/recall: "
                     "k-NN manifolds (k=3); memorised: share of samples closer to a training image than half the "
                     "median training-set nearest-neighbour distance.", "",
                     *diffaugment_lines(long.assign(diffaugment=long["classifier"] == "with"))]
    return "\n".join(body)
