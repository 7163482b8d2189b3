"""NAB benchmark: LSTM GAN (TadGAN-style), its ALGAN variant and three baselines, overlapping-segment F1.

Protocol (TadGAN / Orion): each series is fitted unsupervised on itself, scored, and intervals come from
the sliding mean + k * std rule; a labelled NAB window is found when an interval overlaps it. Counts are
summed over the series of a subset (Orion's way), per seed; the table gives mean (std) over seeds.
CPU budget: long series are averaged down to `--max-points`, few epochs. Reported series: every NAB series of
the six subsets that is not a tuning series (`timeseries_tune.tuning_series(4)`: 24 series, 4 per subset), i.e. 29;
`--series-per-subset N` gives the former seeded sample of N per subset instead (N=2: the first table's 12).
Raw runs go to benchmarks/results/timeseries_runs.csv (a rerun skips runs already there);
`--report-only` rebuilds the BENCHMARKS.md section from that file (benchmarks/timeseries_report.py).
Scoring and interval options per method come from benchmarks/results/timeseries_tuned.json, written by
benchmarks/timeseries_tune.py from other NAB series (never the reported ones).

    nice -n 5 .venv/bin/python benchmarks/timeseries.py            # run + report
    .venv/bin/python benchmarks/timeseries.py --report-only        # report from the raw CSV
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from smallgan.detect.series_options import (  # noqa: F401  (re-exported: the tuning script and tests use them)
    ORION_PADDING,
    ORION_RESOLUTION_S,
    PROTOCOL_OPTIONS,
    native_step,
    orion_max_points,
    padding_points,
    raw_padding,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "timeseries_runs.csv"
EXAMPLE = RESULTS.with_name("timeseries_example.png")
DEFAULTS = "library-defaults"  # the `candidate` of runs with no tuned option
TUNED = RESULTS.with_name("timeseries_tuned.json")  # per-method options chosen by timeseries_tune.py
TUNED_SUBSETS = RESULTS.with_name("timeseries_tuned_subsets.json")  # the same, chosen per NAB subset
PER_SUBSET = "+subset"  # label suffix of a method run with its per-subset options (as Orion's per-dataset pipelines)
SUBSETS = {"artificialWithAnomaly": "NAB-art", "realAWSCloudwatch": "AWS", "realAdExchange": "AdEx",
           "realTraffic": "Traffic", "realTweets": "Tweets", "realKnownCause": "KnownCause"}
# Orion's maintained benchmark (overlapping-segment F1), as quoted in issue 6; KnownCause is not reported there.
REFERENCE = {"TadGAN (Orion)": {"NAB-art": 0.500, "AWS": 0.710, "AdEx": 0.692, "Traffic": 0.486, "Tweets": 0.588},
             "AER (Orion)": {"NAB-art": 0.750, "AWS": 0.702, "AdEx": 0.733, "Traffic": 0.611, "Tweets": 0.606}}
METHODS = ("lstmgan", "algan", "lstm-ae", "iforest", "zscore")
LABELS = {"lstmgan": "LSTM GAN (ours, TadGAN-style)", "algan": "ALGAN variant (ours)", "lstm-ae": "LSTM autoencoder",
          "iforest": "IForest on windows", "zscore": "rolling z-score"}
# the main spec's AER-style row: the LSTM autoencoder with AER's regression head and its own tuned options
LABELS["aer"] = "AER-style autoencoder (ours, no adversary)"
ORDER = ("lstmgan", "lstmgan-15ep", "algan", "lstm-ae", "aer", "iforest", "zscore")
LABELS["lstmgan-15ep"] = "LSTM GAN (ours), 15 epochs, options tuned for 15 epochs"  # the run before epochs were tuned
COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries.py"
# Orion's find_anomalies pads by anomaly_padding = 50 points of the series it scores, which its NAB pipelines aggregate
# to 10 min (AdEx: 1 h, its native step): 50 x max(10 min, native step) of time, i.e. 100 points of a 5-min series
PADDING_RAW = "orion"
PREVIOUS_PADDING_RAW = 50  # the previous table's padding, in original points (extra counts *_legacy)
TUNE_COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_tune.py --collect --per-subset 4 --seeds 100,101"


def series_max_points(n_raw: int, step_s: float, args: argparse.Namespace, options: dict | None = None) -> int:
    """The averaging target of one series: Orion's resolution capped at `resolution` points (a method's tuned option,
    else `--resolution`), else `--max-points`."""
    resolution = (options or {}).get("resolution", args.resolution)
    return orion_max_points(n_raw, step_s, resolution) if resolution else args.max_points


def detector_params(method: str, n_raw: int, step_s: float, seed: int, args: argparse.Namespace,
                    subset: str | None = None, options: dict | None = None) -> dict:
    """The script's settings, the method's tuned options (those of `subset` if given; `options` if given) and the
    padding in points of the averaged series."""
    options = tuned_options(subset).get(method, {}) if options is None else options
    padding = padding_points(n_raw, series_max_points(n_raw, step_s, args, options),
                             options.get("padding_raw", PADDING_RAW), step_s)
    settings = dict(window_size=args.window_size, epochs=args.epochs, train_step=args.train_step,
                    n_critic=args.n_critic, batch_size=args.batch_size, random_state=seed, device="cpu")
    return settings | {k: v for k, v in options.items() if k not in PROTOCOL_OPTIONS} | {"padding": padding}


def tuned_options(subset: str | None = None) -> dict[str, dict]:
    """Scoring and interval options per method, tuned on non-reported NAB series (empty: library defaults); with
    `subset`, those tuned on that subset's tuning series."""
    if subset is not None:
        return {method: chosen[subset] for method, chosen in json.loads(TUNED_SUBSETS.read_text()).items()}
    return json.loads(TUNED.read_text()) if TUNED.exists() else {}


