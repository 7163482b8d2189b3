"""Report hook of the natural-imbalance image section (issue 5): spec `image-imbalanced`
(benchmarks/specs/image_imbalanced.yaml) -> per-arm sensitivity / specificity table and paired Wilcoxon tests of
the GAN arms against the classical ones, from the store's rows.

Example:
    >>> imbalanced_section(store.cells(), store.experiments())   # `report: "smallgan.report.image:imbalanced_section"`
"""

from __future__ import annotations

import pandas as pd

from ..evaluate.stats import mean_std, paired_comparison
from .sections import metrics_frame, provenance


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
