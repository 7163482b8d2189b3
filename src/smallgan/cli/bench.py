"""`smallgan bench run SPEC` (experiment grids into a SQLite store) and `smallgan report DB` (HTML + markdown)."""

from __future__ import annotations

import contextlib
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ._common import guard

bench_app = typer.Typer(help="Run experiment grids (datasets x methods x seeds) into a resumable result store.",
                        no_args_is_help=True)


@bench_app.command("run")
def run(spec: Annotated[Path, typer.Argument(help="experiment spec (.yaml/.yml/.toml)")],
        jobs: Annotated[int, typer.Option("-j", "--jobs", help="parallel workers")] = 1,
        backend: Annotated[str, typer.Option(help="joblib (this machine) | dask | ray")] = "joblib",
        address: Annotated[str | None, typer.Option(help="address of an existing Dask/Ray cluster")] = None,
        db: Annotated[Path, typer.Option(help="SQLite result store (created if absent)")] = Path("runs/bench.sqlite"),
        progress: Annotated[bool, typer.Option("--progress/--no-progress", " /--quiet",
                                               help="show a progress bar (--quiet: none)")] = True,
        replace_legacy: Annotated[bool, typer.Option(help="rerun cells imported from a former script's CSV")] = False,
        ) -> None:
    """Run the cells of SPEC that are missing or failed in DB; failed cells are recorded and the grid goes on."""
    from ..grid import run_grid

    command = "smallgan " + " ".join(shlex.quote(arg) for arg in sys.argv[1:])
    with _clear_errors():
        summary = run_grid(spec, db, n_jobs=jobs, backend=backend, address=address, progress=progress,
                           command=command, replace_legacy=replace_legacy)
    typer.echo(f"{summary.experiment}: {summary.total} cells, {summary.skipped} already done, {summary.ok} ok, "
               f"{summary.failed} failed in {summary.seconds:.1f} s -> {db}")
    if summary.failed:
        raise typer.Exit(code=1)


def report(db: Annotated[Path, typer.Argument(help="SQLite result store written by `smallgan bench run`")],
           out: Annotated[Path, typer.Option(help="folder for index.html and its figures")] = Path("report"),
           markdown: Annotated[Path | None, typer.Option(help="write one section per experiment here")] = None,
           figures: Annotated[Path | None, typer.Option(help="folder of extra PNG/SVG figures to show")] = None,
           ) -> None:
    """Write a static HTML report (and optionally BENCHMARKS.md sections) from a result store."""
    from ..report.html import build_report, write_markdown

    with _clear_errors():
        index = build_report(db, out, extra_figures=figures)
        typer.echo(f"report: {index}")
        if markdown is not None:
            sections = write_markdown(db, markdown)
            typer.echo(f"{markdown}: sections {', '.join(sections)}")


@contextlib.contextmanager
def _clear_errors() -> Iterator[None]:
    """Bad specs, stores and arguments end with their message and exit code 2, not a traceback."""
    from ..grid import SpecError, StoreError

    with guard(SpecError, StoreError, ImportError):
        yield


def register(app: typer.Typer) -> None:
    """Add `bench run` and `report` to the main app."""
    app.add_typer(bench_app, name="bench")
    app.command("report")(report)
