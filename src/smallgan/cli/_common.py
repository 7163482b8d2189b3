"""Plumbing shared by the CLI commands: the one error guard (`error: ...`, exit code 2), one-line warnings,
the --verbose/--quiet and --seed options."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import typer

# bad input: DataValidationError (a ValueError) and DatasetNotFoundError (a FileNotFoundError) included
USER_ERRORS: tuple[type[Exception], ...] = (ValueError, FileNotFoundError)


@contextlib.contextmanager
def guard(*extra: type[Exception], wording: Mapping[str, str] | None = None) -> Iterator[None]:
    """Bad input (missing/corrupt file, invalid data or parameters) ends with one `error: ...` line and exit
    code 2 instead of a traceback. `extra`: more exception types to treat so; `wording`: library phrases
    replaced by their CLI form (a keyword argument by its flag)."""
    try:
        yield
    except (*USER_ERRORS, *extra) as exc:
        message = str(exc)
        for phrase, replacement in (wording or {}).items():
            message = message.replace(phrase, replacement)
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(code=2) from None


@contextlib.contextmanager
def clean_warnings() -> Iterator[None]:
    """Warnings from the library print as one `warning: ...` line on stderr (no source path, no code line)."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        yield


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    typer.echo(f"warning: {message}", err=True)


def verbose_option() -> Any:
    """`--verbose/--quiet` (also `--no-verbose`): progress bars on stderr, on by default."""
    return typer.Option("--verbose/--quiet", " /--no-verbose",
                        help="progress bars on stderr (--quiet or --no-verbose: none)")


def seed_option(*aliases: str) -> Any:
    """`--seed` (plus the older names in `aliases`, e.g. --random-state)."""
    return typer.Option("--seed", *aliases, help="random seed")
