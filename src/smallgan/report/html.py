"""Static HTML report and BENCHMARKS.md sections from a result store.

`build_report(db, out)` writes `out/index.html` plus PNG figures (no server, no network): per experiment the
results table (best per row in bold, significance marks), the ranking with a pooled paired test, box plots over
seeds and a critical-difference diagram, then the capability sections written by the specs' report hooks (the
same text as in BENCHMARKS.md) and any extra figures. The report is built in a temporary folder and
swapped in at the end, so an interrupted build never leaves a half-written report behind.

Example:
    >>> build_report("runs/bench.sqlite", "report")        # report/index.html
    >>> write_markdown("runs/bench.sqlite", "BENCHMARKS.md")  # sections grid-<experiment>
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..grid.store import ResultStore, StoreError
from .sections import markdown_to_html, render_sections
from .tables import ALPHA, ExperimentSummary, summarize_experiment

_IMAGE_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".gif")


def load_summaries(db: str | Path) -> list[ExperimentSummary]:
    """One summary per experiment in the store; StoreError if the file is missing or holds no results."""
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"result store {path} does not exist; run `smallgan bench run SPEC --db {path}` first")
    store = ResultStore(path)
    cells, experiments = store.cells(), store.experiments()
    if cells.empty:
        raise StoreError(f"result store {path} has no results yet; run `smallgan bench run SPEC --db {path}`")
    results = store.results()
    summaries = []
    for _, experiment in experiments.iterrows():
        name = experiment["experiment"]
        mine = cells[cells["experiment"] == name]
        if len(mine):
            summaries.append(summarize_experiment(experiment, mine, results[results["experiment"] == name]))
    return summaries


def build_report(db: str | Path, out: str | Path, extra_figures: str | Path | None = None,
                 title: str = "smallgan benchmark report", source: str | None = None,
                 overview: str | None = None) -> Path:
    """Write `out/index.html` and `out/figures/*.png`; returns the path of index.html.

    `source` names where the rows come from in the page header (default: the database path), e.g. the committed
    CSV files a temporary store was rebuilt from; `overview` is a sentence shown under it (e.g. the estimated
    time of a full benchmark run)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    summaries = load_summaries(db)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    staging.chmod(0o755)
    try:
        (staging / "figures").mkdir()
        sections = [{"summary": s, "slug": _slug(s.name), "figures": _experiment_figures(s, staging)}
                    for s in summaries]
        extras = _copy_extra_figures(extra_figures, staging) if extra_figures else []
        capability = [{"name": name, "slug": "section-" + _slug(name), "html": markdown_to_html(body)}
                      for name, body, hooked in render_sections(db) if hooked]
        environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                                  autoescape=select_autoescape(["html"]))
        html = environment.get_template("report.html").render(
            title=title, sections=sections, extras=extras, alpha=ALPHA, database=source or str(db),
            overview=overview, capability=capability,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), fmt=_format, gan_notes=_gan_notes)
        (staging / "index.html").write_text(html, encoding="utf-8")
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / "index.html"


def write_markdown(db: str | Path, path: str | Path, prefix: str = "grid-") -> list[str]:
    """Write the BENCHMARKS.md sections of the store: a spec's `section` (default `<prefix><name>`), written by
    its `report` hook or by `markdown_section` (see `smallgan.report.sections`)."""
    from .sections import write_sections

    load_summaries(db)  # a clear error for a missing or empty store
    return write_sections(db, path, prefix)


def markdown_section(summary: ExperimentSummary) -> str:
    """The markdown text of one experiment: settings, provenance, results table, ranking and notes."""
    versions = summary.versions
    lines = [f"## Experiment `{summary.name}` (protocol `{summary.protocol}`)", ""]
    if summary.description:
        lines += [summary.description, ""]
    lines += [f"- Command: `{summary.command or 'smallgan bench run <spec>'}`; tables regenerated from the store "
              "with `smallgan report <db> --markdown BENCHMARKS.md`",
              f"- Generated: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} from {summary.n_ok} finished cells"
              f" ({len(summary.failures)} failed), {summary.compute_seconds / 60:.1f} min of cell compute time; "
              f"git {', '.join(c[:10] for c in summary.commits) or 'unknown'}",
              f"- Machine: {versions.get('machine', '?')}, device {versions.get('device', '?')}; torch "
              f"{versions.get('torch', '?')}, scikit-learn {versions.get('scikit-learn', '?')}, pyod "
              f"{versions.get('pyod', '?')}, Python {versions.get('python', '?')}",
              f"- Seeds: {summary.seeds}; settings: `{summary.settings}`",
              f"- Metric: **{summary.metric}** ({'higher' if summary.higher_is_better else 'lower'} is better); "
              "mean (std) over seeds; best per row in bold; ▼ = worse than the row's best, paired Wilcoxon over "
              f"seeds, Holm-corrected, p < {ALPHA} (with {len(summary.seeds)} seeds the smallest possible p is "
              f"{summary.min_p:.3g})", ""]
    header = ["dataset", *summary.methods]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in summary.rows:
        texts = [(f"**{c['text']}**" if c["best"] else c["text"]) + (" ▼" if c["worse"] else "")
                 for c in row["cells"]]
        lines.append("| " + " | ".join([row["dataset"], *texts]) + " |")
    metrics = [summary.metric, *summary.extra_metrics]
    lines += ["", "Ranking over datasets (mean rank, 1 = best; metrics are means over datasets; p = pooled paired "
              "Wilcoxon over all dataset x seed pairs against the top-ranked method, Holm-corrected):", "",
              "| method | mean rank | " + " | ".join(metrics) + " | fit s | p (Holm) | verdict |",
              "|" + " --- |" * (len(metrics) + 5)]
    for row in summary.ranking:
        lines.append(f"| {row['method']} | {row['rank']:.2f} | " + " | ".join(_format(row[m]) for m in metrics)
                     + f" | {_format(row['fit_seconds'], 2)} | {_format(row['p_holm'])} | {row['verdict']} |")
    if summary.cd is not None:
        groups = "; ".join(", ".join(g) for g in summary.cd["groups"]) or "none"
        lines += ["", f"Critical difference (Nemenyi, alpha {ALPHA}): {summary.cd['cd']:.2f} mean-rank units over "
                  f"{summary.cd['n_datasets']} datasets; Friedman p = {_format(summary.cd['friedman_p'])}; groups "
                  f"not significantly different: {groups}."]
    lines += ["", *[f"- {note}" for note in [*_gan_notes(summary), *summary.notes]]]
    if summary.failures:
        lines += ["", "Failed cells:", *[f"- {failure}" for failure in summary.failures[:10]]]
    return "\n".join(lines)


