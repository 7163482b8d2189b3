"""Tables of benchmarks/detection.py, rebuilt from the raw rows in benchmarks/results/detection_*.csv."""

from __future__ import annotations

import datetime
import platform
from importlib import metadata

import numpy as np
import pandas as pd

from detection import (
    GAN_STEPS,
    KDD_EGBAD,
    MAX_ROWS,
    PYOD_ANOGAN_MAX_ROWS,
    PYOD_DEEP_EPOCHS,
    ROOT,
    SEARCH_STEPS,
    load_rows,
)
from smallgan.evaluate.detection import markdown, summary_table
from smallgan.evaluate.stats import mean_std
from smallgan.report.markdown import write_section

OURS = ["AnoGAN (ours)", "f-AnoGAN (ours)", "EGBAD (ours)", "GANomaly (ours)"]
KDD_REFERENCE = {"EGBAD (paper)": (0.920, 0.958, 0.937), "AnoGAN (EGBAD paper)": (None, None, 0.8865),
                 "GANomaly (survey)": (None, None, 0.836)}


def _versions() -> str:
    names = ["smallgan", "torch", "pyod", "scikit-learn", "numpy"]
    return ", ".join(f"{n} {metadata.version(n)}" for n in names)


def _ok(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["error"].isna()] if "error" in rows else rows


def _header(args) -> str:
    command = "nice -n 5 .venv/bin/python benchmarks/detection.py"
    if args.seeds != 5 or args.kdd_rows != 6000 or args.mnist_epochs != 3 or args.mnist_train != 800:
        command += (f" --seeds {args.seeds} --kdd-rows {args.kdd_rows} --mnist-epochs {args.mnist_epochs} "
                    f"--mnist-train {args.mnist_train}")
    return (f"Command: `{command}` (resumable: every (set, method, seed) run is appended to its CSV as it "
            "finishes and skipped when rerun; tables only: `... --report-only`). Run here in passes: all parts "
            "with seeds 0-2 first, then ADBench seeds 3-4, then every EGBAD row of tables 1-3 and all of table 2 "
            "with the current code (EGBAD's stabilised defaults, the KDD preprocessing below), then table 4's "
            "f-AnoGAN check. Between the passes the shared WGAN-GP step was changed to one critic pass over real, "
            "fake and interpolates (same objective), so ADBench seeds 3-4 of the other GAN rows ran with it. "
            f"Written {datetime.date.today()}; {_versions()}; Python {platform.python_version()}. Machine: 2 CPU "
            "cores shared with other jobs, no GPU, torch threads = 1 (timings are noisy and only comparable "
            "within a table). Raw rows: `benchmarks/results/detection_*.csv`.\n")


def adbench_section(args) -> str:
    rows = _ok(load_rows("adbench"))
    if rows.empty:
        return "### 1. ADBench (not run yet)\n"
    auc, ap = summary_table(rows, "roc_auc"), summary_table(rows, "average_precision")
    means = rows.pivot_table(index="dataset", columns="method", values="roc_auc")
    best = means[[m for m in OURS if m in means]].mean().idxmax()
    lines = [f"### 1. ADBench classical + MVTec-AD ResNet-18 embeddings ({means.shape[0]} sets, "
             f"{rows.seed.nunique()} seeds)\n",
             f"Protocol: train on a random 70% of the normal rows, test on the other normals plus all anomalies. "
             f"Sets larger than {MAX_ROWS} rows are stratified-subsampled to {MAX_ROWS} rows first (http, skin, "
             f"smtp, shuttle, mammography, annthyroid, satellite, satimage-2, musk; smtp keeps 20 of its 30 "
             f"anomalies, as a stratified draw would keep none). Ours: MLPs (64, 64), latent 16, "
             f"Adam lr 1e-3, batch 128, epochs = {GAN_STEPS} generator steps / batches per epoch (5..50); "
             f"AnoGAN search {SEARCH_STEPS} steps x 2 starts; f-AnoGAN n_critic 5, mode izi_f, encoder epochs "
             f"= half. PyOD baselines with defaults on standardised rows; AutoEncoder, DeepSVDD, ALAD and PyOD's "
             f"AnoGAN capped at "
             f"{PYOD_DEEP_EPOCHS} epochs; PyOD's AnoGAN (one latent search per training row inside fit) only on "
             f"sets of at most {PYOD_ANOGAN_MAX_ROWS} rows.\n",
             "**ROC AUC**, mean (std) over seeds:\n", markdown(auc, "dataset"), "",
             "**Average precision**, mean (std):\n", markdown(ap, "dataset"), ""]
    lines += _adbench_verdict(means, best)
    timing = rows.groupby("method")[["fit_s_per_1k", "score_s_per_1k"]].median()
    lines += ["", "Median seconds per 1,000 rows (fit on training rows; score on test rows):\n",
              markdown(timing.T.round(3), "")]
    return "\n".join(lines) + "\n"


