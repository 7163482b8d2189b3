"""Report hooks render their BENCHMARKS.md sections from a tiny store (rows written through the legacy importer,
so the test needs no training), and the legacy rows are named as imported."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd

from smallgan.grid import ResultStore, load_spec
from smallgan.grid.legacy import import_legacy_rows
from smallgan.report.html import write_markdown

SPECS = Path(__file__).resolve().parents[2] / "benchmarks" / "specs"
RNG = np.random.default_rng(0)


def render(tmp_path, imports) -> str:
    db = tmp_path / "store.sqlite"
    store = ResultStore(db)
    for spec_name, frame, options in imports:
        import_legacy_rows(store, load_spec(SPECS / spec_name), frame, **options)
    target = tmp_path / "B.md"
    write_markdown(db, target)
    return target.read_text()


def test_translation_hook(tmp_path):
    paired = pd.DataFrame([{"dataset": d, "method": f'{arm}[task="{task}"]', "seed": s, "ssim": RNG.random(),
                            "psnr": 20 * RNG.random(), "mae": RNG.random(), "fid": 10 * RNG.random(),
                            "train_seconds": 1.0}
                           for d, arm, task, s in itertools.product(["mnist"], ["interpolation", "unet-l1", "pix2pix"],
                                                                    ["edges", "downsample"], [0, 1])])
    unpaired = pd.DataFrame([{"dataset": "digits->mnist", "method": "cyclegan", "seed": s, "acc_source": 0.2,
                              "acc_translated": 0.3, "cycle_ssim_a": 0.9, "train_seconds": 5.0} for s in (0, 1)])
    text = render(tmp_path, [("translation_paired.yaml", paired, {}), ("translation_unpaired.yaml", unpaired, {})])
    assert "<!-- BEGIN translation -->" in text and "| mnist | edges | pix2pix | 2 |" in text
    assert "Target (pix2pix beats the L1-only U-Net" in text and "Downstream: training on translated digits improves" \
        in text and "**6 rows were imported" not in text and "**14 rows were imported" in text


def test_image_hooks(tmp_path):
    arms = ["none", "classic", "dcgan"]
    folds = pd.DataFrame([{"dataset": "medmnist/pneumonia", "method": arm, "seed": s, "classifier": f"fold{f}",
                           "balanced_accuracy": RNG.random(), "sensitivity_1": RNG.random(),
                           "specificity_1": RNG.random(), "sensitivity_0": RNG.random(), "gan_seconds": 1.0,
                           "accuracy": RNG.random(), "confusion": json.dumps([[3, 1], [2, 4]])}
                          for arm, s, f in itertools.product(arms, [0, 1], [0, 1, 2])])
    balanced = pd.DataFrame([{"dataset": "medmnist/pneumonia", "method": arm, "seed": s, "n_train": 100.0,
                              "n_normal": 50.0, "gan_seconds": 0.0, "sensitivity_1": RNG.random(),
                              "sensitivity_0": RNG.random(), "balanced_accuracy": RNG.random()}
                             for arm, s in itertools.product(["none", "random", "gan"], [0, 1, 2])])
    text = render(tmp_path, [("image_pneumonia_50.yaml", folds, {"averages": True}),
                             ("image_imbalanced.yaml", balanced, {})])
    assert "### pneumonia-50 (`medmnist/pneumonia`, n = 50" in text and "| dcgan | 6 |" in text
    assert "[[18, 6], [12, 24]]" in text and "**Did the GAN help?**" in text
    assert "<!-- BEGIN image-imbalanced -->" in text and "- gan vs none: balanced accuracy" in text


def test_detection_hook_feeds_the_scripts_tables(tmp_path):
    rows = pd.DataFrame([{"dataset": f"adbench/{d}", "method": m, "seed": s, "n_train": 50, "n_test": 30,
                          "n_anomalies": 5, "roc_auc": RNG.random(), "average_precision": RNG.random(),
                          "fit_s_per_1k": 1.0, "score_s_per_1k": 0.5}
                         for d, m, s in itertools.product(["14_glass", "42_WBC"],
                                                          ["f-AnoGAN (ours)", "IForest", "KNN"], [0, 1])])
    text = render(tmp_path, [("detection_adbench.yaml", rows, {})])
    assert "## GAN anomaly detection (issue 4)" in text and "### 1. ADBench" in text and "(2 sets, 2 seeds)" in text
    assert "### 2. KDD Cup 99 / NSL-KDD (not run yet)" in text and "**12 rows were imported" in text


def test_shown_command_leaves_out_temporary_output_paths_only():
    from smallgan.report.sections import shown_command

    trial = ("python benchmarks/grid.py --specs s.yaml -j 2 --db runs/a.sqlite --results /tmp/resC --markdown "
             "/tmp/C.md --out /tmp/reportC --no-screenshot")
    assert shown_command(trial) == ("python benchmarks/grid.py --specs s.yaml -j 2 --db runs/a.sqlite --no-screenshot"
                                    " (temporary output paths left out)")
    kept = "python benchmarks/grid.py --specs s.yaml --markdown BENCHMARKS.md --db /tmp/keep.sqlite"
    assert shown_command(kept) == kept  # committed outputs and the store stay named


def test_shown_command_shows_paths_inside_the_project_relative(tmp_path):
    from smallgan.report.sections import shown_command

    project = tmp_path / "repo"
    command = f"python benchmarks/grid.py --db {project}/runs/a.sqlite --specs={project}/s.yaml --x /elsewhere/b"
    assert shown_command(command, project=project) == (
        "python benchmarks/grid.py --db runs/a.sqlite --specs=s.yaml --x /elsewhere/b")


def test_shown_command_shows_paths_of_another_checkout_relative(tmp_path):
    """A command recorded in another checkout (another folder) reads the same from this one."""
    from smallgan.report.sections import shown_command

    project = tmp_path / "clone"
    (project / "runs").mkdir(parents=True)
    command = "python benchmarks/grid.py --db /work/main/runs/a.sqlite --x /elsewhere/b --y /data/runs"
    assert shown_command(command, project=project) == (
        "python benchmarks/grid.py --db runs/a.sqlite --x /elsewhere/b --y /data/runs")
