"""CLI commands for this capability (registered by smallgan.cli)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app (none yet)."""
