"""NAB diagnostic (issue 6): which part of the LSTM GAN's score makes its false positives?

The main table's LSTM GAN scores the DTW reconstruction error times the critic score ("mult", TadGAN's); on a few
series it flags intervals that ALGAN and the AER-style autoencoder do not. Every fitted GAN (main settings and tuned
options, as the main table's cells) is scored four ways from the same model: "mult", "rec" (reconstruction error
only), "critic" (critic score only; not in the tuning grid) and "sum". Rule fixed before looking at the reported
series: the combine with the best mean F1 on the 24 tuning series (seeds 0-2) is the one to carry over; the 29
reported series (seeds 0-9) then say whether it holds there. `--critic-score features` fits the same GANs again
and scores "mult" and "critic" with the critic's feature residual (`LSTMGANDetector(critic_score="features")`),
carried over only when above the main score on the tuning series by more than the tuning's refit noise (0.03);
`--critic-fake reconstruction` fits GANs whose critic judges reconstructions (`critic_fake="reconstruction"`) and
scores them with both critic scores, under the same rule.
Rows go to benchmarks/results/timeseries_combine.csv (a run replaces only its own fold and score rows);
`--report-only` rebuilds the BENCHMARKS.md section from it.

    nice -n 5 .venv/bin/python benchmarks/timeseries_combine.py -j 2     # fit, score, report (about 25 min)
    nice -n 5 .venv/bin/python benchmarks/timeseries_combine.py -j 2 --critic-score features   # the residual rows
    nice -n 5 .venv/bin/python benchmarks/timeseries_combine.py -j 2 --critic-fake reconstruction
    .venv/bin/python benchmarks/timeseries_combine.py --report-only
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeseries  # noqa: E402

RESULTS = timeseries.RESULTS.with_name("timeseries_combine.csv")
COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_combine.py -j 2"
COMBINES = ("mult", "rec", "critic", "sum")
FOLDS = {"tuning": range(3), "reported": range(10)}


def score_name(combine: str, critic_score: str = "value", critic_fake: str = "prior") -> str:
    """A score's name in the results: "<combine>[+features][@reconstruction]"."""
    return (combine + ("" if critic_score == "value" else f"+{critic_score}")
            + ("" if critic_fake == "prior" else f"@{critic_fake}"))


def score_all(name: str, seed: int, fold: str, overrides: dict | None = None,
              combines: tuple[str, ...] = COMBINES, critic_scores: tuple[str, ...] = ("value",)) -> list[dict]:
    """Fit the main table's LSTM GAN on `name` once (`overrides`: detector parameters set over its own); segment
    counts and point AUC of its scores under every combine and critic score (`critic_score="features"`: the
    fitted GAN's critic contributes its feature residual instead; scoring only, the same networks)."""
    import torch
    from sklearn.metrics import roc_auc_score

    from smallgan.detect.series_intervals import find_intervals
    from smallgan.detect.series_io import intervals_to_frame
    from smallgan.evaluate.segments import overlaps
    from timeseries_ensemble import detect

    torch.set_num_threads(1)
    _, params, data = detect(name, seed, 30, fitted=False)  # interval options and data: no overrides needed
    result = detect(name, seed, 30, overrides=overrides)
    detector, options = result.detector, {k: params[k] for k in ("k", "min_percent", "global_k", "padding")
                                          if k in params}
    windows = data.meta["windows"]
    inside = [any(overlaps((a, b), w) for w in windows) for a, b in zip(result.starts, result.ends, strict=True)]
    rows = []
    for critic_score in critic_scores:
        for combine in combines:  # the training series' statistics again, from this critic score (no retraining)
            scores = detector.rescore(result.values[:, :1], critic_score=critic_score, combine=combine).decision_scores_
            intervals = intervals_to_frame(find_intervals(scores, **options), result.starts, result.ends)
            counts = dataclasses.replace(result, intervals=intervals).evaluate(windows)
            auc = roc_auc_score(inside, scores) if 0 < sum(inside) < len(inside) else float("nan")
            rows.append({"fold": fold, "subset": data.meta["subset"], "series": name, "seed": seed,
                         "combine": score_name(combine, critic_score, detector.critic_fake),
                         **{k: counts[f"segment_{k}"] for k in ("tp", "fp", "fn")}, "point_auc": auc,
                         "fit_s": result.timings["fit"]})
    return rows


def collect(jobs: int, folds: tuple[str, ...] = tuple(FOLDS), critic_score: str = "value",
            critic_fake: str = "prior") -> pd.DataFrame:
    """Every (fold, series, seed) of `folds`: fit once, score every combine (`critic_score="features"`: "mult" and
    "critic" with the critic's feature residual; `critic_fake="reconstruction"`: GANs whose critic judged
    reconstructions, scored "mult" and "critic" with both critic scores); their rows replace the same
    (fold, combine) rows of RESULTS, written atomically."""
    from timeseries_tune import tuning_series

    names = {"tuning": tuning_series(4), "reported": [name for _, name in timeseries.reported_series()]}
    work = [(name, seed, fold) for fold in folds for seed in FOLDS[fold] for name in names[fold]]
    combines = COMBINES if critic_score == "value" and critic_fake == "prior" else ("mult", "critic")
    critic_scores = ("value", "features") if critic_fake != "prior" else (critic_score,)
    overrides = {"critic_fake": critic_fake} if critic_fake != "prior" else None
    with ProcessPoolExecutor(jobs) as pool:
        rows = [row for part in pool.map(score_all, *zip(*work, strict=True), [overrides] * len(work),
                                         [combines] * len(work), [critic_scores] * len(work)) for row in part]
    from smallgan.io_utils import atomic_write_csv

    frame = pd.DataFrame(rows)
    if RESULTS.exists():
        old = pd.read_csv(RESULTS)
        replaced = old.set_index(["fold", "combine"]).index.isin(frame.set_index(["fold", "combine"]).index)
        frame = pd.concat([old[~replaced], frame], ignore_index=True)
    atomic_write_csv(frame, RESULTS)
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--folds", default=",".join(FOLDS), help="comma-separated folds to run: tuning, reported")
    parser.add_argument("--critic-score", default="value", choices=("value", "features"),
                        help="features: score the critic's feature residual (mult and critic only)")
    parser.add_argument("--critic-fake", default="prior", choices=("prior", "reconstruction"),
                        help="reconstruction: train the critic on reconstructions (scored with both critic scores)")
    args = parser.parse_args(argv)
    frame = pd.read_csv(RESULTS) if args.report_only else collect(args.jobs, tuple(args.folds.split(",")),
                                                                   args.critic_score, args.critic_fake)
    from timeseries_combine_report import write

    print(write(frame, timeseries.ROOT / "BENCHMARKS.md"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
