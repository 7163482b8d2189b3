"""The fit-time table of the tabular section (specs `tabular-speed*`, protocol `smallgan.evaluate.fit_time`).

Ratios are taken per dataset and seed (the same rows for every method), then averaged; the issue's target is a
GAN / CTGAN ratio of at most 0.2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..evaluate.stats import mean_std

PROTOCOL = "smallgan.evaluate.fit_time:fit_time_cell"
TARGET = 0.2


def _ratios(frame: pd.DataFrame, method: str, column: str) -> pd.Series:
    """Per (dataset, seed) ratio method / ctgan of `column`."""
    wide = frame.pivot_table(index=["dataset", "seed"], columns="method", values=column)
    if method not in wide or "ctgan" not in wide:
        return pd.Series(dtype=float)
    return (wide[method] / wide["ctgan"]).dropna()


def speed_table(frame: pd.DataFrame) -> str:
    """Per experiment x dataset: rows, CPU seconds of each method's fit, and the GAN/CTGAN CPU and wall ratios."""
    lines, summary = [], []
    for experiment, block in frame.groupby("experiment", sort=False):
        methods = list(dict.fromkeys(block["method"]))
        ours = [m for m in methods if m not in ("ctgan", "tvae")]
        head = ["dataset", "rows", *[f"{m} CPU s" for m in methods], *[f"{m} / ctgan CPU" for m in ours],
                *[f"{m} / ctgan wall" for m in ours]]
        lines += [f"`{experiment}`", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        per_dataset: dict[str, list[float]] = {m: [] for m in ours}
        for dataset, part in block.groupby("dataset", sort=False):
            cpu = [_cell(part[part.method == m]["fit_cpu_seconds"]) for m in methods]
            ratios = {m: _ratios(part, m, "fit_cpu_seconds") for m in ours}
            walls = [_cell(_ratios(part, m, "fit_seconds")) for m in ours]
            for m in ours:
                if len(ratios[m]):
                    per_dataset[m].append(float(ratios[m].mean()))
            lines.append(f"| {dataset} | {part['rows'].max():.0f} | " + " | ".join(
                cpu + [_cell(ratios[m]) for m in ours] + walls) + " |")
        lines.append("")
        for m, values in per_dataset.items():
            if values:
                met = "meets" if np.mean(values) <= TARGET else "misses"
                summary.append(f"- `{experiment}`, `{m}`: GAN / CTGAN CPU-time ratio {np.mean(values):.2f} on the "
                               f"mean over datasets (range {min(values):.2f}-{max(values):.2f}); {met} the target "
                               f"<= {TARGET}.")
    return "\n".join(lines + summary)


def _cell(values: pd.Series) -> str:
    values = values.dropna()
    return mean_std(values.to_numpy(float), 2) if len(values) else "-"


def section_part(frames: dict[str, pd.DataFrame], protocols: dict[str, str]) -> str | None:
    """The fit-time subsection, or None when the store has no fit-time rows."""
    parts = [frames[name] for name, protocol in protocols.items() if protocol == PROTOCOL and len(frames[name])]
    if not parts:
        return None
    frame = pd.concat(parts, ignore_index=True)
    return ("### Fit time: GAN vs CTGAN / TVAE on the same rows, same epochs (300)\n\n"
            "Each cell fits one generator on the seed's draw of minority rows (the same rows for every method) "
            "and times `fit` alone; CPU seconds of the process (one torch thread) are the fair figure on this "
            "shared machine, wall seconds depend on the other jobs' load. Ratios are per dataset and seed, "
            "mean (std).\n\n" + speed_table(frame))
