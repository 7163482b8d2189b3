"""CLI commands of the tabular capability: demo, augment, evaluate, datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import guard, seed_option, verbose_option


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
         repeats: Annotated[int, typer.Option(min=1, help="repeated 70/30 splits")] = 5,
         epochs: Annotated[int, typer.Option(min=1, help="GAN epochs")] = 200,
         cap: Annotated[int, typer.Option(min=2, help="training minority rows kept (scarcity)")] = 20,
         seed: Annotated[int, seed_option()] = 0, verbose: Annotated[bool, verbose_option()] = True) -> None:
    """The main job: GAN vs SMOTE/ADASYN/... on breast cancer with a scarce minority."""
    from ..demo import run_demo

    _threads()
    with guard():
        run_demo(out, repeats=repeats, epochs=epochs, minority_cap=cap, random_state=seed, verbose=verbose,
                 echo=typer.echo)


def augment(data: Annotated[str, typer.Argument(help="dataset name or CSV file")],
            out: Annotated[Path, typer.Option(help="CSV of the synthetic rows")],
            method: Annotated[str, typer.Option(help="gan, cgan, smote, adasyn, random, borderline-smote, "
                                                     "ctgan, tvae")] = "gan",
            target: Annotated[str | None, typer.Option(help="label column of a CSV")] = None,
            n: Annotated[int | None, typer.Option(min=1, help="without labels: rows to generate (GAN only)")] = None,
            categorical: Annotated[str | None, typer.Option(help="categorical columns (a,b) or auto")] = None,
            loss: str = "wgan-gp", epochs: Annotated[int, typer.Option(min=1)] = 300, hidden: str = "256,512",
            seed: Annotated[int, seed_option()] = 0,
            include_real: Annotated[bool, typer.Option(help="write real + synthetic rows")] = False,
            save: Annotated[Path | None, typer.Option(help="save the fitted GAN to this folder")] = None,
            verbose: Annotated[bool, verbose_option()] = True) -> None:
    """Fit a sampler and write synthetic rows (or real + synthetic with --include-real) to a CSV.

    With labels (--target, or a labelled dataset name) the sampler adds rows until the classes are balanced;
    without them a GAN generates --n unlabelled rows."""
    from ..augment.samplers import GAN_METHODS, METHODS
    from ..augment.tabular import augment_table

    _threads()
    with guard(ImportError, wording=_CATEGORICAL_HINT):
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if save is not None and method not in GAN_METHODS:
            raise ValueError(f"--save needs a GAN method (gan or cgan); {method} has no model to save")
        params = {"loss": loss, "epochs": epochs, "hidden": _int_tuple(hidden, "--hidden"), "verbose": verbose}
        dataset = load_table(data, target)
        if n is not None and dataset.y is not None:
            raise ValueError(_N_WITH_LABELS.format(where="with --target" if target else f"{data} has labels, so"))
        if dataset.y is not None and method not in (*GAN_METHODS, "none"):
            _check_numeric_labelled(dataset.X, dataset.y)
        cats = "auto" if categorical == "auto" else _split_list(categorical) or dataset.meta.get("categorical")
        result = augment_table(dataset.X, dataset.y, method=method, n=n, random_state=seed,
                               include_real=include_real, target_name=target or "target", out=out, save=save,
                               gan_params={**params, "categorical_columns": cats or None})
    typer.echo(f"wrote {len(result)} rows to {out}" + (f"; model saved to {save}" if save else ""))


def evaluate(data: Annotated[str, typer.Argument(help="dataset name or CSV file")],
             methods: Annotated[str, typer.Option(help="comma-separated samplers")] = "none,smote,adasyn,gan",
             target: Annotated[str | None, typer.Option(help="label column of a CSV")] = None,
             repeats: Annotated[int, typer.Option(min=1, help="repeated stratified 70/30 splits")] = 20,
             cap: Annotated[int | None, typer.Option(min=2, help="training minority cap")] = None,
             classifiers: str = "tree,logreg,rf", epochs: Annotated[int, typer.Option(min=1)] = 300,
             loss: str = "wgan-gp", seed: Annotated[int, seed_option()] = 0,
             out: Annotated[Path | None, typer.Option(help="CSV of per-repeat results")] = None,
             verbose: Annotated[bool, verbose_option()] = True) -> None:
    """Downstream protocol: repeated stratified 70/30 splits, oversample the training part, score classifiers."""
    from ..augment.samplers import make_sampler
    from ..evaluate.protocols import evaluate_oversampling, make_classifier, summarize
    from ..io_utils import atomic_write_csv

    _threads()
    with guard(ImportError, wording={"declare them categorical or encode them first":
                                     "encode them as numbers first (evaluate needs numeric columns)"}):
        names, models = _split_list(methods) or [], tuple(_split_list(classifiers) or [])
        if not names or not models:
            raise ValueError("give at least one sampler (--methods) and one classifier (--classifiers)")
        for model in models:
            make_classifier(model, seed)  # an unknown name fails here, before any fitting
        samplers = {m: make_sampler(m, random_state=seed, epochs=epochs, loss=loss) if m in ("gan", "cgan")
                    else make_sampler(m, random_state=seed) for m in names}
        dataset = load_table(data, target)
        results = evaluate_oversampling(dataset.X, dataset.y, samplers, classifiers=models, n_repeats=repeats,
                                        minority_cap=cap, random_state=seed, progress=verbose)
        table = summarize(results)
        if out is not None:
            atomic_write_csv(results, out)
    typer.echo(table.to_string(index=False))


_CATEGORICAL_HINT = {"declare them categorical or encode them first":
                     "declare them categorical (--categorical COLUMN,... or --categorical auto) or encode them first"}
_N_WITH_LABELS = ("--n sets how many unlabelled rows a GAN generates and applies only without labels; {where} the "
                  "sampler adds rows until the classes are balanced: drop --n, or (for a CSV) drop --target to "
                  "generate N rows without labels")


def _int_tuple(text: str, flag: str) -> tuple[int, ...]:
    """"256,512" -> (256, 512); ValueError naming `flag` otherwise."""
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"{flag} takes comma-separated layer sizes such as 256,512; got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise ValueError(f"{flag} sizes must be positive integers; got {text!r}")
    return sizes


def _check_numeric_labelled(X: Any, y: Any) -> None:
    """Check the input of a classical sampler with smallgan's validation (names NaN/inf rows, one class)
    instead of leaving it to imbalanced-learn; non-numeric columns are left to `augment_table`'s message."""
    from .._validation import check_X, check_y

    if getattr(X, "select_dtypes", None) is not None and X.select_dtypes("number").shape[1] != X.shape[1]:
        return
    rows = check_X(X).shape[0]
    check_y(y, rows)


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
