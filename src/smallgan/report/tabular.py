"""Report hook of the tabular augmentation section (issue #3): specs `tabular-main`, `tabular-widths` and
`tabular-scale` (benchmarks/specs/tabular_*.yaml) -> downstream scores, paired GAN-vs-SMOTE tests, the CTGAN/TVAE
fit-time comparison, the lecture's widths x losses with its published reference numbers, and the KDD scale row.

Example:
    >>> section(store.cells(), store.experiments())   # via `report: "smallgan.report.tabular:section"`
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..evaluate.stats import holm, mean_std, paired_comparison
from .sections import by_classifier, metrics_frame, provenance
from .tabular_speed import section_part as speed_part

METRIC = "balanced_accuracy"
CLASSIFIERS = ("tree", "logreg", "rf")
LECTURE = ("Lecture reference (full data, first-70% split): cancer original 0.888 acc / 0.679 prec / 0.974 rec, "
           "GAN 256/512 0.935 / 0.853 / 0.896; diabetes original 0.748 / 0.784 / 0.367, GAN 256/512 "
           "0.706 / 0.582 / 0.584.")


def _cell(values: pd.Series) -> str:
    return mean_std(values.to_numpy(dtype=float), 3)


def main_table(main: pd.DataFrame) -> str:
    lines = ["| dataset | sampler | bal. acc. tree | bal. acc. logreg | bal. acc. RF | F1 tree | recall tree | "
             "fit s |", "|---|---|---|---|---|---|---|---|"]
    for dataset, part in main.groupby("dataset", sort=False):
        for sampler, rows in part.groupby("sampler", sort=False):
            by = {c: r for c, r in rows.groupby("classifier")}
            cells = [_cell(by[c][METRIC]) if c in by else "-" for c in CLASSIFIERS]
            tree = by.get("tree", rows)
            lines.append(f"| {dataset} | {sampler} | " + " | ".join(cells) +
                         f" | {_cell(tree['f1'])} | {_cell(tree['recall'])} | {tree['fit_seconds'].mean():.2f} |")
    return "\n".join(lines)


def verdict_table(main: pd.DataFrame, candidate: str, references: tuple[str, ...]) -> str:
    lines = [f"| dataset | classifier | vs | mean diff ({METRIC}) | p (Wilcoxon) | p (Holm) | verdict |",
             "|---|---|---|---|---|---|---|"]
    records = []
    for dataset, part in main.groupby("dataset", sort=False):
        for classifier in CLASSIFIERS:
            rows = part[part.classifier == classifier]
            a = rows[rows.sampler == candidate].set_index("repeat")[METRIC]
            for reference in references:
                b = rows[rows.sampler == reference].set_index("repeat")[METRIC]
                common = a.index.intersection(b.index)
                if len(common) >= 2:
                    records.append((dataset, classifier, reference, paired_comparison(a.loc[common], b.loc[common])))
    adjusted = holm([r[3]["p_value"] for r in records]) if records else []
    for (dataset, classifier, reference, result), p_holm in zip(records, adjusted, strict=True):
        verdict = {"better": "GAN helps", "worse": "GAN hurts", "tie": "tie"}[result["verdict"]]
        if p_holm >= 0.05 and verdict != "tie":
            verdict += " (not after Holm)"
        lines.append(f"| {dataset} | {classifier} | {reference} | {result['mean_diff']:+.3f} | "
                     f"{result['p_value']:.3f} | {p_holm:.3f} | {verdict} |")
    return "\n".join(lines)


def peer_table(main: pd.DataFrame) -> str:
    lines = ["| dataset | GAN fit s | CTGAN fit s | GAN / CTGAN time | TVAE fit s | bal. acc. GAN (mean of 3 clf) | "
             "CTGAN | TVAE | SMOTE |", "|---|---|---|---|---|---|---|---|---|"]
    means = {}
    peer_repeats = main[main.sampler == "ctgan"].groupby("dataset").repeat.unique()
    main = main[[r in set(peer_repeats.get(d, [])) for d, r in zip(main.dataset, main.repeat, strict=True)]]
    for dataset, part in main.groupby("dataset", sort=False):
        fit = part.groupby("sampler")["fit_seconds"].mean()
        score = part.groupby("sampler")[METRIC].mean()
        if not {"gan", "ctgan"} <= set(fit.index):
            continue
        means[dataset] = score
        lines.append(f"| {dataset} | {fit['gan']:.2f} | {fit['ctgan']:.2f} | {fit['gan'] / fit['ctgan']:.2f} | "
                     f"{fit.get('tvae', np.nan):.2f} | {score['gan']:.3f} | {score['ctgan']:.3f} | "
                     f"{score.get('tvae', np.nan):.3f} | {score.get('smote', np.nan):.3f} |")
    if means:
        frame = pd.DataFrame(means).T
        ratio = main[main.sampler == "gan"].fit_seconds.mean() / main[main.sampler == "ctgan"].fit_seconds.mean()
        lines.append(f"| **mean over datasets** | | | {ratio:.2f} | | {frame['gan'].mean():.3f} | "
                     f"{frame['ctgan'].mean():.3f} | {frame.get('tvae', pd.Series([np.nan])).mean():.3f} | "
                     f"{frame.get('smote', pd.Series([np.nan])).mean():.3f} |")
    return "\n".join(lines)


def widths_table(widths: pd.DataFrame, main: pd.DataFrame | None) -> str:
    lines = ["| dataset | GAN (loss, G widths) | accuracy | precision | recall | bal. acc. | fit s |",
             "|---|---|---|---|---|---|---|"]
    best_rows = []
    for dataset, part in widths.groupby("dataset", sort=False):
        reference = main[(main.dataset == dataset) & (main.classifier == "tree")] if main is not None else \
            pd.DataFrame(columns=["sampler", "repeat", METRIC])
        repeats = sorted(part.repeat.unique())
        for label in ("none", "smote"):
            rows = reference[(reference.sampler == label) & reference.repeat.isin(repeats)]
            if len(rows):
                lines.append(f"| {dataset} | {label} (same splits) | {_cell(rows.accuracy)} | "
                             f"{_cell(rows.precision)} | {_cell(rows.recall)} | {_cell(rows[METRIC])} | - |")
        for sampler, rows in part.groupby("sampler", sort=False):
            lines.append(f"| {dataset} | {sampler} | {_cell(rows.accuracy)} | {_cell(rows.precision)} | "
                         f"{_cell(rows.recall)} | {_cell(rows[METRIC])} | {rows.fit_seconds.mean():.2f} |")
        best = part.groupby("sampler")[METRIC].mean().idxmax()
        smote = reference[reference.sampler == "smote"].set_index("repeat")[METRIC]
        ours = part[part.sampler == best].set_index("repeat")[METRIC]
        common = ours.index.intersection(smote.index)
        if len(common) >= 2:
            result = paired_comparison(ours.loc[common], smote.loc[common])
            best_rows.append(f"- {dataset}: best GAN setting `{best}` vs SMOTE (tree, {len(common)} paired "
                             f"splits): diff {result['mean_diff']:+.3f}, p={result['p_value']:.3f} -> "
                             f"{result['verdict']} (the best setting is picked on these same splits, so this "
                             "favours the GAN)")
    return "\n".join(lines + [""] + best_rows)


def scale_table(scale: pd.DataFrame) -> str:
    lines = ["| rows | columns | encoded dim | loss | epochs | load s | fit s | sample s (rows) | peak RSS MB | "
             "dtypes kept |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in scale.itertuples():
        lines.append(f"| {r.rows:.0f} | {r.columns:.0f} | {r.encoded_dim:.0f} | {r.params.get('loss', '?')} | "
                     f"{r.params.get('epochs', '?')} | {r.load_seconds:.1f} | {r.fit_seconds:.1f} | "
                     f"{r.sample_seconds:.2f} ({r.n_sample}) | {r.peak_rss_mb:.0f} | {bool(r.sample_dtypes_match)} |")
    return "\n".join(lines)


def _settings(cells: pd.DataFrame, experiment: str) -> dict:
    mine = cells[cells["experiment"] == experiment]
    return mine["settings"].iloc[0] if len(mine) else {}


def _samplers_text(frame: pd.DataFrame) -> str:
    """What each non-classical sampler was, from the parameters the cells recorded (library defaults included)."""
    recorded = frame["sampler_params"] if "sampler_params" in frame else pd.Series(np.nan, index=frame.index)
    texts = []
    for row, params in zip(frame.drop_duplicates("method").itertuples(), recorded[~frame["method"].duplicated()],
                           strict=True):
        if row.estimator in ("gan", "cgan", "ctgan", "tvae"):
            texts.append(f"`{row.method}` = `{params}`" if isinstance(params, str) else
                         f"`{row.method}` = `{row.estimator}` with {row.params} (other parameters: library defaults "
                         "of the rows' commit)")
    return "Samplers as run: " + "; ".join(texts) + "." if texts else ""


def section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `tabular` BENCHMARKS.md section from the store rows of the tabular experiments."""
    protocols = dict(zip(experiments["experiment"], experiments["protocol"], strict=True))
    frames = {name: metrics_frame(cells[cells["experiment"] == name], experiments) for name in protocols}
    parts = ["## Tabular augmentation (issue #3)", provenance(cells, experiments)]
    main = widths = None
    for name, protocol in protocols.items():
        rows = frames[name].rename(columns={"seed": "repeat", "method": "sampler"})
        if rows.empty or protocol != "oversampling":
            continue
        classifiers = list(_settings(cells, name).get("classifiers", ["tree"]))
        long = by_classifier(rows, classifiers)
        if len(classifiers) > 1:
            main = long
        else:
            labels = {label: f"{p.get('loss', '?')} {'/'.join(map(str, p.get('hidden', [])))}"
                      for label, p in zip(long["sampler"], long["params"], strict=True)}
            widths = long.assign(sampler=long["sampler"].map(labels))
    if main is not None:
        settings = _settings(cells, "tabular-main") or _settings(cells, main["experiment"].iloc[0])
        parts.append(f"Protocol: repeated stratified {1 - settings.get('test_size', 0.3):.0%}/"
                     f"{settings.get('test_size', 0.3):.0%} splits (cell seed = repeat of the splits drawn from "
                     f"split seed {settings.get('split_seed')}); the training minority is capped at "
                     f"{settings.get('minority_cap')} rows, oversampling touches the training part only. "
                     + _samplers_text(frames[main["experiment"].iloc[0]]) +
                     " Timings come from a machine shared with other jobs, all methods under the same load.")
        parts.append(f"Repeats per dataset: {main.groupby('dataset').repeat.nunique().to_dict()} (the library "
                     "default is 20; the benchmark uses fewer to fit the CPU budget).")
        parts.append("### Downstream scores, mean (std) over repeats\n\n" + main_table(main))
        parts.append("### Does the GAN help? Paired Wilcoxon tests over the same splits, Holm-corrected\n\n"
                     + verdict_table(main, "gan", ("smote", "none")))
        parts.append("### GAN vs the CTGAN / TVAE peers (same rows, same epochs, the repeats where the peers ran)"
                     "\n\n" + peer_table(main))
    if widths is not None:
        parts.append("### The lecture's MLP widths x losses (decision tree, minority capped at 20)\n\n"
                     f"{LECTURE}\n\n" + widths_table(widths, main))
    speed = speed_part(frames, protocols)
    if speed:
        parts.append(speed)
    scales = [name for name, protocol in protocols.items() if protocol == "tabular_scale" and len(frames[name])]
    if scales:
        scale = pd.concat([frames[name].assign(n_sample=_settings(cells, name).get("n_sample", "?"))
                           for name in scales])
        parts.append("### Scale: KDD Cup 99 10% file (mixed numeric + 3 categorical columns)\n\n"
                     "Fitted in a child process; peak RSS is that process's.\n\n" + scale_table(scale))
    return "\n\n".join(parts)
