"""Run experiment specs through the grid runner, keep the raw rows as CSV, regenerate the report and BENCHMARKS.md.

Usage:
    python benchmarks/grid.py                    # benchmarks/specs/*.yaml: run missing cells, export CSV, report
    python benchmarks/grid.py --report-only      # rebuild a store from benchmarks/results/grid_*.csv, report only
    python benchmarks/grid.py --specs benchmarks/specs/detection.yaml -j 2

Raw rows: benchmarks/results/grid_<experiment>_cells.csv and grid_<experiment>_experiments.csv (committed).
HTML report: runs/report/index.html (plus a headless-Chromium screenshot when Chromium is installed); the PNG/SVG
figures other benchmarks leave in benchmarks/results/ are shown in its gallery.
BENCHMARKS.md: one section per experiment, `grid-<experiment>`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", nargs="*", type=Path, default=sorted((ROOT / "benchmarks/specs").glob("*.yaml")))
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--db", type=Path, default=ROOT / "runs" / "grid.sqlite")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "report")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--report-only", action="store_true", help="no runs: report from the committed CSV files")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from smallgan.grid import ResultStore, load_spec, run_grid
    from smallgan.report.html import build_report, write_markdown

    names = [load_spec(path).name for path in args.specs]
    with tempfile.TemporaryDirectory() as scratch:
        if args.report_only:
            db = Path(scratch) / "grid.sqlite"
            store = ResultStore(db)
            for name in names:
                rows = store.import_csv(RESULTS / f"grid_{name}_cells.csv", RESULTS / f"grid_{name}_experiments.csv")
                print(f"{name}: {rows} rows from {RESULTS.relative_to(ROOT)}")
        else:
            db = args.db
            for path in args.specs:
                start = time.perf_counter()
                command = " ".join(["python benchmarks/grid.py", *(argv if argv is not None else sys.argv[1:])])
                summary = run_grid(path, db, n_jobs=args.jobs, command=command)
                print(f"{summary.experiment}: {summary.ok} ok, {summary.failed} failed, {summary.skipped} already "
                      f"done, {time.perf_counter() - start:.0f} s")
            store = ResultStore(db)
            RESULTS.mkdir(parents=True, exist_ok=True)
            for name in names:
                store.export_csv(RESULTS / f"grid_{name}_cells.csv", RESULTS / f"grid_{name}_experiments.csv", name)
        figures = RESULTS if any(RESULTS.glob("*.png")) or any(RESULTS.glob("*.svg")) else None
        index = build_report(db, args.out, extra_figures=figures)  # other capabilities' figures: a gallery
        sections = write_markdown(db, args.markdown)
    print(f"report: {index}\n{args.markdown}: {', '.join(sections)}")
    _screenshot(index)
    return 0


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
