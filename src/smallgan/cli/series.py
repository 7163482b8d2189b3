"""CLI command of the time-series capability: `smallgan detect-series FILE.csv ...`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import guard, seed_option, verbose_option

METHOD_HELP = "lstmgan (TadGAN-style), algan, lstm-ae, aer (lstm-ae with AER's regression head), iforest, zscore"


def detect_series(
        file: Annotated[Path, typer.Argument(help="CSV with a timestamp column and one or more value columns")],
        timestamp_col: Annotated[str, typer.Option(help="timestamp column")] = "timestamp",
        value_col: Annotated[str, typer.Option(help="value column(s), comma-separated for multivariate")] = "value",
        method: Annotated[str, typer.Option(help=METHOD_HELP)] = "lstmgan",
        out: Annotated[Path | None, typer.Option(help="CSV of the intervals (start, end, severity)")] = None,
        plot: Annotated[Path | None, typer.Option(help="PNG: series, scores, detected intervals")] = None,
        window_size: int = 100, epochs: int = 30, seed: Annotated[int, seed_option()] = 0,
        members: Annotated[int, typer.Option(
            help="fit the method this many times with seeds drawn from --seed and average their scores (each "
                 "divided by its std); see BENCHMARKS.md, seed ensembles, for what it gains on NAB")] = 1,
        gaps: Annotated[str, typer.Option(help="timestamp gaps: error, resample (linear) or ignore")] = "error",
        max_points: Annotated[int | None, typer.Option(help="average long series down to this many points")] = None,
        k: Annotated[float, typer.Option(help="threshold: sliding mean + k * std of the scores")] = 4.0,
        padding: Annotated[int, typer.Option(help="points added on both sides of a flagged point")] = 50,
        min_percent: Annotated[float, typer.Option(
            help="pruning: relative gap a peak needs over the next lower one to be kept")] = 0.1,
        global_k: Annotated[float | None, typer.Option(
            help="gate: keep only intervals whose peak exceeds the whole series' mean + GLOBAL_K * std of the "
                 "scores (default: no gate)")] = None,
        options: Annotated[Path | None, typer.Option(
            help="JSON option file {method: {option: value}}, e.g. benchmarks/results/timeseries_nab_options.json "
                 "(the NAB benchmark's settings and tuned options): the entry of --method sets the scoring, interval "
                 "and training options; flags given on the command line win")] = None,
        labels: Annotated[Path | None, typer.Option(
            help="CSV of labelled anomaly windows (start, end time stamps): print the overlapping-segment and "
                 "point-wise precision / recall / F1, and draw the windows on the plot")] = None,
        save: Annotated[Path | None, typer.Option(
            help="save the fitted detector to this folder (safetensors + JSON, loads without running code)")] = None,
        load: Annotated[Path | None, typer.Option(
            help="score the file with a detector saved by --save, no fitting (--method and training flags are "
                 "ignored; interval flags apply)")] = None,
        verbose: Annotated[bool, verbose_option()] = True, *, ctx: typer.Context) -> None:
    """Detect anomalous intervals in a time series (fit on the series itself, unsupervised)."""
    import torch

    from ..detect.series_io import read_windows_csv
    from ..detect.series_options import load_options
    from ..detect.series_pipeline import detect_series_csv

    torch.set_num_threads(1)
    columns = [c.strip() for c in value_col.split(",") if c.strip()]
    params = dict(max_points=max_points, window_size=window_size, epochs=epochs, k=k, padding=padding,
                  min_percent=min_percent, global_k=global_k)
    # bad file, column, timestamps, values or option; a missing or wrong saved model; a detector that cannot be saved
    with guard(NotImplementedError, wording=_CLI_WORDING):
        if save is not None and load is not None:
            raise ValueError("give either --save (fit, then save) or --load (score with a saved detector), not both")
        windows = read_windows_csv(labels) if labels is not None else None  # before any fitting
        option_set = load_options(options, method) if options is not None else None
        if option_set is not None:  # the file's options replace the flags left at their defaults
            covered = (set(option_set) | ({"padding"} if "padding_raw" in option_set else set())
                       | ({"max_points"} if option_set.get("resolution") else set()))
            params = {name: value for name, value in params.items() if name not in covered
                      or _on_command_line(ctx, name)}
        result = detect_series_csv(file, timestamp_col=timestamp_col, value_cols=columns if len(columns) > 1 else
                                   columns[0], method=method, gaps=gaps, out=out, plot=plot, random_state=seed,
                                   verbose=verbose, windows=windows, options=option_set, n_members=members,
                                   save=save, load=load, **params)
        scores = result.evaluate(windows) if windows is not None else None
    done = f"scored with {load}" if load is not None else f"fit {result.timings['fit']:.1f}s"
    typer.echo(f"{method if load is None else type(result.detector).__name__}: {len(result.values)} points, "
               f"{len(result.intervals)} anomalous interval(s) covering {result.flagged_share:.1%} of the points, "
               f"{done}")
    for row in result.intervals.itertuples():
        typer.echo(f"  {row.start} -> {row.end}  severity {row.severity:.2f}")
    if result.intervals.empty:
        _no_interval_hint(params.get("k", (option_set or {}).get("k", k)), params.get("global_k"))
    if scores is not None:
        for kind, name in (("segment", "overlapping-segment"), ("point", "point-wise")):
            typer.echo(f"{name} precision {scores[f'{kind}_precision']:.3f} recall {scores[f'{kind}_recall']:.3f} "
                       f"F1 {scores[f'{kind}_f1']:.3f} (tp {scores[f'{kind}_tp']}, fp {scores[f'{kind}_fp']}, "
                       f"fn {scores[f'{kind}_fn']}) against {len(windows)} labelled window(s)")
    if out is not None:
        typer.echo(f"intervals written to {out}")
    if plot is not None:
        typer.echo(f"plot written to {plot}")
    if save is not None:
        typer.echo(f"detector saved to {save}")


_CLI_WORDING = {"pass gaps='resample'": "pass --gaps resample"}


def _no_interval_hint(k: float, global_k: float | None) -> None:
    """Say which threshold flagged nothing (the default k = 4 is TadGAN's; IForest's window scores rarely pass it)."""
    gate = f" or the --global-k {global_k} gate" if global_k is not None else ""
    typer.echo(f"hint: no score passed the sliding mean + {k:g} std (--k){gate}; try a lower --k (the NAB "
               "benchmark's tuned values: benchmarks/results/timeseries_nab_options.json, via --options)", err=True)


def _on_command_line(ctx: typer.Context, name: str) -> bool:
    """Whether option `name` was given on the command line (by name: typer may vendor its own click enums)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def register(app: typer.Typer) -> None:
    """Add `detect-series` to the main app."""
    app.command("detect-series")(detect_series)
