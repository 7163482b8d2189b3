"""BENCHMARKS.md sections from a result store: experiments grouped by their spec's `section`, each group written
by its spec's report hook (`report: "package.module:function"`) or, without one, by the generic table of
`smallgan.report.html.markdown_section`.

A hook is called as `hook(cells, experiments)` with the `ResultStore.cells()` rows (every status) and the
`ResultStore.experiments()` rows of the experiments of its section, and returns the section's markdown. The
helpers here turn those rows into flat frames and a provenance paragraph, so hooks stay short.

Example:
    >>> write_sections("runs/grid.sqlite", "BENCHMARKS.md")   # ['tabular', 'grid-detection', ...]
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..grid.store import ResultStore, StoreError

Hook = Callable[[pd.DataFrame, pd.DataFrame], str]
LEGACY = "legacy-script"


def resolve_hook(name: str) -> Hook:
    """Import `package.module:function`; a `benchmarks.` module is also looked up from the working directory."""
    from ..grid.protocols import import_attribute

    try:
        return import_attribute(name)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"report hook {name!r} cannot be imported: {error}") from None


def section_groups(experiments: pd.DataFrame, prefix: str = "grid-") -> dict[str, dict[str, Any]]:
    """Section name -> {"hook": name or None, "experiments": [names]}, in store order; ValueError when the
    experiments of one section name different hooks."""
    groups: dict[str, dict[str, Any]] = {}
    for row in experiments.itertuples():
        spec = json.loads(row.spec)
        name = spec.get("section") or prefix + row.experiment
        group = groups.setdefault(name, {"hook": spec.get("report"), "experiments": []})
        if group["hook"] != spec.get("report"):
            raise ValueError(f"section {name!r}: experiments name different report hooks ({group['hook']!r} and "
                             f"{spec.get('report')!r}); give them one hook or separate sections")
        group["experiments"].append(row.experiment)
    return groups


def write_sections(db: str | Path, path: str | Path, prefix: str = "grid-") -> list[str]:
    """Write every section of the store into `path` (other sections of the file stay); returns their names."""
    from .markdown import write_section

    written = []
    for name, body, _ in render_sections(db, prefix):
        write_section(path, name, body)
        written.append(name)
    return written


def render_sections(db: str | Path, prefix: str = "grid-") -> Iterator[tuple[str, str, bool]]:
    """(section name, markdown, written by a hook?) for every section of the store that has rows."""
    from .html import load_summaries, markdown_section

    store = _open(db)
    cells, experiments = store.cells(), store.experiments()
    summaries = None
    for name, group in section_groups(experiments, prefix).items():
        mine = cells[cells["experiment"].isin(group["experiments"])]
        if mine.empty:
            continue
        if group["hook"]:
            yield name, resolve_hook(group["hook"])(mine, experiments[experiments["experiment"].isin(
                group["experiments"])]), True
        else:
            summaries = summaries if summaries is not None else {s.name: s for s in load_summaries(db)}
            yield name, "\n\n".join(markdown_section(summaries[e]) for e in group["experiments"]
                                     if e in summaries), False


def markdown_to_html(text: str) -> str:
    """HTML of a hook's markdown (tables included; raw HTML escaped), or the escaped text when markdown-it-py is
    not installed."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        import html

        return f"<pre>{html.escape(text)}</pre>"
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _open(db: str | Path) -> ResultStore:
    if not Path(db).is_file():
        raise StoreError(f"result store {db} does not exist; run `smallgan bench run SPEC --db {db}` first")
    return ResultStore(db)