def _gan_notes(summary: ExperimentSummary) -> list[str]:
    """Honest, generated sentences: where do methods with 'GAN' in their name lose to the best other method?"""
    gans = [m for m in summary.methods if "gan" in m.lower()]
    if not gans or len(gans) == len(summary.methods):
        return []
    notes = []
    for row in summary.rows:
        best = row["best"]
        if best not in gans:
            notes.append(f"{row['dataset']}: the best method is {best}, not a GAN.")
        else:
            notes.append(f"{row['dataset']}: {best} has the best mean.")
    if not summary.ranking:
        return notes
    top = summary.ranking[0]["method"]
    worse = [r["method"] for r in summary.ranking[1:] if r["verdict"] == "worse"]
    same = [r["method"] for r in summary.ranking[1:] if r["verdict"] == "no significant difference"]
    notes.append(f"Top mean rank over datasets: {top}" + (" (a GAN)" if top in gans else " (not a GAN)") +
                 (f"; significantly worse than it: {', '.join(worse)}" if worse else "") +
                 (f"; not significantly different from it: {', '.join(same)}" if same else "") + ".")
    fit = {r["method"]: r["fit_seconds"] for r in summary.ranking if r["fit_seconds"] == r["fit_seconds"]}
    gan_fit = [fit[m] for m in gans if m in fit]
    other_fit = [fit[m] for m in fit if m not in gans]
    if gan_fit and other_fit:
        notes.append(f"Cost: the GAN methods fit in {min(gan_fit):.2f}-{max(gan_fit):.2f} s per cell, the others in "
                     f"{min(other_fit):.2g}-{max(other_fit):.2g} s.")
    return notes


def _experiment_figures(summary: ExperimentSummary, staging: Path) -> list[dict[str, str]]:
    from .bench_plots import critical_difference_diagram, seed_box_plots

    figures = []
    if not summary.results.empty and summary.rows:
        fig = seed_box_plots(summary.results, summary.metric, summary.methods)
        figures.append(_save(fig, staging, f"{_slug(summary.name)}-box.png",
                             f"{summary.metric} over seeds, per dataset"))
    if summary.cd is not None:
        fig = critical_difference_diagram(summary.cd["ranks"], summary.cd["cd"], summary.cd["groups"])
        figures.append(_save(fig, staging, f"{_slug(summary.name)}-cd.png",
                             f"critical-difference diagram of {summary.metric} (Nemenyi, alpha {ALPHA})"))
    return figures


def _save(fig: Any, staging: Path, name: str, caption: str) -> dict[str, str]:
    import matplotlib.pyplot as plt

    fig.savefig(staging / "figures" / name, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return {"src": f"figures/{name}", "caption": caption}


def _copy_extra_figures(folder: str | Path, staging: Path) -> list[dict[str, str]]:
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"extra figures folder {folder} does not exist")
    target = staging / "figures" / "extra"
    target.mkdir()
    extras = []
    images = sorted(p for p in folder.rglob("*") if p.suffix.lower() in _IMAGE_SUFFIXES and p.stat().st_size > 0
                    and not any(part.startswith(".") for part in p.relative_to(folder).parts))  # skip partial writes
    for index, image in enumerate(images):
        name = f"{index:03d}-{_slug(image.stem)}{image.suffix.lower()}"
        shutil.copyfile(image, target / name)
        extras.append({"src": f"figures/extra/{name}", "caption": str(image.relative_to(folder))})
    return extras


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by the finished `staging` folder with renames only."""
    backup = None
    if out.exists():
        backup = out.with_name(f".{out.name}.old")
        shutil.rmtree(backup, ignore_errors=True)
        out.rename(backup)
    staging.rename(out)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "experiment"


def _format(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}g}" if abs(value) < 1e-3 and value != 0 else f"{value:.{digits}f}"
    return str(value)
