"""NAB diagnostic (issue 6): does averaging the scores of several LSTM GANs fitted with different seeds lift F1?

The main table's LSTM GAN varies a lot from seed to seed (mean F1 0.511-0.633 over 10 seeds) while its point-wise
AUC is the best of all methods: a seed ensemble (each member's scores divided by their std on the series, then
averaged, then the same interval rule) is the cheapest way to trade fit time for less variance. Two arms on the
29 reported series, the main table's settings and tuned options (timeseries_tuned.json):
- `single-30` / `ens3-30`: the main setting (30 epochs); seeds 0-8 alone, and the ensembles {0,1,2}, {3,4,5},
  {6,7,8} (3x the fit time: over the issue's 5x-the-autoencoder budget);
- `single-10` / `ens3-10`: members of 10 epochs (the ensembles' fit time is the main setting's).
Member scores are cached (benchmarks/.cache/timeseries_ensemble); per-run counts go to
benchmarks/results/timeseries_ensemble.csv, from which `--report-only` rebuilds the BENCHMARKS.md section.

    nice -n 5 .venv/bin/python benchmarks/timeseries_ensemble.py -j 2     # fit, count, report
    .venv/bin/python benchmarks/timeseries_ensemble.py --report-only      # report from the CSV
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeseries  # noqa: E402

CACHE = timeseries.ROOT / "benchmarks" / ".cache" / "timeseries_ensemble"
RESULTS = timeseries.RESULTS.with_name("timeseries_ensemble.csv")
COMMAND = "nice -n 5 .venv/bin/python benchmarks/timeseries_ensemble.py -j 2"
GROUPS = ((0, 1, 2), (3, 4, 5), (6, 7, 8))
EPOCHS = (30, 10)


def fit_member(name: str, seed: int, epochs: int) -> dict:
    """Fit the LSTM GAN (main settings, tuned options, `epochs`) on series `name`; cache its scores; its own counts."""
    import torch

    torch.set_num_threads(1)
    path = CACHE / f"{name.replace('/', '__')}_e{epochs}_s{seed}.npz"
    if path.exists():
        return {"name": name, "seed": seed, "epochs": epochs, "fit_s": float(np.load(path)["fit_s"])}
    result = detect(name, seed, epochs)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, scores=result.scores, fit_s=result.timings["fit"])
    tmp.replace(path)
    return {"name": name, "seed": seed, "epochs": epochs, "fit_s": result.timings["fit"]}


def detect(name: str, seed: int, epochs: int, fitted: bool = True, overrides: dict | None = None):
    """`detect_series` as the main table's cell runs it (`overrides`: detector parameters set over its own);
    `fitted=False`: the same series preparation, no epochs."""
    from smallgan.data import load_dataset
    from smallgan.detect.series_pipeline import detect_series

    args = timeseries.parse_args([])
    data = load_dataset(name)
    step = timeseries.native_step(data.X["timestamp"])
    options = timeseries.run_options("lstmgan")
    params = timeseries.detector_params("lstmgan", len(data.X), step, seed, args, None, options)
    params |= (overrides or {}) | {"epochs": epochs if fitted else 1}
    max_points = timeseries.series_max_points(len(data.X), step, args, options)
    result = detect_series(data.X["timestamp"], data.X["value"].to_numpy(), "lstmgan", max_points=max_points,
                           **params)
    return result if fitted else (result, params, data)


def counts(name: str, members: list[np.ndarray], template: tuple) -> dict:
    """Segment and point counts of the averaged z-scored `members` scores on series `name`."""
    from smallgan.detect.series_intervals import find_intervals
    from smallgan.detect.series_io import intervals_to_frame

    result, params, data = template
    # scaled, not centred: the pruning's relative peak gaps depend on the scores' zero (a single run: its own scores)
    scores = np.mean([s / (s.std() or 1.0) for s in members], axis=0)
    options = {k: params[k] for k in ("k", "min_percent", "global_k", "padding") if k in params}
    intervals = intervals_to_frame(find_intervals(scores, **options), result.starts, result.ends)
    scored = dataclasses.replace(result, intervals=intervals, scores=scores).evaluate(data.meta["windows"])
    return {"subset": data.meta["subset"], "series": name, "n_intervals": len(intervals),
            "flagged": dataclasses.replace(result, intervals=intervals).flagged_share,
            **{k: scored[f"segment_{k}"] for k in ("tp", "fp", "fn")},
            **{f"{k}_point": scored[f"point_{k}"] for k in ("tp", "fp", "fn")}}


def collect(jobs: int) -> pd.DataFrame:
    """Fit every member (cached), then count every single run and every ensemble; write RESULTS."""
    names = [name for _, name in timeseries.reported_series()]
    seeds = sorted({s for group in GROUPS for s in group})
    work = [(name, seed, epochs) for epochs in EPOCHS for seed in seeds for name in names]
    with ProcessPoolExecutor(jobs) as pool:
        fits = list(pool.map(fit_member, *zip(*work, strict=True)))
    fit_s = {(f["name"], f["seed"], f["epochs"]): f["fit_s"] for f in fits}
    rows = []
    for name in names:
        template = detect(name, 0, 1, fitted=False)
        for epochs in EPOCHS:
            scores = {s: np.load(CACHE / f"{name.replace('/', '__')}_e{epochs}_s{s}.npz")["scores"] for s in seeds}
            for seed in seeds:
                rows.append(counts(name, [scores[seed]], template) | {
                    "arm": f"single-{epochs}", "run": str(seed), "fit_s": fit_s[name, seed, epochs]})
            for group in GROUPS:
                rows.append(counts(name, [scores[s] for s in group], template) | {
                    "arm": f"ens{len(group)}-{epochs}", "run": "+".join(map(str, group)),
                    "fit_s": sum(fit_s[name, s, epochs] for s in group)})
    from smallgan.io_utils import atomic_write_csv

    frame = pd.DataFrame(rows)
    atomic_write_csv(frame, RESULTS)
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    frame = pd.read_csv(RESULTS) if args.report_only else collect(args.jobs)
    from timeseries_ensemble_report import write

    print(write(frame, markdown=None if args.no_write else timeseries.ROOT / "BENCHMARKS.md"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
