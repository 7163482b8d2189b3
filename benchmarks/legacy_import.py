"""One-off migration of the former benchmark scripts' raw CSVs into the result store (rows marked
`source = legacy-script`; see `smallgan.grid.legacy`). Used by `python benchmarks/grid.py --import-legacy`, only
to avoid rerunning hours of work; `smallgan bench run SPEC --replace-legacy` reruns those cells for real.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from smallgan.grid.legacy import import_legacy_rows
from smallgan.grid.spec import Spec
from smallgan.grid.store import ResultStore

RESULTS = Path(__file__).resolve().parent / "results"
SHARED = ("fit_seconds", "n_synthetic", "n_train_minority")


def _tabular_main(spec: Spec) -> pd.DataFrame:
    return pd.read_csv(RESULTS / "tabular_main.csv").rename(columns={"repeat": "seed", "sampler": "method"})


def _tabular_widths(spec: Spec) -> pd.DataFrame:
    labels = {f"{params['loss']} {'/'.join(map(str, params['hidden']))}": label
              for label, (_, params) in spec.methods.items()}
    frame = pd.read_csv(RESULTS / "tabular_widths.csv").rename(columns={"repeat": "seed"})
    return frame.assign(method=frame["sampler"].map(labels)).drop(columns=["sampler", "classifier"])


def _tabular_scale(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "tabular_scale.csv").rename(columns={"sample_10k_seconds": "sample_seconds"})
    frame["sample_dtypes_match"] = frame["sample_dtypes_match"].astype(float)
    return frame.drop(columns=["epochs", "loss"]).assign(dataset="kddcup99", method="TabularGAN", seed=0)


def _translation_paired(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "translation_paired.csv")
    frame["method"] = [f'{arm}[task="{task}"]' for arm, task in zip(frame["arm"], frame["task"], strict=True)]
    return frame[["dataset", "method", "seed", "ssim", "psnr", "mae", "fid", "train_seconds"]].assign(
        fit_seconds=frame["train_seconds"])


def _translation_unpaired(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "translation_unpaired.csv").drop(columns=list(spec.settings), errors="ignore")
    return frame.assign(dataset="digits->mnist", method="cyclegan", fit_seconds=frame["train_seconds"])


def _image_imbalanced(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "image_imbalanced.csv")
    return frame.rename(columns={"arm": "method"}).assign(dataset="medmnist/pneumonia",
                                                          fit_seconds=frame["gan_seconds"] + frame["cnn_seconds"])


def _image_arms(spec: Spec) -> pd.DataFrame:
    pattern = f"image_arms_{spec.name.removeprefix('image-')}_seed*.csv"
    frame = pd.concat([pd.read_csv(path) for path in sorted(RESULTS.glob(pattern))], ignore_index=True)
    return frame.assign(dataset=spec.datasets[0], method=frame["arm"], classifier="fold" + frame["fold"].astype(str),
                        fit_seconds=frame["gan_seconds"] + frame["classifier_seconds"],
                        score_seconds=frame["predict_seconds"]).drop(columns=["set", "arm", "fold", "n_per_class"])


def _image_diffaugment(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "image_diffaugment.csv")
    return frame.assign(dataset=spec.datasets[0], method="dcgan",
                        classifier=frame["diffaugment"].map({True: "with", False: "without"}),
                        fit_seconds=frame.groupby("seed")["gan_seconds"].transform("sum")).drop(
        columns=["set", "diffaugment"])


def _detection(part: str, prefix: str) -> Callable[[Spec], pd.DataFrame]:
    def adapter(spec: Spec) -> pd.DataFrame:
        frame = pd.read_csv(RESULTS / f"detection_{part}.csv")
        frame = frame.assign(dataset=prefix + frame["dataset"].astype(str),
                             seed=frame.get("seed", 0))
        if "fit_s_per_1k" in frame:
            frame["fit_seconds"] = frame["fit_s_per_1k"] * frame["n_train"] / 1000.0
        return frame

    return adapter


def _timeseries(spec: Spec) -> pd.DataFrame:
    frame = pd.read_csv(RESULTS / "timeseries_runs.csv")
    return frame.rename(columns={"series": "dataset"}).assign(fit_seconds=frame["fit_s"],
                                                              score_seconds=frame["interval_s"])


ADAPTERS: dict[str, tuple[Callable[[Spec], pd.DataFrame], str]] = {
    "tabular-main": (_tabular_main, "tabular_main.csv"),
    "tabular-widths": (_tabular_widths, "tabular_widths.csv"),
    "tabular-scale": (_tabular_scale, "tabular_scale.csv"),
    **{f"image-{name}": (_image_arms, f"image_arms_{name}_seed0.csv")
       for name in ("pneumonia-50", "pneumonia-200", "digits-20", "mnist-20")},
    "image-diffaugment": (_image_diffaugment, "image_diffaugment.csv"),
    "image-imbalanced": (_image_imbalanced, "image_imbalanced.csv"),
    "detection-adbench": (_detection("adbench", "adbench/"), "detection_adbench.csv"),
    "detection-kdd": (_detection("kdd", ""), "detection_kdd.csv"),
    "detection-mnist": (_detection("mnist", ""), "detection_mnist.csv"),
    "detection-speed": (_detection("speed", "adbench/"), "detection_speed.csv"),
    "detection-speed-fanogan": (_detection("speed_fanogan", "adbench/"), "detection_speed_fanogan.csv"),
    "timeseries-nab": (_timeseries, "timeseries_runs.csv"),
    "translation-paired": (_translation_paired, "translation_paired.csv"),
    "translation-unpaired": (_translation_unpaired, "translation_unpaired.csv"),
}


def import_legacy(store: ResultStore, spec: Spec) -> int:
    """Import the former script's rows of `spec` (0 when no adapter or CSV exists)."""
    if spec.name not in ADAPTERS or not (RESULTS / ADAPTERS[spec.name][1]).exists():
        return 0
    adapter, csv = ADAPTERS[spec.name]
    averages = spec.protocol == "image_arms"  # the protocol stores fold means next to the per-fold metrics
    return import_legacy_rows(store, spec, adapter(spec), () if averages else SHARED,
                              origin=f"benchmarks/results/{csv}", averages=averages,
                              command=f"legacy: rows of benchmarks/results/{csv} (former script)")