def _adbench_verdict(means: pd.DataFrame, best: str) -> list[str]:
    out = [f"Best GAN detector by mean AUC: **{best}** ({means[best].mean():.3f} over {len(means)} sets)."]
    for rival in ("ALAD", "AnoGAN (PyOD)", "IForest", "KNN"):
        if rival not in means:
            continue
        pair = means[[best, rival]].dropna()
        wins = int((pair[best] > pair[rival]).sum())
        out.append(f"- vs {rival}: mean AUC {pair[best].mean():.3f} vs {pair[rival].mean():.3f} on the {len(pair)} "
                   f"sets both ran; {best} higher on {wins}, lower on {len(pair) - wins}.")
    partial = [m for m in means if means[m].isna().any()]
    top = means.drop(columns=partial).mean().sort_values(ascending=False)
    out.append(f"- Highest mean AUC among methods run on all {len(means)} sets: {top.index[0]} ({top.iloc[0]:.3f}); "
               "order: " + ", ".join(f"{m} {v:.3f}" for m, v in top.items()) + ".")
    for method in partial:
        out.append(f"- {method} ran on {int(means[method].notna().sum())} sets only; its 'mean' row is over those.")
    return out


def kdd_section() -> str:
    rows = _ok(load_rows("kdd"))
    if rows.empty:
        return "### 2. KDD Cup 99 / NSL-KDD (not run yet)\n"
    parts = []
    for dataset, note in (("KDD99", "EGBAD protocol: 'normal.' traffic (the minority) is the anomaly; a random "
                                    "half of the subsampled rows is the training half, of which only the attack "
                                    "rows are kept; the other half is the test set; anomaly = top 20% of scores"),
                          ("NSL-KDD", "train on the normal rows of KDDTrain+_20Percent (subsampled), test on a "
                                      "subsample of KDDTest+ (anomaly = attack); anomaly = top 20% of scores")):
        frame = rows[rows.dataset == dataset]
        if frame.empty:
            continue
        table = frame.groupby("method").agg(**{
            c: (k, lambda v: mean_std(v.to_numpy())) for c, k in (
                ("precision", "top_precision"), ("recall", "top_recall"), ("F1", "top_f1"), ("ROC AUC", "roc_auc"),
                ("Youden F1", "youden_f1"), ("fit s/1k", "fit_s_per_1k"), ("score s/1k", "score_s_per_1k"))})
        table = table.sort_values("F1", ascending=False)
        if dataset == "KDD99":
            f1 = frame.groupby("method").top_f1.mean()
            egbad = f1[[m for m in f1.index if m.startswith("EGBAD")]].max()
            ours = f1[[m for m in f1.index if "(ours" in m]]
            mine = f1.get("EGBAD (ours)", float("nan"))
            note += (f". EGBAD (ours) F1 {mine:.3f}, best EGBAD row {egbad:.3f} (target >= 0.90: "
                     f"{'met' if mine >= 0.9 else 'NOT met'}). EGBAD trains D at lr/10 and adds ALICE's cycle "
                     "term |x - G(E(x))| to the G/E loss. On KDD (both tables) EGBAD (ours) uses "
                     f"{_params(KDD_EGBAD)}, chosen on KDD99 draws 100-129, never on these seeds: it keeps the "
                     "min-max scale of the inputs (the default standardisation turns the 1 of a one-hot column "
                     "of share p into about 1/sqrt(p), so rare services dominate the score) and the cycle weight "
                     "keeps the small neptune/REJ mode from being dropped. The ablation rows show EGBAD's "
                     "defaults (table-1 settings), the defaults plus winsorising at 2 std, the earlier KDD "
                     "setting (that plus the feature-matching score only), the KDD setting at the table-1 "
                     "learning rate 1e-3 (its first run on these seeds collapsed on one seed: the G/E loss grew "
                     "10x late in training; the learning rate was then lowered, chosen on draws 110-129) and the "
                     "plain BiGAN objective of the "
                     "paper (D wins, G(E(x)) is no reconstruction); "
                     f"best GAN detector {ours.idxmax()} F1 {ours.max():.3f}")
            for name, (p, r, f) in KDD_REFERENCE.items():
                table.loc[name] = [_fmt(p), _fmt(r), _fmt(f), "–", "–", "–", "–"]
        parts += [f"### 2{'a' if dataset == 'KDD99' else 'b'}. {dataset}\n",
                  f"{note}. {frame.seed.nunique()} seeds; {int(frame.n_train.median())} training rows, "
                  f"{int(frame.n_test.median())} test rows ({frame.n_anomalies.median() / frame.n_test.median():.1%} "
                  "anomalies). Other GAN settings as in table 1; inputs for every method: log1p of the count and "
                  "byte columns (all numeric columns but the *_rate ones), one-hot categoricals, min-max scaling "
                  "on training rows. Baselines: IForest, HBOS, ECOD, KNN (OCSVM left out: too slow at this size).\n",
                  markdown(table, "method"), ""]
    return "\n".join(parts) + "\n"


