"""CLI commands of the tabular augmentation capability (registered by smallgan.cli)."""

from __future__ import annotations

import typer


def datasets() -> None:
    """List the datasets that can be loaded here and where they were found."""
    from ..data import data_root, list_datasets

    root = data_root(required=False)
    typer.echo(f"data root: {root if root else 'not found (set SMALLGAN_DATA)'}")
    for name, where in list_datasets():
        typer.echo(f"{name:45s} {where}")


def register(app: typer.Typer) -> None:
    """Add demo, augment, evaluate and datasets."""
    app.command()(datasets)
