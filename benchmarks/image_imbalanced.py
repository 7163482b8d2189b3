"""PneumoniaMNIST with its natural training imbalance (388 normal vs 3,494 pneumonia, issue #5).

Does balancing the training set help the small CNN, and does a GAN balance better than the classical ways? Arms
`none`, `class_weight`, `random`, `gan`, `gan_diffaugment` (same CNN, same gradient steps, official test split).
Runs as the spec benchmarks/specs/image_imbalanced.yaml (protocol `image_imbalanced`) through the grid runner;
the `image-imbalanced` section of BENCHMARKS.md is written by `smallgan.report.image:imbalanced_section` from the
store's rows (raw rows: benchmarks/results/grid_image-imbalanced_cells.csv).

    python benchmarks/image_imbalanced.py [--replace-legacy] [-j N] [--report-only]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from grid import main

    sys.exit(main(["--specs", str(HERE / "specs" / "image_imbalanced.yaml"), *sys.argv[1:]]))
