"""CLI commands of the image augmentation capability: `augment-images` and `evaluate-images`."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import guard, seed_option, verbose_option

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
    seed: Annotated[int, seed_option()] = 0,
    verbose: Annotated[bool, verbose_option()] = True,
) -> None:
    """Train an image GAN on DATA and write N synthetic images per class."""
    from ..augment._image_data import load_image_data, save_npz, to_uint8
    from ..augment.image_sampler import generate_images

    classic_params = {"angles": (-10, 0, 10), "n_flips": 1, "n_translations": 1, "n_scales": 1} if classic else None
    with guard():
        if method not in _METHODS:
            raise ValueError(f"unknown method {method!r}; choose from {list(_METHODS)}")
        images, labels, _ = load_image_data(data)
        fakes, fake_labels, gan = generate_images(images, labels, method=_METHODS[method], n_per_class=n,
                                                  classic=classic_params, random_state=seed, steps=steps,
                                                  batch_size=batch_size, loss=loss, diffaugment=diffaugment or None,
                                                  verbose=verbose)
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
    verbose: Annotated[bool, verbose_option()] = True,
) -> None:
    """Run the Frid-Adar k-fold arms protocol on DATA and print sensitivity/specificity per arm."""
    import numpy as np
    from tqdm.auto import tqdm

    from ..augment._image_data import load_image_data
    from ..evaluate.image_protocol import ImageProtocolSettings, run_image_protocol, summarise_arms
    from ..io_utils import atomic_write_csv

    with guard():
        images, labels, test = load_image_data(data)
        if labels is None:
            raise ValueError(f"{data} has no labels; the protocol needs labelled images")
        if len(classes := np.unique(labels)) < 2:
            raise ValueError(f"{data} has one class ({classes[0].item()}); the protocol needs at least 2")
        settings = ImageProtocolSettings(n_per_class=n_per_class, n_folds=folds, seeds=_int_list(seeds, "--seeds"),
                                         gan_steps=gan_steps, cnn_steps=cnn_steps)
        chosen = [a.strip() for a in arms.split(",") if a.strip()]
        with tqdm(total=len(settings.seeds) * folds * len(chosen), desc="arms x folds x seeds", disable=not verbose,
                  leave=False) as bar:
            rows = run_image_protocol(images, labels, arms=chosen, settings=settings, test=test,
                                      progress=lambda _row: bar.update())
        if out is not None:
            atomic_write_csv(rows, out)
    typer.echo(f"evaluated on {'the test split' if test is not None else 'held-out folds'}; mean (std) over "
               f"{len(settings.seeds)} seed(s) x {folds} folds")
    typer.echo(summarise_arms(rows).to_string(index=False))


def _int_list(text: str, flag: str) -> tuple[int, ...]:
    """"0,1,2" -> (0, 1, 2); ValueError naming `flag` when empty or not integers."""
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValueError(f"{flag} takes comma-separated integers such as 0,1,2; got {text!r}") from None
    if not values:
        raise ValueError(f"{flag} is empty; give at least one")
    return values


def register(app: typer.Typer) -> None:
    """Add augment-images and evaluate-images."""
    app.command("augment-images")(augment_images)
    app.command("evaluate-images")(evaluate_images)
