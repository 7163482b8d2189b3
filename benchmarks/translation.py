"""Image-to-image translation benchmark (issue 7): pix2pix vs an L1-only U-Net vs interpolation on exact paired
tasks, and CycleGAN digits (8x8 upsampled) <-> MNIST with a downstream classifier.

Runs as two specs through the grid runner (benchmarks/specs/translation_{paired,unpaired}.yaml, protocols
`translation_paired` / `translation_unpaired` of `smallgan.grid.protocols_translation`); the `translation` section
of BENCHMARKS.md is written by the report hook `smallgan.report.translation:section` from the store's rows.
Raw rows: benchmarks/results/grid_translation-*_cells.csv. Cells already in the store are skipped (resumable).

    nice -n 5 .venv/bin/python benchmarks/translation.py [--replace-legacy] [-j N]   # about 25-30 min of one core
    .venv/bin/python benchmarks/translation.py --report-only                        # table from the raw rows
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECS = [HERE / "specs" / f"translation_{part}.yaml" for part in ("paired", "unpaired")]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from grid import main

    sys.exit(main(["--specs", *map(str, SPECS), *sys.argv[1:]]))
