"""PneumoniaMNIST with its natural training imbalance (388 normal vs 3,494 pneumonia, issue #5).

Does balancing the training set help the small CNN, and does a GAN balance better than the classical
ways? Arms (same CNN, same number of gradient steps, scored on the official 624-image test split):
`none` (imbalanced), `class_weight` (balanced loss), `random` (random oversampling of normal images),
`gan` (one DCGAN on the normal images fills the gap) and `gan_diffaugment` (the same with DiffAugment).
Raw rows: benchmarks/results/image_imbalanced.csv (resumable); `--report-only` rebuilds the section.

    python benchmarks/image_imbalanced.py [--seeds 0,1,...,9] [--report-only]
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "image_imbalanced.csv"
ARMS = ("none", "class_weight", "random", "gan", "gan_diffaugment")
CNN = {"widths": (16, 32, 64), "hidden": 64, "dropout": 0.5, "batch_size": 32, "lr": 1e-3}
CNN_STEPS, GAN_STEPS = 600, 300
GAN = {"loss": "dcgan", "latent_dim": 64, "base_width": 16, "lr": 5e-4, "batch_size": 64}


def balanced_training_set(arm: str, x: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The training set of one arm and the generator's training seconds."""
    from imblearn.over_sampling import RandomOverSampler

    from smallgan.augment import ImageGANOverSampler
    from smallgan.augment._image_data import epochs_for

    if arm in ("none", "class_weight"):
        return x, y, 0.0
    if arm == "random":
        index, labels = RandomOverSampler(random_state=seed).fit_resample(np.arange(len(y)).reshape(-1, 1), y)
        return x[index.ravel()], labels, 0.0
    minority = int(np.bincount(y).min())
    epochs = epochs_for(GAN_STEPS, minority, GAN["batch_size"])
    sampler = ImageGANOverSampler(epochs=epochs, random_state=seed, **GAN,
                                  diffaugment=("color", "translation", "cutout") if arm == "gan_diffaugment" else None)
    start = time.perf_counter()
    images, labels = sampler.fit_resample(x, y)
    return images, labels, time.perf_counter() - start


def run(seeds: list[int]) -> None:
    from smallgan.augment import CNNClassifier
    from smallgan.augment._image_data import epochs_for
    from smallgan.data import load_dataset
    from smallgan.evaluate.image_protocol import class_metrics

    splits = load_dataset("medmnist/pneumonia").meta["splits"]
    (x, y), (x_test, y_test) = splits["train"], splits["test"]
    done = set()
    if RESULTS.exists():
        done = set(map(tuple, pd.read_csv(RESULTS)[["seed", "arm"]].astype(str).to_numpy()))
    for seed in seeds:
        for arm in ARMS:
            if (str(seed), arm) in done:
                continue
            images, labels, gan_seconds = balanced_training_set(arm, x, y, seed)
            params = {**CNN, "epochs": epochs_for(CNN_STEPS, len(labels), CNN["batch_size"]),
                      "class_weight": "balanced" if arm == "class_weight" else None}
            start = time.perf_counter()
            model = CNNClassifier(**params, random_state=seed).fit(images, labels)
            metrics = class_metrics(y_test, model.predict(x_test), np.array([0, 1]))
            row = {"seed": seed, "arm": arm, "n_train": len(labels), "n_normal": int((labels == 0).sum()),
                   "gan_seconds": gan_seconds, "cnn_seconds": time.perf_counter() - start, **metrics}
            pd.DataFrame([row]).to_csv(RESULTS, mode="a", header=not RESULTS.exists(), index=False)
            print(f"seed {seed} {arm}: sens {row['sensitivity_1']:.3f} spec {row['sensitivity_0']:.3f}", flush=True)


def report(command: str) -> None:
    from smallgan.evaluate.stats import mean_std, paired_comparison
    from smallgan.report.markdown import write_section

    rows = pd.read_csv(RESULTS)
    lines = ["| arm | training images (normal) | sensitivity (pneumonia) | specificity (normal) | balanced acc. | "
             "GAN s |", "|---|---|---|---|---|---|"]
    for arm in ARMS:
        part = rows[rows.arm == arm]
        if len(part):
            lines.append(f"| {arm} | {int(part.n_train.mean())} ({int(part.n_normal.mean())}) | "
                         f"{mean_std(part.sensitivity_1)} | {mean_std(part.sensitivity_0)} | "
                         f"{mean_std(part.balanced_accuracy)} | {part.gan_seconds.mean():.0f} |")
    tests = []
    for arm in ("gan", "gan_diffaugment"):
        for reference in ("none", "random", "class_weight"):
            a = rows[rows.arm == arm].set_index("seed").balanced_accuracy
            b = rows[rows.arm == reference].set_index("seed").balanced_accuracy
            common = a.index.intersection(b.index)
            if len(common) >= 2:
                result = paired_comparison(a.loc[common], b.loc[common])
                tests.append(f"- {arm} vs {reference}: balanced accuracy {result['mean_diff']:+.3f} over "
                             f"{len(common)} seeds, Wilcoxon p = {result['p_value']:.3f} -> {result['verdict']}")
    body = "\n".join([
        "## PneumoniaMNIST with its natural imbalance (issue 5)", "",
        f"Command: `{command}` (raw rows: `benchmarks/results/image_imbalanced.csv`; `--report-only` rebuilds "
        f"this section). Written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; torch {version('torch')}, "
        "2 CPU cores, no GPU.", "",
        "Training split of `medmnist/pneumonia` as staged (388 normal vs 3,494 pneumonia), official 624-image "
        f"test split. Same small CNN and {CNN_STEPS} gradient steps in every arm; the GAN is one DCGAN on the "
        f"388 normal images ({GAN_STEPS} generator steps, CPU-sized), filling the gap to 3,494. Seeds: "
        f"{sorted(rows.seed.unique().tolist())} (paired Wilcoxon over seeds below).", "",
        *lines, "", *tests])
    write_section(ROOT / "BENCHMARKS.md", "image-imbalanced", body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="0,1,2,3,4,5,6,7,8,9")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    if not args.report_only:
        run([int(s) for s in args.seeds.split(",")])
    report(" ".join(["python benchmarks/image_imbalanced.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
