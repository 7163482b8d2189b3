"""Report hook of the translation section (issue 7): specs `translation-paired` and `translation-unpaired`
(benchmarks/specs/translation_*.yaml) -> the paired-task table with the pix2pix target verdicts, and the
CycleGAN digits <-> MNIST table with its downstream verdict, from the store's rows.

Example:
    >>> section(store.cells(), store.experiments())   # via `report: "smallgan.report.translation:section"`
"""

from __future__ import annotations

import pandas as pd

from .sections import metrics_frame, provenance

ARMS = ("interpolation", "unet-l1", "pix2pix")
_UNPAIRED = {"cycle_ssim_a": "cycle SSIM digits -> MNIST -> digits (held-out digits)",
             "cycle_ssim_b": "cycle SSIM MNIST -> digits -> MNIST (500 MNIST test images)",
             "fid_source": "FID-style, MNIST test vs untranslated digits",
             "fid_translated": "FID-style, MNIST test vs translated digits",
             "acc_target_real": "accuracy on MNIST test: CNN trained on real MNIST (reference)",
             "acc_source": "accuracy on MNIST test: CNN trained on untranslated digits",
             "acc_translated": "accuracy on MNIST test: CNN trained on digits translated to MNIST",
             "acc_source_on_inverse": "accuracy: digits CNN on MNIST test translated to digits",
             "train_seconds": "CycleGAN training seconds"}


def _ms(values: pd.Series, digits: int = 3) -> str:
    return f"{values.mean():.{digits}f} ({values.std(ddof=1) if len(values) > 1 else 0.0:.{digits}f})"


def paired_table(frame: pd.DataFrame) -> list[str]:
    """Frame columns: dataset, task, arm, seed, ssim, psnr, mae, fid, train_seconds."""
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
    tasks = list(means.groupby(level=[0, 1], sort=False))
    best = [f"{d} / {t}: SSIM {g.ssim.idxmax()[2]}, PSNR {g.psnr.idxmax()[2]}, FID-style {g.fid.idxmin()[2]}"
            for (d, t), g in tasks]
    fid_wins = sum(g.fid.idxmin()[2] == "pix2pix" for _, g in tasks)
    psnr_wins = sum(g.psnr.idxmax()[2] == "unet-l1" for _, g in tasks)
    return lines + ["", "Target (pix2pix beats the L1-only U-Net on the FID-style score and loses at most 0.02 SSIM):",
                    *verdicts, "", "Best arm per task (mean over seeds): " + "; ".join(best) + ".",
                    f"pix2pix has the best FID-style score in {fid_wins} of {len(best)} tasks; the L1-only U-Net, "
                    f"trained for pixel error, has the best PSNR in {psnr_wins} of {len(best)}."]


def unpaired_table(frame: pd.DataFrame) -> list[str]:
    """Frame: one row per seed with the metrics of `translation_unpaired_cell`."""
    lines = [f"| quantity | mean (std) over {len(frame)} seeds |", "|---|---|"]
    lines += [f"| {label} | {_ms(frame[key])} |" for key, label in _UNPAIRED.items() if key in frame]
    gain = frame.acc_translated - frame.acc_source
    verdict = "improves" if gain.mean() > 0 else "does NOT improve"
    return lines + ["", f"Downstream: training on translated digits {verdict} MNIST accuracy over untranslated "
                    f"digits (mean change {gain.mean():+.3f}, per seed {', '.join(f'{g:+.3f}' for g in gain)})."]


def section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `translation` BENCHMARKS.md section from the store rows of the translation experiments."""
    protocols = dict(zip(experiments["experiment"], experiments["protocol"], strict=True))
    body = ["## Image-to-image translation (pix2pix, CycleGAN)", "", provenance(cells, experiments), ""]
    for name, protocol in protocols.items():
        frame = metrics_frame(cells[cells["experiment"] == name], experiments)
        settings = next(iter(cells.loc[cells["experiment"] == name, "settings"]), {})
        if frame.empty:
            continue
        if protocol == "translation_paired":
            frame = frame.assign(arm=frame["estimator"], task=[p.get("task") for p in frame["params"]])
            body += ["### Paired: exact pairs built from real images (no real paired set is available here)", "",
                     "Tasks: Sobel edge map -> image, and 4x area-downsampled then bicubic-upsampled -> full "
                     "resolution. Arm `interpolation` is the input itself. Settings: "
                     f"`{settings}`; one random train/test draw per seed (MNIST: the 10,000 t10k images; "
                     "PneumoniaMNIST: train split for training, official test split for testing). Metrics on the "
                     "held-out test images in [0, 1]. FID-style: Fréchet distance in the feature space of a small "
                     "CNN trained on that seed's real training images (`smallgan.evaluate.image_quality`), not "
                     "Inception FID, comparable only within one dataset. Few epochs on CPU: far from the paper's "
                     "setting (256x256, 200 epochs). `train s` is wall-clock time on a shared machine.", "",
                     *paired_table(frame), ""]
        elif protocol == "translation_unpaired":
            body += ["### Unpaired: scikit-learn 8x8 digits (bicubic-upsampled to 28x28) <-> MNIST with CycleGAN",
                     "", f"Settings: `{settings}` (ResNet generators, LSGAN). Per seed: `n_train` digits and as many "
                     "MNIST images (unpaired, labels unused) train the CycleGAN; the other digits measure the cycle "
                     "SSIM; `n_test_mnist` other MNIST images are the target-domain test set; the downstream "
                     "classifier is the small CNN of `smallgan.augment.cnn_classifier`.", "",
                     *unpaired_table(frame), ""]
    body.append("Grids (seed 0, from the former script): `benchmarks/results/translation_grid_*.png`.")
    return "\n".join(body)
