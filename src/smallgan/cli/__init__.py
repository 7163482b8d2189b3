"""`smallgan` command line: one typer app; each capability registers its commands from its own module."""

from __future__ import annotations

from importlib import import_module

import typer

app = typer.Typer(help="smallgan: GANs for scarce and imbalanced data (augment, detect, translate, evaluate).",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def _root(ctx: typer.Context) -> None:
    """smallgan: GANs for scarce and imbalanced data."""
    from ._common import clean_warnings

    ctx.with_resource(clean_warnings())  # for the whole command: library warnings as `warning: ...` lines


_COMMAND_MODULES = ("tabular", "detect", "images", "series", "translate", "bench")

for _name in _COMMAND_MODULES:
    import_module(f"{__name__}.{_name}").register(app)


def main() -> None:
    """Entry point of the `smallgan` script."""
    app()
