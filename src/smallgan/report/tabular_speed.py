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
    """Per rows x dataset: CPU and wall seconds of each method's fit, and the GAN/CTGAN ratios."""
    methods = list(dict.fromkeys(frame["method"]))
    ours = [m for m in methods if m not in ("ctgan", "tvae")]
    head = ["rows", "dataset", *[f"{m} CPU s" for m in methods], *[f"{m} / ctgan CPU" for m in ours],
            *[f"{m} / ctgan wall" for m in ours]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    summary = []
    for rows, block in frame.groupby("rows", sort=True):
        for dataset, part in block.groupby("dataset", sort=False):
            cpu = [mean_std(part[part.method == m]["fit_cpu_seconds"].to_numpy(float), 2) for m in methods]
            r_cpu = [_cell(_ratios(part, m, "fit_cpu_seconds")) for m in ours]
            r_wall = [_cell(_ratios(part, m, "fit_seconds")) for m in ours]
            lines.append(f"| {rows:.0f} | {dataset} | " + " | ".join(cpu + r_cpu + r_wall) + " |")
        for m in ours:
            ratio = pd.Series([_ratios(part, m, "fit_cpu_seconds").mean()
                               for _, part in block.groupby("dataset", sort=False)]).dropna()
            if len(ratio):
                met = "meets" if ratio.mean() <= TARGET else "misses"
                summary.append(f"- {rows:.0f} rows, `{m}`: GAN / CTGAN CPU-time ratio {ratio.mean():.2f} on the mean "
                               f"over datasets (range {ratio.min():.2f}-{ratio.max():.2f}); {met} the target "
                               f"<= {TARGET}.")
    return "\n".join(lines + [""] + summary)


def _cell(values: pd.Series) -> str:
    return mean_std(values.to_numpy(float), 2) if len(values) else "-"


def section_part(frames: dict[str, pd.DataFrame], protocols: dict[str, str]) -> str | None:
    """The fit-time subsection, or None when the store has no fit-time rows."""
    parts = [frames[name] for name, protocol in protocols.items() if protocol == PROTOCOL and len(frames[name])]
    if not parts:
        return None
    frame = pd.concat(parts, ignore_index=True)
    frame["rows"] = frame["rows"].astype(float) if "rows" in frame else np.nan
    return ("### Fit time: GAN vs CTGAN / TVAE on the same rows, same epochs (300)\n\n"
            "Each cell fits one generator on the seed's draw of minority rows (the same rows for every method) "
            "and times `fit` alone; CPU seconds of the process (one torch thread) are the fair figure on this "
            "shared machine, wall seconds depend on the other jobs' load. Ratios are per dataset and seed, "
            "mean (std).\n\n" + speed_table(frame))