def run_options(method: str, subset: str | None = None, candidate: str | None = None, crossfit: bool = False) -> dict:
    """The options a run of `method` uses: the tuned ones (of `subset` if given; with `crossfit`, those chosen on the
    reported series instead: timeseries_crossfit.py), those of tuning `candidate`, or none (the library defaults) for
    candidate `DEFAULTS`."""
    if crossfit:
        from timeseries_crossfit import crossfit_options

        if candidate not in (None, DEFAULTS):
            raise ValueError("crossfit runs the options chosen on the reported series: no tuning candidate")
        return crossfit_options(method, subset)
    if candidate is None:
        return tuned_options(subset).get(method, {})
    if candidate == DEFAULTS:  # no tuned option: the library's scoring and interval defaults
        return {}
    from timeseries_candidates import candidate_options, variant

    if variant(candidate)[0] != method:
        raise ValueError(f"tuning candidate {candidate!r} is a {variant(candidate)[0]!r} setting, not {method!r}")
    return candidate_options(candidate, subset)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series-per-subset", type=int, default=0,
                        help="0 (default): every non-tuning series (29); N: the seeded sample of N per subset")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--window-size", type=int, default=100)
    parser.add_argument("--max-points", type=int, default=1000, help="average every series down to at most N points")
    parser.add_argument("--resolution", type=int, default=0, metavar="CAP",
                        help="CAP > 0: average to Orion's resolution (10 min or the native step), to at most CAP "
                             "points (replaces --max-points)")
    parser.add_argument("--train-step", type=int, default=3)
    parser.add_argument("--n-critic", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS, help="raw per-run CSV")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave BENCHMARKS.md alone")
    parser.add_argument("--plot-example", metavar="NAME", help="also fit the LSTM GAN (seed 0) on this NAB series "
                        f"and save {EXAMPLE.name}")
    return parser.parse_args(argv)


def chosen_series(per_subset: int) -> list[tuple[str, str]]:
    """(subset, name) pairs: a seeded sample per subset, interleaved so that every subset is covered early."""
    from smallgan.data.series import nab_series

    rng = np.random.default_rng(0)
    picks = {}
    for subset in SUBSETS:
        names = nab_series(subset)
        picks[subset] = [names[i] for i in sorted(rng.choice(len(names), min(per_subset, len(names)), replace=False))]
    return [(s, picks[s][i]) for i in range(per_subset) for s in SUBSETS if i < len(picks[s])]


def reported_series() -> list[tuple[str, str]]:
    """(subset, name) of every NAB series of the six subsets outside the tuning set, the first table's 12 first."""
    from smallgan.data.series import nab_series
    from timeseries_tune import tuning_series

    first = chosen_series(2)
    tuning, seen = set(tuning_series(4)), {name for _, name in first}
    rest = {s: [n for n in nab_series(s) if n not in tuning and n not in seen] for s in SUBSETS}
    depth = max(len(names) for names in rest.values())
    return first + [(s, rest[s][i]) for i in range(depth) for s in SUBSETS if i < len(rest[s])]  # interleaved


