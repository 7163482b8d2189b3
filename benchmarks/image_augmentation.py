"""Image augmentation benchmark (issue 5): the Frid-Adar k-fold arms protocol on scarce PneumoniaMNIST and
scikit-learn digits, and the DiffAugment FID-style check at 100 training images per class.

Raw per-run rows go to benchmarks/results/image_arms_<set>.csv and image_diffaugment.csv (appended as they
come, a seed at a time, so an interrupted run resumes); sample grids to benchmarks/results/image_grid_*.png.
`--report-only` rebuilds the BENCHMARKS.md section from the raw rows without training.

    nice -n 5 .venv/bin/python benchmarks/image_augmentation.py          # full run
    .venv/bin/python benchmarks/image_augmentation.py --report-only      # table from the raw results
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DIFFAUG_CSV = RESULTS / "image_diffaugment.csv"
COMMAND = "nice -n 5 .venv/bin/python benchmarks/image_augmentation.py"
SETS = {  # name -> (dataset, n_per_class, seeds, settings overrides)
    "pneumonia-50": ("medmnist/pneumonia", 50, (0, 1), {}),
    "pneumonia-200": ("medmnist/pneumonia", 200, (0, 1), {}),
    "digits-20": ("digits", 20, (0, 1), {"gan_steps": 100, "sgan_unlabelled": 500,
                                         "classic": {"angles": (-10, 0, 10), "n_flips": 0, "n_translations": 2,
                                                     "n_scales": 1}}),
}
COMMON = {"n_folds": 3, "gan_steps": 200, "cnn_steps": 500, "sgan_steps": 400, "sgan_unlabelled": 500}
DIFFAUG = {"n_per_class": 100, "seeds": (0, 1, 2), "gan_steps": 400, "extractor_epochs": 8}


def arms_csv(name: str) -> Path:
    return RESULTS / f"image_arms_{name}.csv"


def settings_for(name: str):
    from smallgan.evaluate.image_protocol import ImageProtocolSettings

    _, n_per_class, seeds, overrides = SETS[name]
    return ImageProtocolSettings(n_per_class=n_per_class, seeds=seeds, **{**COMMON, **overrides})


def load(name: str):
    """(pool images, pool labels, test images, test labels) for a dataset name of SETS."""
    from smallgan.data import load_dataset

    dataset = SETS[name][0]
    if dataset == "digits":
        data = load_dataset("digits")
        order = np.random.default_rng(12345).permutation(len(data.X))
        pool, test = order[:1000], order[1000:]
        return data.X[pool], data.y[pool], data.X[test], data.y[test]
    splits = load_dataset(dataset).meta["splits"]
    return (*splits["train"], *splits["test"])


def _append(path: Path, row: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([row]).to_csv(path, mode="a", header=not path.exists(), index=False)


def _done(path: Path, column: str, value: str) -> set[int]:
    if not path.exists():
        return set()
    frame = pd.read_csv(path)
    return set(frame.loc[frame[column] == value, "seed"].astype(int))


def _grid_saver(name: str):
    from smallgan.report.image_plots import sample_grid, save_figure

    def save(arm: str, gan, context: dict) -> None:
        if context["seed"] == 0 and context["fold"] == 0:
            fakes = {label: gan.sample(8, label=label, random_state=0) for label in gan.classes_.tolist()}
            save_figure(sample_grid(fakes, title=f"{name}: {arm} samples (seed 0, fold 0)"),
                        RESULTS / f"image_grid_{name}_{arm}.png")

    return save


def run_arms(names: list[str]) -> None:
    from smallgan.evaluate.image_protocol import run_image_protocol

    for name in names:
        x, y, x_test, y_test = load(name)
        settings = settings_for(name)
        for seed in settings.seeds:
            if seed in _done(arms_csv(name), "set", name):
                continue
            settings.seeds = (seed,)
            rows = run_image_protocol(x, y, settings=settings, test=(x_test, y_test), on_generator=_grid_saver(name),
                                      progress=lambda r: print(f"{name} seed {r['seed']} fold {r['fold']} {r['arm']}: "
                                                               f"bal.acc {r['balanced_accuracy']:.3f}", flush=True))
            for row in rows.to_dict("records"):
                _append(arms_csv(name), {"set": name, "n_per_class": SETS[name][1], **row})


def run_diffaugment() -> None:
    from smallgan.evaluate.image_protocol import ImageProtocolSettings, diffaugment_check
    from smallgan.evaluate.image_quality import train_feature_extractor

    x, y, x_test, y_test = load("pneumonia-50")
    todo = [s for s in DIFFAUG["seeds"] if s not in _done(DIFFAUG_CSV, "set", "pneumonia")]
    if not todo:
        return
    extractor = train_feature_extractor(x, y, epochs=DIFFAUG["extractor_epochs"], random_state=0)
    settings = ImageProtocolSettings(**{k: v for k, v in COMMON.items() if k != "n_folds"})
    for seed in todo:
        rows = diffaugment_check(x, y, (x_test, y_test), extractor, n_per_class=DIFFAUG["n_per_class"], seeds=(seed,),
                                 gan_steps=DIFFAUG["gan_steps"], settings=settings,
                                 progress=lambda r: print(f"diffaugment={r['diffaugment']} seed {r['seed']}: "
                                                          f"FID-style {r['fid']:.2f}", flush=True))
        for row in rows.to_dict("records"):
            _append(DIFFAUG_CSV, {"set": "pneumonia", **row})


def report() -> None:
    """Rebuild the BENCHMARKS.md section from the raw results (written below)."""


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-only", action="store_true", help="rebuild the table from the raw results")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {list(SETS)}")
    parser.add_argument("--skip-diffaugment", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="run without writing BENCHMARKS.md")
    args = parser.parse_args()
    if not args.report_only:
        import torch

        torch.set_num_threads(1)
        started = datetime.datetime.now(datetime.UTC)
        if not args.skip_diffaugment:
            run_diffaugment()
        run_arms([s for s in args.sets.split(",") if s])
        print(f"done in {(datetime.datetime.now(datetime.UTC) - started).total_seconds() / 60:.1f} min")
    if not args.no_report:
        report()
