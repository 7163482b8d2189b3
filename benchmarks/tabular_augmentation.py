"""Tabular augmentation benchmark (issue #3): GAN oversampling vs SMOTE/ADASYN/... and CTGAN/TVAE.

Runs the lecture's protocol (repeated stratified 70/30 splits, training minority capped at N rows,
oversample the training part only, decision tree / logistic regression / random forest) and writes:
  benchmarks/results/tabular_main.csv    one row per dataset x repeat x sampler x classifier
  benchmarks/results/tabular_widths.csv  the lecture's MLP widths x losses (decision tree)
  benchmarks/results/tabular_scale.csv   fit on the 494k-row KDD Cup 99 file: seconds, peak RSS
Cells already in the CSVs are skipped (resumable). `--report-only` rebuilds the BENCHMARKS.md section.

    python benchmarks/tabular_augmentation.py [--repeats 10] [--peer-repeats 5] [--parts main,widths,scale]
                                              [--report-only]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
MAIN_DATASETS = ("breast_cancer", "adbench/29_Pima", "adbench/43_WDBC", "adbench/47_yeast",
                 "adbench/23_mammography", "adbench/31_satimage-2")
MAIN_SAMPLERS = ("none", "random", "smote", "adasyn", "borderline-smote", "gan", "ctgan", "tvae", "gan-fast")
# "gan-fast": a cheaper WGAN-GP setting (2 critic steps, G 128/256) to show the speed / quality trade-off
FAST_GAN = {"hidden": (128, 256), "n_critic": 2, "lr": 5e-4}
PEERS = ("ctgan", "tvae")  # run on the first --peer-repeats repeats only (they are the slowest)
WIDTHS = ((1024, 512, 256), (512, 256), (256,), (512, 256, 128), (256, 128), (128,))
WIDTH_LOSSES = ("dcgan", "wgan-gp")
WIDTH_DATASETS = ("breast_cancer", "adbench/29_Pima")
EPOCHS = 300
CAP = 20


def _append(frame: pd.DataFrame, path: Path) -> None:
    header = not path.exists()
    frame.to_csv(path, mode="a", header=header, index=False)


def _done(path: Path, keys: list[str]) -> set[tuple]:
    if not path.exists():
        return set()
    frame = pd.read_csv(path)
    return set(map(tuple, frame[keys].astype(str).to_numpy()))


def run_main(repeats: int, peer_repeats: int) -> None:
    from smallgan.augment.samplers import make_sampler
    from smallgan.data import load_dataset
    from smallgan.evaluate.protocols import evaluate_oversampling

    path = RESULTS / "tabular_main.csv"
    done = _done(path, ["dataset", "repeat", "sampler"])
    for repeat in range(repeats):
        for name in MAIN_DATASETS:
            data = load_dataset(name)
            for method in MAIN_SAMPLERS:
                if (name, str(repeat), method) in done or (method in PEERS and repeat >= peer_repeats):
                    continue
                if method == "gan-fast":
                    sampler = make_sampler("gan", random_state=0, epochs=EPOCHS, **FAST_GAN)
                else:
                    sampler = make_sampler(method, random_state=0, epochs=EPOCHS)
                rows = evaluate_oversampling(data.X, data.y, {method: sampler}, n_repeats=repeats,
                                             repeats=[repeat], minority_cap=CAP, random_state=0)
                rows.insert(0, "dataset", name)
                _append(rows, path)
                print(f"main {name} repeat {repeat} {method}: "
                      f"{rows['balanced_accuracy'].mean():.3f} in {rows['fit_seconds'].iloc[0]:.1f}s", flush=True)


def run_widths(repeats: int) -> None:
    from smallgan.augment import GANOverSampler
    from smallgan.data import load_dataset
    from smallgan.evaluate.protocols import evaluate_oversampling

    path = RESULTS / "tabular_widths.csv"
    done = _done(path, ["dataset", "repeat", "sampler"])
    for repeat in range(repeats):
        for name in WIDTH_DATASETS:
            data = load_dataset(name)
            for loss in WIDTH_LOSSES:
                for hidden in WIDTHS:
                    label = f"{loss} {'/'.join(map(str, hidden))}"
                    if (name, str(repeat), label) in done:
                        continue
                    sampler = GANOverSampler(hidden=hidden, loss=loss, epochs=EPOCHS, random_state=0)
                    rows = evaluate_oversampling(data.X, data.y, {label: sampler}, classifiers=("tree",),
                                                 n_repeats=repeats, repeats=[repeat], minority_cap=CAP,
                                                 random_state=0)
                    rows.insert(0, "dataset", name)
                    _append(rows, path)
                    print(f"widths {name} {repeat} {label}: {rows['balanced_accuracy'].mean():.3f}", flush=True)


SCALE_CHILD = r"""
import json, resource, sys, time, torch
torch.set_num_threads(1)
from smallgan.data import load_dataset
from smallgan.augment import TabularGAN
t0 = time.perf_counter()
data = load_dataset("kddcup99")
load_s = time.perf_counter() - t0
gan = TabularGAN(epochs=int(sys.argv[1]), batch_size=500, categorical_columns=data.meta["categorical"],
                 loss=sys.argv[2], random_state=0)
t1 = time.perf_counter()
gan.fit(data.X)
fit_s = time.perf_counter() - t1
t2 = time.perf_counter()
sample = gan.sample(10000)
sample_s = time.perf_counter() - t2
print(json.dumps({"rows": len(data.X), "columns": data.X.shape[1], "encoded_dim": gan.transformer_.output_dim_,
                  "epochs": int(sys.argv[1]), "loss": sys.argv[2], "load_seconds": load_s, "fit_seconds": fit_s,
                  "sample_10k_seconds": sample_s,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "sample_dtypes_match": bool((sample.dtypes == data.X.dtypes).all())}))
"""


def run_scale(epochs: int = 1, loss: str = "wgan-gp") -> None:
    path = RESULTS / "tabular_scale.csv"
    if path.exists():
        return
    out = subprocess.run([sys.executable, "-c", SCALE_CHILD, str(epochs), loss], capture_output=True, text=True,
                         check=True)
    record = json.loads(out.stdout.strip().splitlines()[-1])
    _append(pd.DataFrame([record]), path)
    print("scale", record, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--peer-repeats", type=int, default=5)
    parser.add_argument("--width-repeats", type=int, default=2)
    parser.add_argument("--parts", default="main,scale,widths")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    RESULTS.mkdir(exist_ok=True)
    if not args.report_only:
        parts = args.parts.split(",")
        if "main" in parts:
            run_main(args.repeats, args.peer_repeats)
        if "scale" in parts:
            run_scale()
        if "widths" in parts:
            run_widths(args.width_repeats)
    from tabular_report import write_report

    write_report(RESULTS, " ".join(["python benchmarks/tabular_augmentation.py", *sys.argv[1:]]))


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path.insert(0, str(ROOT))
    main()
