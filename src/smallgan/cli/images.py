"""CLI commands of the image augmentation capability: `augment-images` and `evaluate-images`."""

from __future__ import annotations

from pathlib import Path

import typer

_METHODS = {"dcgan-per-class": "per_class", "per-class": "per_class", "cgan": "cgan", "acgan": "acgan"}


def augment_images(
    data: str = typer.Argument(..., help="dataset name (digits, mnist, medmnist/pneumonia) or an .npz file "
                                         "with images (+ labels)"),
    out: str = typer.Option(..., "--out", help="where to write the synthetic images (.npz: images uint8, labels)"),
    method: str = typer.Option("dcgan-per-class", help=f"one of {list(_METHODS)}"),
    n: int = typer.Option(500, "--n", help="synthetic images per class"),
    steps: int = typer.Option(1000, help="generator steps per class (epochs follow from the data size)"),
    batch_size: int = typer.Option(64, help="GAN batch size"),
    loss: str = typer.Option("dcgan", help="dcgan, lsgan, wgan, wgan-gp or hinge"),
    diffaugment: str = typer.Option("", help="DiffAugment ops, e.g. color,translation,cutout (empty: off)"),
    classic: bool = typer.Option(True, help="train the GAN on classically augmented images (Frid-Adar)"),
    grid: str | None = typer.Option(None, help="also write a PNG grid of samples per class"),
    seed: int = typer.Option(0, help="random_state"),
    verbose: bool = typer.Option(False, help="progress bars"),
) -> None:
    """Train an image GAN on DATA and write N synthetic images per class."""
    from ..augment._image_data import load_image_data, save_npz, to_uint8
    from ..augment.image_sampler import generate_images

    if method not in _METHODS:
        raise typer.BadParameter(f"unknown method {method!r}; choose from {list(_METHODS)}", param_hint="--method")
    images, labels, _ = _guarded(load_image_data, data)
    classic_params = {"angles": (-10, 0, 10), "n_flips": 1, "n_translations": 1, "n_scales": 1} if classic else None
    fakes, fake_labels, gan = _guarded(generate_images, images, labels, method=_METHODS[method], n_per_class=n,
                                       classic=classic_params, random_state=seed, steps=steps, batch_size=batch_size,
                                       loss=loss, diffaugment=diffaugment or None, verbose=verbose)
    arrays = {"images": to_uint8(fakes)}
    if fake_labels is not None:
        arrays["labels"] = fake_labels
    save_npz(out, **arrays)
    typer.echo(f"wrote {len(fakes)} images of shape {fakes.shape[1:]} to {out} "
               f"(GAN trained in {gan.training_time_:.1f} s)")
    if grid is not None:
        from ..report.image_plots import sample_grid, save_figure

        by_label = {"all": fakes} if fake_labels is None else {c: fakes[fake_labels == c] for c in gan.classes_}
        save_figure(sample_grid(by_label, title=f"{method} samples"), grid)
        typer.echo(f"sample grid: {grid}")


def evaluate_images(
    data: str = typer.Argument(..., help="dataset name or .npz (images + labels; MedMNIST keys give a test split)"),
    arms: str = typer.Option("none,classic,dcgan,dcgan_diffaugment,acgan,sgan", help="comma-separated arms"),
    n_per_class: int = typer.Option(50, help="training images per class in every fold"),
    folds: int = typer.Option(3, help="k of the k-fold split"),
    seeds: str = typer.Option("0,1,2", help="comma-separated seeds"),
    gan_steps: int = typer.Option(200, help="generator steps per class"),
    cnn_steps: int = typer.Option(500, help="classifier gradient steps (same in every arm)"),
    out: str | None = typer.Option(None, help="write the per-run rows as CSV"),
) -> None:
    """Run the Frid-Adar k-fold arms protocol on DATA and print sensitivity/specificity per arm."""
    from ..augment._image_data import load_image_data
    from ..evaluate.image_protocol import ImageProtocolSettings, run_image_protocol, summarise_arms

    images, labels, test = _guarded(load_image_data, data)
    if labels is None:
        raise typer.BadParameter(f"{data} has no labels; the protocol needs labelled images", param_hint="DATA")
    settings = ImageProtocolSettings(n_per_class=n_per_class, n_folds=folds,
                                     seeds=tuple(int(s) for s in seeds.split(",") if s.strip()),
                                     gan_steps=gan_steps, cnn_steps=cnn_steps)
    rows = _guarded(run_image_protocol, images, labels, arms=[a.strip() for a in arms.split(",") if a.strip()],
                              settings=settings, test=test)
    if out is not None:
        import os

        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        rows.to_csv(temporary, index=False)
        os.replace(temporary, target)
    typer.echo(f"evaluated on {'the test split' if test is not None else 'held-out folds'}; mean (std) over "
               f"{len(settings.seeds)} seed(s) x {folds} folds")
    typer.echo(summarise_arms(rows).to_string(index=False))


def _guarded(function, *args, **kwargs):
    """Call `function`; bad input (missing/corrupt file, invalid images or parameters) exits with code 2
    and a one-line message instead of a traceback."""
    try:
        return function(*args, **kwargs)
    except (ValueError, FileNotFoundError) as exc:  # DataValidationError and DatasetNotFoundError included
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    """Add augment-images and evaluate-images."""
    app.command("augment-images")(augment_images)
    app.command("evaluate-images")(evaluate_images)
