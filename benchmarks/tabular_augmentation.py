"""Tabular augmentation benchmark (issue #3): GAN oversampling vs SMOTE/ADASYN/... and CTGAN/TVAE.

Runs as three specs through the grid runner (benchmarks/specs/tabular_{main,widths,scale}.yaml; section `tabular`
of BENCHMARKS.md written by the report hook `smallgan.report.tabular:section` from the store's rows):
  tabular-main    6 datasets x 9 samplers (CTGAN/TVAE on the first 5 repeats), 10 repeats, minority cap 20,
                  decision tree / logistic regression / random forest
  tabular-widths  the lecture's MLP widths x losses (decision tree), 4 repeats
  tabular-scale   one TabularGAN epoch on the 494k-row KDD Cup 99 file: seconds and peak RSS (child process)
  tabular-speed*  fit wall/CPU seconds of the GAN vs CTGAN/TVAE on the same rows and epochs
Raw rows: benchmarks/results/grid_tabular-*_cells.csv. Cells already in the store are skipped (resumable).

    python benchmarks/tabular_augmentation.py [--replace-legacy] [-j N] [--report-only]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECS = sorted((HERE / "specs").glob("tabular_*.yaml"))  # main, widths, scale and the fit-time specs

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from grid import main

    sys.exit(main(["--specs", *map(str, SPECS), *sys.argv[1:]]))