def metrics_frame(cells: pd.DataFrame, experiments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per successful cell: experiment, dataset, method, estimator, seed, fit/score seconds, peak RSS,
    source, params, then one column per metric (text metrics such as `sampler_params` included). With
    `experiments`, rows follow their specs' order (datasets, then methods, then seeds) instead of the store's."""
    ok = cells[cells["status"] == "ok"]
    if experiments is not None:
        ok = ok.iloc[sorted(range(len(ok)), key=_spec_positions(ok, experiments).__getitem__)]
    ok = ok.reset_index(drop=True)
    base = ok[["experiment", "dataset", "method", "estimator", "seed", "fit_seconds", "score_seconds",
               "peak_rss_mb"]].copy()
    base["source"] = [_source(v) for v in ok["versions"]]
    base["params"] = list(ok["params"])
    metrics = pd.DataFrame(list(ok["metrics"]), index=ok.index)
    return pd.concat([base, metrics.drop(columns=[c for c in metrics if c in base], errors="ignore")], axis=1)


def _spec_positions(cells: pd.DataFrame, experiments: pd.DataFrame) -> list[tuple[int, int]]:
    from ..grid.spec import parse_spec

    order: dict[tuple, tuple[int, int]] = {}
    for number, row in enumerate(experiments.itertuples()):
        for index, cell in enumerate(parse_spec(json.loads(row.spec)).cells()):
            order[(row.experiment, cell.dataset, cell.method, cell.seed)] = (number, index)
    return [order.get(key, (len(experiments), 0)) for key in
            zip(cells["experiment"], cells["dataset"], cells["method"], cells["seed"], strict=True)]


def by_classifier(frame: pd.DataFrame, classifiers: list[str]) -> pd.DataFrame:
    """Split `metric@classifier` columns into one row per classifier (a `classifier` column, plain metric names);
    a frame without such columns gets the single classifier's name."""
    keyed = [c for c in frame.columns if "@" in str(c)]
    if not keyed:
        return frame.assign(classifier=classifiers[0] if classifiers else "")
    split_names = {c.split("@")[0] for c in keyed}  # a cell's averages under the same names give way
    plain = frame.drop(columns=keyed + [c for c in frame.columns if c in split_names])
    parts = []
    for classifier in classifiers:
        mine = {c: c.split("@")[0] for c in keyed if c.endswith(f"@{classifier}")}
        parts.append(pd.concat([plain, frame[list(mine)].rename(columns=mine)], axis=1).assign(classifier=classifier))
    return pd.concat(parts, ignore_index=True)


def provenance(cells: pd.DataFrame, experiments: pd.DataFrame, report_command: str | None = None) -> str:
    """The paragraph every section starts with: commands, when, machine, versions, cell counts and compute time,
    and which rows (if any) were imported from a former script rather than produced by the runner."""
    versions = next((v for v in cells["versions"] if v and _source(v) != LEGACY), {})
    commands = sorted({shown_command(c) for c in experiments["command"].dropna() if c}) or ["smallgan bench run SPEC"]
    ok = cells[cells["status"] == "ok"]
    legacy = ok[[_source(v) == LEGACY for v in ok["versions"]]]
    compute = pd.to_numeric(cells["fit_seconds"], errors="coerce").fillna(0).sum() + \
        pd.to_numeric(cells["score_seconds"], errors="coerce").fillna(0).sum()
    commits = sorted({c[:10] for c in cells["git_commit"].dropna() if c})
    text = (f"Experiments {', '.join(f'`{e}`' for e in experiments['experiment'])} (specs "
            f"{', '.join(f'`{s}`' for s in experiments['source'].dropna())}), run with "
            f"{'; '.join(f'`{c}`' for c in commands)}; this section is regenerated from the store by "
            f"`{report_command or 'python benchmarks/grid.py --report-only'}`. Written "
            f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} from {len(ok)} finished cells "
            f"({len(cells) - len(ok)} failed; {compute / 60:.1f} min of cell compute time); git "
            f"{', '.join(commits) or 'unknown'}. " + _machine(versions))
    if len(legacy):
        counts = legacy.groupby("experiment").size().to_dict()
        text += (f" **{len(legacy)} rows were imported from the former benchmark script's CSVs** "
                 f"(source `{LEGACY}`, per experiment {counts}), not produced by the runner; the rest were.")
    return text


def shown_command(command: str, project: Path | str | None = None) -> str:
    """A recorded command as the report shows it: output-only options pointing into a temporary folder (a scratch
    BENCHMARKS.md, results copy or HTML folder of a trial run; the rows are the store's either way) left out, and
    absolute paths inside the project folder (`project`, default the working directory) shown relative to it, so
    a run started from another checkout reads as one from the repository root.

    Example:
        >>> shown_command("python benchmarks/grid.py --specs a.yaml --markdown /tmp/x.md --no-screenshot")
        'python benchmarks/grid.py --specs a.yaml --no-screenshot (temporary output paths left out)'
    """
    roots = "|".join(re.escape(root.rstrip("/") + "/") for root in sorted({"/tmp", tempfile.gettempdir()}))
    shown, removed = re.subn(rf"\s--(?:markdown|results|out)[ =](?:{roots})\S*", "", command)
    root = Path(project if project is not None else Path.cwd()).resolve()
    shown = re.sub(r"(?<=[\s=])/\S+", lambda match: _inside(match.group(0), root), shown)
    return shown + (" (temporary output paths left out)" if removed else "")


def _inside(path: str, root: Path) -> str:
    """`path` relative to `root` when it lies inside it; else relative to another checkout of the project (the part
    from a folder that `root` holds, e.g. runs/ or benchmarks/, when the path names at least one more part); else
    unchanged."""
    try:
        return Path(path).relative_to(root).as_posix() or "."
    except ValueError:
        pass
    parts = Path(path).parts
    for index in range(1, len(parts) - 1):
        if (root / parts[index]).is_dir() and not parts[index].startswith("."):
            return Path(*parts[index:]).as_posix()
    return path


def _machine(versions: dict[str, Any]) -> str:
    if not versions:
        return "Machine and versions: not recorded (imported rows only)."
    packages = ", ".join(f"{k} {v}" for k, v in versions.items() if k not in ("machine", "device", "source"))
    return f"Machine: {versions.get('machine', '?')}, device {versions.get('device', '?')}; {packages}."


def _source(versions: Any) -> str:
    return versions.get("source", "runner") if isinstance(versions, dict) else "runner"