def _params(params: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in params.items())


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def mnist_section(args) -> str:
    rows = _ok(load_rows("mnist"))
    if rows.empty:
        return "### 3. MNIST one-class (not run yet)\n"
    table = rows.pivot_table(index="dataset", columns="method", values="roc_auc").round(3)
    table.index = [f"digit {d}" for d in table.index]
    table.loc["**mean**"] = table.mean().round(3)
    per_seed = rows.pivot_table(index="seed", columns="method", values="roc_auc")  # mean over digits per seed
    n_seeds = len(per_seed)
    if n_seeds > 1:
        table.loc["**std of the mean over seeds**"] = per_seed.std(ddof=0).round(3)
    timing = rows.groupby("method")[["fit_s_per_1k", "score_s_per_1k"]].median().round(3)
    return "\n".join([
        "### 3. MNIST one-class (each digit in turn is the anomaly)\n",
        f"The 10,000 MNIST test images (all that is staged) are split 80/20 once; train on the normal digits of "
        f"the 80% part (first {int(rows.n_train.median())} images), test on the first {int(rows.n_test.median())} "
        "images of the 20% part (~10% anomalous). DCGAN-style nets 28x28, base width 16, latent 32, "
        f"{int(rows.epochs.median())} epochs, batch 64, Adam 1e-3, AnoGAN search {SEARCH_STEPS} steps x 1 start, "
        f"f-AnoGAN n_critic 2, {n_seeds} seed(s), AUC averaged over seeds: CPU-sized "
        f"({int(rows.epochs.median()) * (int(rows.n_train.median()) // 64)} "
        "generator updates), far below the papers' training, "
        "so these AUCs are not comparable with GANomaly's reported MNIST results.\n",
        "ROC AUC:\n", markdown(table, ""), "", "Median seconds per 1,000 images:\n", markdown(timing.T, ""), ""])


def speed_section() -> str:
    speed, adbench, mnist = load_rows("speed"), _ok(load_rows("adbench")), _ok(load_rows("mnist"))
    lines = ["### 4. Speed (same run)\n"]
    if not speed.empty:
        per = speed.pivot_table(index="dataset", columns="method", values="search_s_per_1k")
        ratio = per["AnoGAN (PyOD, one query at a time)"] / per["AnoGAN (ours, batched)"]
        lines += [f"Latent search, {SEARCH_STEPS} Adam steps, one start, {int(speed.n_queries.iloc[0])} queries: "
                  "seconds per 1,000 queries. PyOD's AnoGAN searches one query at a time and only inside `fit` "
                  "(its `decision_function` reuses one learned latent point for every query, so it does not search); "
                  "its fit with epochs=0 on the queries is timed as pure search.\n",
                  markdown(per.assign(**{"speed-up": ratio}).round(3), "dataset"), "",
                  f"Batched search is **{ratio.min():.0f}x-{ratio.max():.0f}x** faster per query "
                  f"(target >= 10x: {'met' if ratio.min() >= 10 else 'NOT met'}).\n"]
    for name, rows in (("ADBench", adbench), ("MNIST", mnist)):
        if rows.empty or not {"AnoGAN (ours)", "f-AnoGAN (ours)"} <= set(rows.method):
            continue
        pair = rows.pivot_table(index=["dataset", "seed"], columns="method",
                                values=["score_s_per_1k", "roc_auc"]).dropna()
        ratio = float(np.median(pair["score_s_per_1k"]["AnoGAN (ours)"] / pair["score_s_per_1k"]["f-AnoGAN (ours)"]))
        gap = float((pair["roc_auc"]["f-AnoGAN (ours)"] - pair["roc_auc"]["AnoGAN (ours)"]).mean())
        lines.append(f"- {name} (bench settings, AnoGAN at {SEARCH_STEPS} search steps): f-AnoGAN scores {ratio:.0f}x "
                     f"faster than iterative AnoGAN (median per-run ratio); mean AUC f-AnoGAN - AnoGAN = {gap:+.3f}.")
    paper = _ok(load_rows("speed_fanogan"))
    if not paper.empty:
        lines += ["", *_fanogan_vs_iterative(paper)]
    return "\n".join(lines) + "\n"


