"""CLI commands of the translation capability: `smallgan translate fit` and `smallgan translate apply`."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import guard, seed_option, verbose_option

translate_app = typer.Typer(help="Image-to-image translation: pix2pix (paired) and CycleGAN (unpaired).",
                            no_args_is_help=True)


@translate_app.command("fit")
def fit(
    a: str = typer.Argument(..., help="domain A images (.npz/.npy): uint8 or floats in [0, 1] / [-1, 1]"),
    b: str = typer.Argument(..., help="domain B images (pix2pix: row i pairs with row i of A)"),
    method: str = typer.Option("pix2pix", help="pix2pix (paired) or cyclegan (unpaired)"),
    save: str = typer.Option(..., help="folder to save the fitted model to"),
    epochs: int = typer.Option(20, help="training epochs"),
    batch_size: int | None = typer.Option(None, help="images per step (default: the model's)"),
    key_a: str | None = typer.Option(None, help="array name inside A.npz"),
    key_b: str | None = typer.Option(None, help="array name inside B.npz"),
    random_state: Annotated[int, seed_option("--random-state")] = 0,
    verbose: Annotated[bool, verbose_option()] = True,
) -> None:
    """Fit a translator A -> B and save it."""
    from ..translate.files import fit_files

    params = {"epochs": epochs, "random_state": random_state, "verbose": verbose}
    if batch_size is not None:
        params["batch_size"] = batch_size
    with guard():
        summary = fit_files(a, b, method=method, save=save, key_a=key_a, key_b=key_b, **params)
    losses = ", ".join(f"{k} {v:.4g}" for k, v in summary["last_losses"].items())
    typer.echo(f"{summary['method']}: {summary['n_a']} A / {summary['n_b']} B images, {summary['epochs']} epochs "
               f"in {summary['seconds']:.0f}s; last epoch: {losses}; saved to {summary['folder']}")


@translate_app.command("apply")
def apply(
    model: str = typer.Argument(..., help="folder written by `smallgan translate fit --save`"),
    images: str = typer.Argument(..., help="images to translate (.npz/.npy)"),
    out: str = typer.Option(..., help="output .npz (array 'images', floats in [0, 1])"),
    grid: str | None = typer.Option(None, help="also write an input/translation grid PNG"),
    inverse: bool = typer.Option(False, "--inverse", help="translate B -> A (CycleGAN only)"),
    key: str | None = typer.Option(None, help="array name inside the images .npz"),
) -> None:
    """Translate images with a saved model."""
    from ..translate.files import apply_files

    with guard():
        summary = apply_files(model, images, out=out, grid=grid, inverse=inverse, key=key)
    typer.echo(f"{summary['model']}: translated {summary['n']} images of shape {summary['shape']} -> "
               f"{summary['out']}" + (f"; grid {summary['grid']}" if summary["grid"] else ""))


def register(app: typer.Typer) -> None:
    """Add the `translate` command group (fit, apply)."""
    app.add_typer(translate_app, name="translate")