def run_one(name: str, method: str, seed: int, args: argparse.Namespace, per_subset: bool = False,
            overrides: dict | None = None, candidate: str | None = None, crossfit: bool = False) -> dict:
    """Fit, score and count one (series, method, seed); `per_subset`: with the options tuned for the series' subset;
    `overrides`: detector parameters set over the tuned ones (e.g. a training budget); `candidate`: with the options
    of that tuning candidate of `method` (chosen or not: `timeseries_candidates.candidate_options`); `crossfit`: with
    the options chosen on the reported series (for a run on the tuning series)."""
    from sklearn.metrics import roc_auc_score

    from smallgan.data import load_dataset
    from smallgan.detect.series_io import intervals_to_frame
    from smallgan.detect.series_pipeline import detect_series
    from smallgan.evaluate.segments import overlaps, segment_counts

    data = load_dataset(name)
    step = native_step(data.X["timestamp"])
    subset = data.meta["subset"] if per_subset else None
    options = run_options(method, subset, candidate, crossfit)
    params = detector_params(method, len(data.X), step, seed, args, subset, options) | (overrides or {})
    max_points = series_max_points(len(data.X), step, args, options)
    result = detect_series(data.X["timestamp"], data.X["value"].to_numpy(), method, max_points=max_points, **params)
    detected = list(zip(result.intervals["start"], result.intervals["end"], strict=True))
    scores = result.evaluate(data.meta["windows"])  # point-wise counts: on the original time stamps
    counts, pointwise = ({k: scores[f"{kind}_{k}"] for k in ("tp", "fp", "fn")} for kind in ("segment", "point"))
    in_window = [any(overlaps((a, b), w) for w in data.meta["windows"]) for a, b in zip(result.starts, result.ends,
                                                                                          strict=True)]
    auc = roc_auc_score(in_window, result.scores) if 0 < sum(in_window) < len(in_window) else float("nan")
    flagged = result.flagged_share
    # the previous table's padding (50 original points), same scores: for comparison only
    interval_options = {k: params[k] for k in ("k", "min_percent", "global_k") if k in params}
    previous = padding_points(len(data.X), max_points, PREVIOUS_PADDING_RAW, step)
    wide = intervals_to_frame(result.detector.detect_intervals(**interval_options, padding=previous),
                              result.starts, result.ends)
    legacy = segment_counts(data.meta["windows"], list(zip(wide["start"], wide["end"], strict=True)))
    label = method + (PER_SUBSET if per_subset else "")
    return {"subset": data.meta["subset"], "series": name, "method": label, "seed": seed,
            "n_raw": len(data.X), "n_points": len(result.values), **counts, "n_intervals": len(detected),
            "flagged": flagged, **{f"{k}_legacy": v for k, v in legacy.items()},
            **{f"{k}_point": v for k, v in pointwise.items()}, "point_auc": auc,
            "fit_s": result.timings["fit"], "interval_s": result.timings["intervals"],
            "epochs": params["epochs"], "window_size": args.window_size, "max_points": max_points,
            "resolution": options.get("resolution", args.resolution),
            "train_step": params["train_step"], "n_critic": params["n_critic"], "batch_size": params["batch_size"],
            "padding": params["padding"], "options": json.dumps(options, sort_keys=True),
            "intervals": intervals_text(detected)}


def intervals_text(detected: list[tuple]) -> str:
    """Detected (start, end) time stamps as compact JSON, kept with each run so that other interval metrics can be
    computed later without refitting.

    Example:
        >>> intervals_text([(pd.Timestamp("2014-04-01 00:00"), pd.Timestamp("2014-04-01 05:00"))])
        '[["2014-04-01T00:00:00","2014-04-01T05:00:00"]]'
    """
    return json.dumps([[pd.Timestamp(a).isoformat(), pd.Timestamp(b).isoformat()] for a, b in detected],
                      separators=(",", ":"))


def run(args: argparse.Namespace) -> None:
    import torch

    torch.set_num_threads(1)
    done = pd.read_csv(args.results) if args.results.exists() else pd.DataFrame(columns=["series", "method", "seed"])
    finished = set(zip(done["series"], done["method"], done["seed"].astype(int), strict=True))
    methods = args.methods.split(",")
    selection = chosen_series(args.series_per_subset) if args.series_per_subset else reported_series()
    for subset, name in selection:
        for method in methods:
            seeds = [0] if method == "zscore" else range(args.seeds)  # deterministic: one run
            for seed in seeds:
                if (name, method, seed) in finished:
                    continue
                start = time.perf_counter()
                row = run_one(name, method, seed, args)
                _append(args.results, row)
                print(f"{SUBSETS[subset]:10s} {name.split('/')[-1][:30]:30s} {method:8s} seed {seed} "
                      f"tp {row['tp']} fp {row['fp']} fn {row['fn']} fit {row['fit_s']:.1f}s "
                      f"({time.perf_counter() - start:.1f}s)", flush=True)


def plot_example(name: str, args: argparse.Namespace) -> None:
    """The LSTM GAN's detection on one series as a PNG (series, labelled windows, intervals, scores)."""
    import torch

    from smallgan.data import load_dataset
    from smallgan.detect.series_pipeline import detect_series
    from smallgan.report.series_plots import plot_series_detection, save_figure

    torch.set_num_threads(1)
    data = load_dataset(name)
    step = native_step(data.X["timestamp"])
    result = detect_series(data.X["timestamp"], data.X["value"].to_numpy(), "lstmgan",
                           max_points=series_max_points(len(data.X), step, args, tuned_options().get("lstmgan")),
                           **detector_params("lstmgan", len(data.X), step, 0, args))
    figure = plot_series_detection(result.starts, result.values, result.scores, result.intervals,
                                   data.meta["windows"], title=f"{name}: LSTM GAN, seed 0")
    save_figure(figure, EXAMPLE)


def _append(path: Path, row: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([row]).to_csv(path, mode="a", header=not path.exists(), index=False)


def main(argv: list[str] | None = None) -> int:
    from smallgan.report.markdown import write_section
    from timeseries_report import report

    args = parse_args(argv)
    if not args.report_only:
        run(args)
    if args.plot_example:
        plot_example(args.plot_example, args)
    if not args.results.exists():
        print(f"no raw results at {args.results}; run without --report-only first", file=sys.stderr)
        return 1
    runs = pd.read_csv(args.results)
    body = report(runs)
    if not args.no_write:
        write_section(ROOT / "BENCHMARKS.md", "timeseries", body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