def _fanogan_vs_iterative(paper: pd.DataFrame) -> list[str]:
    """The f-AnoGAN claim at the paper's 500 search steps: >= 100x faster scoring, AUC within 0.02."""
    slow = [m for m in paper.method.unique() if "steps" in m][0]
    runs = paper.pivot_table(index=["dataset", "seed"], columns="method", values=["roc_auc", "score_s_per_1k"])
    runs["speed-up"] = runs["score_s_per_1k"][slow] / runs["score_s_per_1k"]["f-AnoGAN (ours)"]
    runs["gap"] = runs["roc_auc"]["f-AnoGAN (ours)"] - runs["roc_auc"][slow]
    by = runs.groupby(level="dataset")
    table = pd.DataFrame({
        f"{slow}: ROC AUC": by.apply(lambda g: mean_std(g["roc_auc"][slow].to_numpy())),
        "f-AnoGAN (ours): ROC AUC": by.apply(lambda g: mean_std(g["roc_auc"]["f-AnoGAN (ours)"].to_numpy())),
        "AUC f-AnoGAN - AnoGAN": by["gap"].mean().map(lambda v: f"{v:+.3f}"),
        f"{slow}: score s/1k": by.apply(lambda g: f"{g['score_s_per_1k'][slow].median():.3g}"),
        "f-AnoGAN (ours): score s/1k": by.apply(lambda g: f"{g['score_s_per_1k']['f-AnoGAN (ours)'].median():.3g}"),
        "speed-up (median)": by["speed-up"].median().round(0)})
    speed, gap = by["speed-up"].median(), by["gap"].mean()
    seeds = paper.seed.nunique()
    return [f"f-AnoGAN vs iterative AnoGAN at the f-AnoGAN paper's 500 search steps ({seeds} seeds, one 70/30 "
            "one-class split each; each detector trains its own GAN with the table-1 settings; f-AnoGAN izi_f, "
            "kappa 1):\n", markdown(table, "dataset"), "",
            f"- Speed-up per dataset (median over seeds) {speed.min():.0f}x-{speed.max():.0f}x (target >= 100x: "
            f"{'met' if speed.min() >= 100 else 'NOT met'}; {int((runs['speed-up'] >= 100).sum())} of "
            f"{len(runs)} runs >= 100x).",
            "- Mean AUC f-AnoGAN - iterative AnoGAN per dataset: "
            + ", ".join(f"{d} {v:+.3f}" for d, v in gap.items())
            + f" (f-AnoGAN no more than 0.02 below iterative AnoGAN: {'met' if gap.min() >= -0.02 else 'NOT met'}"
            + f"; |difference| <= 0.02 on {int((gap.abs() <= 0.02).sum())} of {len(gap)} sets, f-AnoGAN "
            + f"higher by more than 0.02 on {int((gap > 0.02).sum())}). Per-seed AUCs "
            "of both vary by several hundredths on these small sets (std above), so a single split does not "
            "decide this."]


def write_report(args) -> None:
    body = "\n".join(["## GAN anomaly detection (issue 4)\n", _header(args), adbench_section(args), kdd_section(),
                      mnist_section(args), speed_section()])
    write_section(ROOT / "BENCHMARKS.md", "detection", body)
