"""Save and load fitted estimators as a folder: `params.json` + `weights.safetensors`. No pickling:
loading instantiates only registry classes and reads raw tensors."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .exceptions import DataValidationError, NotFittedError
from .registry import get_class, name_of

FORMAT = "smallgan-model/1"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")


def save(estimator: Any, path: str | os.PathLike) -> Path:
    """Write a fitted estimator to folder `path` atomically (a temporary folder then a rename)."""
    import torch
    from safetensors.torch import save_file

    target = Path(path)
    params = estimator.get_params(deep=False)
    if not (params.get("random_state") is None or isinstance(params.get("random_state"), int | np.integer)):
        raise ValueError("only estimators with random_state=None or an int can be saved")
    try:
        fitted = estimator._fitted_metadata()
    except AttributeError:
        raise NotFittedError(f"this {type(estimator).__name__} is not fitted yet; call fit before save") from None
    try:
        document = {"format": FORMAT, "estimator": name_of(estimator), "version": __version__,
                    "params": _jsonable(params), "fitted": _jsonable(fitted)}
    except TypeError as exc:
        raise ValueError(f"cannot save {type(estimator).__name__}: {exc}") from None
    tensors: dict[str, torch.Tensor] = {}
    for module_name, module in estimator._fitted_modules().items():
        for key, tensor in module.state_dict().items():
            tensors[f"{module_name}.{key}"] = tensor.detach().cpu().contiguous()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        (staging / "params.json").write_text(json.dumps(document, indent=2))
        save_file(tensors, str(staging / "weights.safetensors"))
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def load(path: str | os.PathLike, expected: type | tuple[type, ...] | None = None, what: str = "") -> Any:
    """Load an estimator saved by `save`; never executes code from the files. With `expected`, a folder holding
    another kind of model raises DataValidationError ("... holds a X, not `what`") before any weight is read."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    folder = Path(path)
    params_file, weights_file = folder / "params.json", folder / "weights.safetensors"
    for required in (params_file, weights_file):
        if not required.is_file():
            raise FileNotFoundError(f"{required} not found: {folder} is not a saved smallgan model")
    try:
        document = json.loads(params_file.read_text())
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            found = document.get("format") if isinstance(document, dict) else type(document).__name__
            raise ValueError(f"format {found!r}, expected {FORMAT!r}")
        cls = get_class(document["estimator"])
        if expected is not None and not issubclass(cls, expected):
            raise DataValidationError(f"{folder} holds a {cls.__name__}, not {what}")
        estimator = cls(**document["params"])
        tensors = load_file(str(weights_file))
        estimator._restore_fitted(document["fitted"])
    except DataValidationError:  # a valid model of another kind
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, SafetensorError) as exc:
        detail = f"missing entry {exc}" if isinstance(exc, KeyError) else str(exc)
        raise DataValidationError(f"{folder} is not a valid smallgan model: {detail}") from None
    modules = estimator._fitted_modules()
    for module_name, module in modules.items():
        prefix = f"{module_name}."
        state = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
        try:
            module.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            raise DataValidationError(f"{weights_file} does not match {document['estimator']}: {exc}") from None
    return estimator
