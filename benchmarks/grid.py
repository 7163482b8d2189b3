"""Run benchmark specs through the grid runner, keep the raw rows as CSV, regenerate the report and BENCHMARKS.md.

Every benchmark of the project is a spec in benchmarks/specs/; `make bench` runs them all with this script and
`make bench-<capability>` runs one capability's specs. A spec with `section:` / `report:` has its BENCHMARKS.md
section written by that report hook from the store's rows; the others get the generic `grid-<name>` table.

Usage:
    python benchmarks/grid.py                    # benchmarks/specs/*.yaml: run missing cells, export CSV, report
    python benchmarks/grid.py --report-only      # rebuild a store from benchmarks/results/grid_*.csv, report only
    python benchmarks/grid.py --specs benchmarks/specs/tabular_*.yaml --replace-legacy   # rerun imported rows
    python benchmarks/grid.py --import-legacy --report-only --specs ...   # one-off: former scripts' CSVs -> store
    python benchmarks/grid.py --no-run --specs ...   # after stopping a long run: export the finished cells, report
    python benchmarks/grid.py --from-csv --rerun-methods zscore,iforest --specs ...   # only those methods' cells
    python benchmarks/grid.py --from-csv --rerun-stale --specs ...   # the cells the protocol says are out of date

Raw rows: benchmarks/results/grid_<experiment>_cells.csv (past 1 MB split into plain-text parts
grid_<experiment>_cells.part1.csv, ...) and grid_<experiment>_experiments.csv (committed).
HTML report: runs/report/index.html (plus a headless-Chromium screenshot when Chromium is installed); the PNG/SVG
figures other benchmarks leave in benchmarks/results/ are shown in its gallery.
BENCHMARKS.md: the sections of the specs, and the `bench-overview` section (time of a full `make bench`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SPECS = ROOT / "benchmarks" / "specs"
MAX_PLAIN_BYTES = 1_000_000  # committed raw rows stay small: a larger cells CSV is split into plain-text parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", nargs="*", type=Path, default=sorted(SPECS.glob("*.yaml")))
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--db", type=Path, default=ROOT / "runs" / "grid.sqlite")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "report")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the committed raw-row CSVs")
    parser.add_argument("--report-only", action="store_true", help="no runs: report from the committed CSV files")
    parser.add_argument("--no-run", action="store_true",
                        help="no runs: export the rows already in --db (e.g. after stopping a long run) and report")
    parser.add_argument("--no-screenshot", action="store_true", help="skip the headless-Chromium check")
    parser.add_argument("--replace-legacy", action="store_true", help="rerun cells imported from former scripts")
    parser.add_argument("--import-legacy", action="store_true",
                        help="one-off: load the former scripts' CSV rows (marked legacy-script) before running")
    parser.add_argument("--from-csv", action="store_true",
                        help="first load the committed CSV rows of the specs into an empty --db (run only what is "
                             "missing from them)")
    parser.add_argument("--rerun-methods", default="",
                        help="comma-separated methods whose cells are deleted from --db and run again (e.g. after "
                             "their tuned options changed)")
    parser.add_argument("--rerun-stale", action="store_true",
                        help="delete from --db and run again the cells that the protocol module's stale_cells() "
                             "reports out of date (NAB: recorded options != the tuned options now)")
    args = parser.parse_args(argv)
    command = " ".join(["python benchmarks/grid.py", *(argv if argv is not None else sys.argv[1:])])

    import torch

    torch.set_num_threads(1)
    sys.path.insert(0, str(ROOT))  # specs may name protocols and report hooks in benchmarks.<module>
    from smallgan.grid import ResultStore, load_spec, run_grid
    from smallgan.io_utils import csv_parts

    specs = [load_spec(path) for path in args.specs]
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "grid.sqlite" if args.report_only else args.db
        store = ResultStore(db)
        if args.report_only or (args.from_csv and store.experiments().empty):
            for spec in specs:
                cells, experiments = (args.results / f"grid_{spec.name}_{k}.csv" for k in ("cells", "experiments"))
                if csv_parts(cells) and experiments.exists():
                    print(f"{spec.name}: {store.import_csv(cells, experiments)} rows from {cells}")
        if args.import_legacy:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from legacy_import import import_legacy

            for spec in specs:
                print(f"{spec.name}: {import_legacy(store, spec)} rows imported from the former script's CSV")
        for spec in specs if args.rerun_methods and not args.report_only else []:
            print(f"{spec.name}: {store.forget_cells(spec.name, args.rerun_methods.split(','))} cells to rerun")
        for spec in specs if args.rerun_stale and not args.report_only else []:
            stale = _stale_hook(spec.protocol)
            keys = stale(store.cells(spec.name)) if stale else []
            print(f"{spec.name}: {store.forget_cells(spec.name, keys=keys)} out-of-date cells to rerun")
        args.results.mkdir(parents=True, exist_ok=True)
        for path, spec in zip(args.specs, specs, strict=True):
            if not (args.report_only or args.no_run):
                start = time.perf_counter()
                summary = run_grid(path, db, n_jobs=args.jobs, command=command, replace_legacy=args.replace_legacy)
                print(f"{summary.experiment}: {summary.ok} ok, {summary.failed} failed, {summary.skipped} already "
                      f"done, {time.perf_counter() - start:.0f} s")
            if (not args.report_only or args.import_legacy) and not store.cells(spec.name).empty:
                store.export_csv(args.results / f"grid_{spec.name}_cells.csv",  # each spec as soon as it is done
                                 args.results / f"grid_{spec.name}_experiments.csv", spec.name,
                                 max_bytes=MAX_PLAIN_BYTES)
        source = ("benchmarks/results/grid_*_cells.csv (rebuilt by `python benchmarks/grid.py --report-only`)"
                  if args.report_only else str(db))
        report(db, args, source, Path(scratch))
    return 0


def _stale_hook(protocol: str):
    """The `stale_cells(cells) -> cell keys` function of a protocol's module (`module:function`), or None: cells whose
    recorded inputs (e.g. tuned options read from a file) no longer match what the protocol would run now."""
    from importlib import import_module

    if ":" not in protocol:
        return None
    return getattr(import_module(protocol.split(":")[0]), "stale_cells", None)


def report(db: Path, args: argparse.Namespace, source: str, scratch: Path) -> None:
    """HTML report, BENCHMARKS.md sections and (when every spec ran) the overview with the computed time of a full
    `make bench`."""
    from smallgan.report.html import build_report, write_markdown
    from smallgan.report.markdown import write_section

    all_specs = _all_specs()
    overview = _estimate(db, all_specs, scratch) if args.specs == sorted(SPECS.glob("*.yaml")) else None
    figures = args.results if any(args.results.glob("*.png")) or any(args.results.glob("*.svg")) else None
    index = build_report(db, args.out, extra_figures=figures, source=source, overview=overview)
    sections = write_markdown(db, args.markdown)
    if overview is not None:
        write_section(args.markdown, "bench-overview", "## Full benchmark run (`make bench`)\n\n" + overview +
                      f" Specs: {', '.join(f'`{s.name}`' for s in all_specs)}.")
    print(f"report: {index}\n{args.markdown}: {', '.join(sections)}")
    if overview:
        print(overview)
    if not args.no_screenshot:
        _screenshot(index)


def _estimate(db: Path, specs: list, scratch: Path) -> str:
    """The estimated time of every spec from the store; specs without rows there borrow the timings of their
    former script's CSV (imported into a scratch store, never into `db`)."""
    from smallgan.grid import ResultStore
    from smallgan.grid.estimate import estimate_seconds

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from legacy_import import import_legacy

    store, fallback = ResultStore(db), ResultStore(scratch / "timings.sqlite")
    for spec in specs:
        if store.cells(spec.name).empty:
            import_legacy(fallback, spec)
    return estimate_seconds(specs, store, fallback).text()


def _all_specs() -> list:
    from smallgan.grid import load_spec

    return [load_spec(path) for path in sorted(SPECS.glob("*.yaml"))]


def _screenshot(index: Path) -> None:
    from smallgan.report.browser import check_page, find_chromium

    if find_chromium() is None:
        print("Chromium not installed: no screenshot")
        return
    check = check_page(index, screenshot=index.parent / "screenshot.png")
    print(f"Chromium: {check.tables} tables, {check.images_loaded}/{check.images_total} images loaded, "
          f"{len(check.console)} console messages; screenshot {index.parent / 'screenshot.png'}")


if __name__ == "__main__":
    sys.exit(main())
