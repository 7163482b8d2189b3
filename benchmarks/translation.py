"""Image-to-image translation benchmark (issue 7): pix2pix vs an L1-only U-Net vs interpolation on exact paired
tasks, and CycleGAN digits (8x8 upsampled) <-> MNIST with a downstream classifier.

Raw per-run rows go to benchmarks/results/translation_{paired,unpaired}.csv (appended run by run, so an
interrupted run resumes); `--report-only` rebuilds the BENCHMARKS.md section from them without training.

    nice -n 5 python benchmarks/translation.py            # full run (about 25-30 min of one core)
    python benchmarks/translation.py --report-only        # table from the raw results
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PAIRED, UNPAIRED = RESULTS / "translation_paired.csv", RESULTS / "translation_unpaired.csv"
COMMAND = "nice -n 5 .venv/bin/python benchmarks/translation.py"
PAIRED_SETTINGS = {"n_train": 1200, "n_test": 500, "epochs": 6, "batch_size": 32, "base_width": 16, "lr": 1e-3,
                   "lambda_l1": 100.0, "depth": 2}
UNPAIRED_SETTINGS = {"n_train": 1000, "n_test_mnist": 2000, "epochs": 4, "batch_size": 16, "base_width": 16,
                     "n_blocks": 2, "lr": 5e-4, "classifier_epochs": 10}
EXTRACTOR_EPOCHS = 5
ARMS = ("interpolation", "unet-l1", "pix2pix")


def load_split(name: str, seed: int, n_train: int, n_test: int):
    """(train images, train labels, test images, test labels) as uint8 28x28, drawn by `seed`."""
    from smallgan.data import load_dataset

    rng = np.random.default_rng(seed)
    if name == "mnist":
        data = load_dataset("mnist")
        order = rng.permutation(len(data.X))
        train, test = order[:n_train], order[n_train:n_train + n_test]
        return data.X[train], data.y[train], data.X[test], data.y[test]
    splits = load_dataset(name).meta["splits"]
    (x_tr, y_tr), (x_te, y_te) = splits["train"], splits["test"]
    train = rng.choice(len(x_tr), n_train, replace=False)
    test = rng.choice(len(x_te), min(n_test, len(x_te)), replace=False)
    return x_tr[train], y_tr[train], x_te[test], y_te[test]


def _done(path: Path, keys: list[str]) -> set[tuple]:
    if not path.exists():
        return set()
    frame = pd.read_csv(path)
    return set(frame[keys].astype(str).itertuples(index=False, name=None))


def _append(path: Path, row: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([row]).to_csv(path, mode="a", header=not path.exists(), index=False)


def _translate_arm(arm: str, a_train, b_train, a_test, seed: int, s: dict):
    from smallgan.translate.pix2pix import Pix2Pix

    if arm == "interpolation":
        return a_test, 0.0
    model = Pix2Pix(loss="none" if arm == "unet-l1" else "dcgan", lambda_l1=s["lambda_l1"], depth=s["depth"],
                    base_width=s["base_width"], epochs=s["epochs"], batch_size=s["batch_size"], lr=s["lr"],
                    device="cpu", random_state=seed)
    start = time.perf_counter()
    model.fit(a_train, b_train)
    return model.transform(a_test), time.perf_counter() - start


def run_paired(seeds: list[int], datasets: list[str]) -> None:
    from smallgan.evaluate.image import image_metrics
    from smallgan.evaluate.image_quality import frechet_distance, train_feature_extractor
    from smallgan.report.translation_plots import save_grid, translation_grid
    from smallgan.translate.pairs import TASKS, make_pairs

    s = PAIRED_SETTINGS
    done = _done(PAIRED, ["dataset", "task", "arm", "seed"])
    for dataset in datasets:
        for seed in seeds:
            x_tr, y_tr, x_te, _ = load_split(dataset, seed, s["n_train"], s["n_test"])
            extractor = None
            for task in TASKS:
                a_train, b_train = make_pairs(x_tr, task)
                a_test, b_test = make_pairs(x_te, task)
                outputs = {}
                for arm in ARMS:
                    if (dataset, task, arm, str(seed)) in done:
                        continue
                    fake, seconds = _translate_arm(arm, a_train, b_train, a_test, seed, s)
                    outputs[arm] = fake
                    if extractor is None:
                        extractor = train_feature_extractor(x_tr, y_tr, epochs=EXTRACTOR_EPOCHS, random_state=seed)
                    row = {"dataset": dataset, "task": task, "arm": arm, "seed": seed, **s,
                           **image_metrics(b_test, fake, data_range=1.0),
                           "fid": frechet_distance(b_test, fake, extractor), "train_seconds": round(seconds, 1)}
                    _append(PAIRED, row)
                    print(f"paired {dataset} {task} {arm} seed={seed}: ssim={row['ssim']:.3f} "
                          f"psnr={row['psnr']:.2f} fid={row['fid']:.2f} ({seconds:.0f}s)", flush=True)
                if seed == seeds[0] and len(outputs) == len(ARMS):
                    fig = translation_grid(a_test, outputs, b_test, n=8, title=f"{dataset}: {task}")
                    save_grid(fig, RESULTS / f"translation_grid_{dataset.replace('/', '-')}_{task}.png")


def run_unpaired(seeds: list[int]) -> None:
    from smallgan.augment.cnn_classifier import CNNClassifier
    from smallgan.data import load_dataset
    from smallgan.evaluate.image import ssim
    from smallgan.evaluate.image_quality import frechet_distance, train_feature_extractor
    from smallgan.report.translation_plots import save_grid, translation_grid
    from smallgan.translate.cyclegan import CycleGAN
    from smallgan.translate.pairs import resize

    s = UNPAIRED_SETTINGS
    done = _done(UNPAIRED, ["seed"])
    digits = load_dataset("digits")
    source = resize(digits.X, 28, mode="bicubic")
    for seed in seeds:
        if (str(seed),) in done:
            continue
        order = np.random.default_rng(seed).permutation(len(source))
        a_tr, a_te = source[order[:s["n_train"]]], source[order[s["n_train"]:]]
        ya_tr = digits.y[order[:s["n_train"]]]
        b_tr, yb_tr, b_te, yb_te = load_split("mnist", seed, s["n_train"], s["n_test_mnist"])
        b_tr_unit, b_te_unit = b_tr.astype(np.float32) / 255.0, b_te.astype(np.float32) / 255.0
        start = time.perf_counter()
        model = CycleGAN(base_width=s["base_width"], n_blocks=s["n_blocks"], epochs=s["epochs"],
                         batch_size=s["batch_size"], lr=s["lr"], device="cpu", random_state=seed).fit(a_tr, b_tr)
        seconds = time.perf_counter() - start
        translated_tr, translated_te = model.transform(a_tr), model.transform(a_te)

        def accuracy(train_images, train_labels, test_images, seed=seed, truth=yb_te):
            clf = CNNClassifier(epochs=s["classifier_epochs"], batch_size=64, device="cpu", random_state=seed)
            return float((clf.fit(train_images, train_labels).predict(test_images) == truth).mean())

        extractor = train_feature_extractor(b_tr, yb_tr, epochs=EXTRACTOR_EPOCHS, random_state=seed)
        row = {"seed": seed, **s, "train_seconds": round(seconds, 1),
               "cycle_ssim_a": float(ssim(a_te, model.inverse_transform(translated_te), data_range=1.0)),
               "cycle_ssim_b": float(ssim(b_te_unit[:500], model.transform(model.inverse_transform(b_te_unit[:500])),
                                          data_range=1.0)),
               "fid_source": frechet_distance(b_te, a_te, extractor),
               "fid_translated": frechet_distance(b_te, translated_te, extractor),
               "acc_source": accuracy(a_tr, ya_tr, b_te_unit),
               "acc_translated": accuracy(translated_tr, ya_tr, b_te_unit),
               "acc_source_on_inverse": accuracy(a_tr, ya_tr, model.inverse_transform(b_te_unit)),
               "acc_target_real": accuracy(b_tr_unit, yb_tr, b_te_unit)}
        _append(UNPAIRED, row)
        print(f"unpaired seed={seed}: " + ", ".join(f"{k}={v:.3f}" for k, v in row.items()
                                                    if k.startswith(("acc", "cycle", "fid"))), flush=True)
        if seed == seeds[0]:
            save_grid(translation_grid(a_te, {"digits -> MNIST": translated_te,
                                              "cycle": model.inverse_transform(translated_te)}, n=10,
                                       title="CycleGAN: upsampled 8x8 digits -> MNIST style"),
                      RESULTS / "translation_grid_cyclegan.png")


def _ms(values: pd.Series, digits: int = 3) -> str:
    return f"{values.mean():.{digits}f} ({values.std(ddof=1) if len(values) > 1 else 0.0:.{digits}f})"


def paired_table(frame: pd.DataFrame) -> list[str]:
    lines = ["| dataset | task | arm | seeds | SSIM | PSNR (dB) | MAE | FID-style | train s |", "|---" * 9 + "|"]
    verdicts = []
    for (dataset, task), group in frame.groupby(["dataset", "task"], sort=False):
        for arm in ARMS:
            g = group[group.arm == arm]
            if len(g):
                lines.append(f"| {dataset} | {task} | {arm} | {len(g)} | {_ms(g.ssim)} | {_ms(g.psnr, 2)} | "
                             f"{_ms(g.mae)} | {_ms(g.fid)} | {g.train_seconds.mean():.0f} |")
        p2p, l1 = group[group.arm == "pix2pix"], group[group.arm == "unet-l1"]
        if len(p2p) and len(l1):
            fid_ok, ssim_gap = p2p.fid.mean() < l1.fid.mean(), p2p.ssim.mean() - l1.ssim.mean()
            met = "met" if fid_ok and ssim_gap >= -0.02 else "NOT met"
            verdicts.append(f"- {dataset} / {task}: pix2pix FID-style {p2p.fid.mean():.2f} vs U-Net L1 "
                            f"{l1.fid.mean():.2f} ({'lower' if fid_ok else 'not lower'}), SSIM difference "
                            f"{ssim_gap:+.3f} (limit -0.02): target {met}.")
    means = frame.groupby(["dataset", "task", "arm"], sort=False)[["ssim", "psnr", "fid"]].mean()
    best = [f"{d} / {t}: SSIM {g.ssim.idxmax()[2]}, PSNR {g.psnr.idxmax()[2]}, FID-style {g.fid.idxmin()[2]}"
            for (d, t), g in means.groupby(level=[0, 1], sort=False)]
    fid_wins = sum(g.fid.idxmin()[2] == "pix2pix" for _, g in means.groupby(level=[0, 1], sort=False))
    psnr_wins = sum(g.psnr.idxmax()[2] == "unet-l1" for _, g in means.groupby(level=[0, 1], sort=False))
    return lines + ["", "Target (pix2pix beats the L1-only U-Net on the FID-style score and loses at most 0.02 SSIM):",
                    *verdicts, "", "Best arm per task (mean over seeds): " + "; ".join(best) + ".",
                    f"pix2pix has the best FID-style score in {fid_wins} of {len(best)} tasks; the L1-only U-Net, "
                    f"trained for pixel error, has the best PSNR in {psnr_wins} of {len(best)}."]


def unpaired_table(frame: pd.DataFrame) -> list[str]:
    names = {"cycle_ssim_a": "cycle SSIM digits -> MNIST -> digits (held-out digits)",
             "cycle_ssim_b": "cycle SSIM MNIST -> digits -> MNIST (500 MNIST test images)",
             "fid_source": "FID-style, MNIST test vs untranslated digits",
             "fid_translated": "FID-style, MNIST test vs translated digits",
             "acc_target_real": "accuracy on MNIST test: CNN trained on real MNIST (reference)",
             "acc_source": "accuracy on MNIST test: CNN trained on untranslated digits",
             "acc_translated": "accuracy on MNIST test: CNN trained on digits translated to MNIST",
             "acc_source_on_inverse": "accuracy: digits CNN on MNIST test translated to digits",
             "train_seconds": "CycleGAN training seconds"}
    lines = [f"| quantity | mean (std) over {len(frame)} seeds |", "|---|---|"]
    lines += [f"| {label} | {_ms(frame[key])} |" for key, label in names.items() if key in frame]
    gain = frame.acc_translated - frame.acc_source
    verdict = "improves" if gain.mean() > 0 else "does NOT improve"
    lines += ["", f"Downstream: training on translated digits {verdict} MNIST accuracy over untranslated digits "
              f"(mean change {gain.mean():+.3f}, per seed {', '.join(f'{g:+.3f}' for g in gain)})."]
    return lines


def report() -> None:
    import numpy
    import torch

    import smallgan
    from smallgan.report.markdown import write_section

    versions = f"smallgan {smallgan.__version__}, torch {torch.__version__}, numpy {numpy.__version__}, " \
               f"Python {platform.python_version()}"
    body = ["## Image-to-image translation (pix2pix, CycleGAN)", "",
            f"Command: `{COMMAND}` (table only: `... --report-only`). Written {datetime.date.today()} from "
            f"`benchmarks/results/translation_*.csv`. {versions}. Machine: 2 shared CPU cores, no GPU, "
            "torch threads = 1.", "",
            "### Paired: exact pairs built from real images (no real paired set is available here)", "",
            "Tasks: Sobel edge map -> image, and 4x area-downsampled then bicubic-upsampled -> full resolution. "
            "Arm `interpolation` is the input itself (the bicubic upsampling, or the edge map for `edges`). "
            f"Settings: {PAIRED_SETTINGS}; optimiser Adam(0.5, 0.999); one random train/test draw per seed "
            "(MNIST: the 10,000 t10k images; PneumoniaMNIST: train split for training, official test split for "
            "testing). Metrics on the held-out test images in [0, 1] (SSIM Gaussian window sigma 1.5, "
            "PSNR data range 1). FID-style: Fréchet distance in the feature space of a small CNN trained "
            f"({EXTRACTOR_EPOCHS} epochs) on that seed's real training images and labels "
            "(`smallgan.evaluate.image_quality`), not Inception FID. Few epochs on CPU: far from the paper's "
            "setting (256x256, 200 epochs). FID-style values are comparable only within one dataset (PneumoniaMNIST's "
            "extractor is trained on 2 classes, hence its small scale). `train s` is wall-clock time on the shared "
            "machine (load average about 8-12 on 2 cores during the run), so compare arms, not absolute times.", ""]
    if PAIRED.exists():
        body += paired_table(pd.read_csv(PAIRED))
    else:
        body.append("(no paired results yet)")
    body += ["", "### Unpaired: scikit-learn 8x8 digits (bicubic-upsampled to 28x28) <-> MNIST with CycleGAN", "",
             f"Settings: {UNPAIRED_SETTINGS} (ResNet generators, LSGAN, lambda_cycle 10, identity 0.5, pool 50). "
             f"Per seed: {UNPAIRED_SETTINGS['n_train']} digits and as many MNIST images (unpaired, labels unused) "
             "train the CycleGAN; the other digits measure the cycle SSIM; "
             f"{UNPAIRED_SETTINGS['n_test_mnist']} other MNIST images are the target-domain test set. The downstream "
             "classifier is the small CNN of `smallgan.augment.cnn_classifier` "
             f"({UNPAIRED_SETTINGS['classifier_epochs']} epochs).", ""]
    if UNPAIRED.exists():
        body += unpaired_table(pd.read_csv(UNPAIRED))
    else:
        body.append("(no unpaired results yet)")
    body += ["", "Grids (seed 0): `benchmarks/results/translation_grid_*.png`."]
    write_section(ROOT / "BENCHMARKS.md", "translation", "\n".join(body))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-only", action="store_true", help="rebuild the table from the raw CSVs")
    parser.add_argument("--part", choices=["paired", "unpaired", "all"], default="all")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--datasets", nargs="+", default=["mnist", "medmnist/pneumonia"])
    args = parser.parse_args(argv)
    if not args.report_only:
        import torch

        torch.set_num_threads(1)
        seeds = list(range(args.seeds))
        if args.part in ("paired", "all"):
            run_paired(seeds, args.datasets)
        if args.part in ("unpaired", "all"):
            run_unpaired(seeds)
    report()


if __name__ == "__main__":
    sys.exit(main())
