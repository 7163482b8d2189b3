"""Image augmentation benchmark (issue 5): the Frid-Adar k-fold arms protocol on scarce PneumoniaMNIST (50 and 200
images per class), scikit-learn digits and MNIST (20 per class), and the DiffAugment FID-style check at 100
training images per class.

Runs as specs through the grid runner (benchmarks/specs/image_{pneumonia_50,pneumonia_200,digits_20,mnist_20,
diffaugment}.yaml; protocols `image_arms` with per-fold metrics and `image_diffaugment`); the
`image-augmentation` section of BENCHMARKS.md is written by `smallgan.report.image:augmentation_section` from the
store's rows (raw rows: benchmarks/results/grid_image-*_cells.csv). Cells already in the store are skipped.

    nice -n 5 .venv/bin/python benchmarks/image_augmentation.py [--replace-legacy] [-j N]   # full run
    .venv/bin/python benchmarks/image_augmentation.py --report-only                        # tables only
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECS = [HERE / "specs" / f"image_{part}.yaml"
         for part in ("pneumonia_50", "pneumonia_200", "digits_20", "mnist_20", "diffaugment")]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from grid import main

    sys.exit(main(["--specs", *map(str, SPECS), *sys.argv[1:]]))
