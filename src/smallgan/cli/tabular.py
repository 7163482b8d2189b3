"""CLI commands of the tabular capability: demo, augment, evaluate, datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def _threads() -> None:
    import torch

    torch.set_num_threads(1)  # small nets: one thread is fastest and never oversubscribes


def load_table(data: str, target: str | None) -> Any:
    """A dataset name (`smallgan datasets`) or a CSV path; returns a Dataset."""
    from ..data import load_dataset

    if Path(data).suffix.lower() == ".csv" or Path(data).is_file():
        return load_dataset(f"csv:{data}", target=target)
    return load_dataset(data)


def _split_list(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def demo(out: Annotated[Path, typer.Option(help="folder for runs/<timestamp>/")] = Path("runs"),
         repeats: Annotated[int, typer.Option(help="repeated 70/30 splits")] = 5,
         epochs: Annotated[int, typer.Option(help="GAN epochs")] = 200,
         cap: Annotated[int, typer.Option(help="training minority rows kept (scarcity)")] = 20,
         seed: int = 0) -> None:
    """The main job: GAN vs SMOTE/ADASYN/... on breast cancer with a scarce minority."""
    from ..demo import run_demo

    _threads()
    run_demo(out, repeats=repeats, epochs=epochs, minority_cap=cap, random_state=seed, echo=typer.echo)


def augment(data: Annotated[str, typer.Argument(help="dataset name or CSV file")],
            out: Annotated[Path, typer.Option(help="CSV of the synthetic rows")],
            method: Annotated[str, typer.Option(help="gan, cgan, smote, adasyn, random, borderline-smote, "
                                                     "ctgan, tvae")] = "gan",
            target: Annotated[str | None, typer.Option(help="label column of a CSV")] = None,
            n: Annotated[int | None, typer.Option(help="without a target: rows to generate (GAN only)")] = None,
            categorical: Annotated[str | None, typer.Option(help="categorical columns (a,b) or auto")] = None,
            loss: str = "wgan-gp", epochs: int = 300, hidden: str = "256,512", seed: int = 0,
            include_real: Annotated[bool, typer.Option(help="write real + synthetic rows")] = False,
            save: Annotated[Path | None, typer.Option(help="save the fitted GAN to this folder")] = None,
            verbose: bool = True) -> None:
    """Fit a sampler and write synthetic rows (or real + synthetic with --include-real) to a CSV."""
    from ..augment.tabular import augment_table

    _threads()
    dataset = load_table(data, target)
    cats = "auto" if categorical == "auto" else _split_list(categorical) or dataset.meta.get("categorical") or None
    params = {"loss": loss, "epochs": epochs, "hidden": tuple(int(h) for h in hidden.split(",")),
              "categorical_columns": cats, "verbose": verbose}
    result = augment_table(dataset.X, dataset.y, method=method, n=n, random_state=seed, include_real=include_real,
                           target_name=target or "target", out=out, save=save, gan_params=params)
    typer.echo(f"wrote {len(result)} rows to {out}" + (f"; model saved to {save}" if save else ""))


def evaluate(data: Annotated[str, typer.Argument(help="dataset name or CSV file")],
             methods: Annotated[str, typer.Option(help="comma-separated samplers")] = "none,smote,adasyn,gan",
             target: Annotated[str | None, typer.Option(help="label column of a CSV")] = None,
             repeats: int = 20, cap: Annotated[int | None, typer.Option(help="training minority cap")] = None,
             classifiers: str = "tree,logreg,rf", epochs: int = 300, loss: str = "wgan-gp", seed: int = 0,
             out: Annotated[Path | None, typer.Option(help="CSV of per-repeat results")] = None) -> None:
    """Downstream protocol: repeated stratified 70/30 splits, oversample the training part, score classifiers."""
    from ..augment.samplers import make_sampler
    from ..evaluate.protocols import evaluate_oversampling, summarize
    from ..io_utils import atomic_write_csv

    _threads()
    dataset = load_table(data, target)
    samplers = {m: make_sampler(m, random_state=seed, epochs=epochs, loss=loss) if m in ("gan", "cgan")
                else make_sampler(m, random_state=seed) for m in _split_list(methods) or []}
    results = evaluate_oversampling(dataset.X, dataset.y, samplers, classifiers=tuple(_split_list(classifiers)),
                                    n_repeats=repeats, minority_cap=cap, random_state=seed, progress=True)
    if out is not None:
        atomic_write_csv(results, out)
    typer.echo(summarize(results).to_string(index=False))


def datasets() -> None:
    """List the datasets that can be loaded here and where they were found."""
    from ..data import data_root, list_datasets

    root = data_root(required=False)
    typer.echo(f"data root: {root if root else 'not found (set SMALLGAN_DATA)'}")
    for name, where in list_datasets():
        typer.echo(f"{name:45s} {where}")


def register(app: typer.Typer) -> None:
    """Add demo, augment, evaluate and datasets."""
    for command in (demo, augment, evaluate, datasets):
        app.command()(command)
