"""CLI command of the anomaly-detection capability: `smallgan detect DATA --method fanogan --out scores.csv`."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import guard, seed_option, verbose_option


def detect(
    data: str = typer.Argument(..., help="dataset name (see `smallgan datasets`), a CSV file or a .npy/.npz file"),
    method: str = typer.Option("fanogan", help="anogan, fanogan, egbad or ganomaly"),
    out: str = typer.Option("scores.csv", help="CSV of scores, predicted labels (and true labels when known)"),
    plot: bool = typer.Option(False, "--plot", help="write ROC, score histogram (and anomaly maps) next to --out"),
    save: str | None = typer.Option(None, help="save the fitted detector to this folder"),
    load: str | None = typer.Option(None, help="score with a detector saved by --save (no fitting)"),
    target: str | None = typer.Option(None, help="label column of a CSV file (1 = anomaly)"),
    epochs: int = typer.Option(50, help="training epochs"),
    contamination: float = typer.Option(0.1, help="expected share of anomalies (sets the threshold)"),
    max_rows: int | None = typer.Option(None, help="score a random subsample of this many rows"),
    random_state: Annotated[int, seed_option("--random-state")] = 0,
    verbose: Annotated[bool, verbose_option()] = True,
) -> None:
    """Fit a GAN anomaly detector on DATA (or --load one) and write anomaly scores."""
    from ..detect.pipeline import detect_dataset

    params = {} if load else {"epochs": epochs, "contamination": contamination, "verbose": verbose}
    with guard():
        summary = detect_dataset(data, method=method, out=out, plot=plot, save=save, load=load, target=target,
                                 max_rows=max_rows, random_state=random_state, **params)
    typer.echo(f"{summary['method']}: {summary['flagged']} of {summary['rows']} rows above the threshold "
               f"{summary['threshold']:.4g}; scores written to {summary['out']}")
    if "roc_auc" in summary:
        youden = summary["youden"]
        typer.echo(f"ROC AUC {summary['roc_auc']:.3f}, AP {summary['average_precision']:.3f}; at the Youden index: "
                   f"precision {youden['precision']:.3f}, sensitivity {youden['sensitivity']:.3f}, "
                   f"specificity {youden['specificity']:.3f}, F1 {youden['f1']:.3f}")
    for path in summary.get("plots", []):
        typer.echo(f"plot: {path}")
    if "saved" in summary:
        typer.echo(f"model saved to {summary['saved']}")


def register(app: typer.Typer) -> None:
    """Add the `detect` command."""
    app.command()(detect)
