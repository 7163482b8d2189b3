"""File-level entry points of the translators (used by `smallgan translate fit/apply`): read image arrays
from .npz/.npy, fit and save a model, apply a saved model and write the translations (atomically)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import DataValidationError

METHODS = {"pix2pix": "Pix2Pix", "cyclegan": "CycleGAN"}
_PREFERRED_KEYS = ("images", "X", "x", "arr_0")


def read_images(path: str | os.PathLike, key: str | None = None) -> np.ndarray:
    """The image array stored in a .npy file or in a .npz archive (under `key`, the only array, or one of
    "images", "X", "arr_0")."""
    source = Path(path)
    if not source.is_file():
        raise FileNotFoundError(f"{source} not found")
    try:
        loaded = np.load(source, allow_pickle=False)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise DataValidationError(f"{source} is not a readable .npy/.npz file: {exc}") from None
    if isinstance(loaded, np.ndarray):
        return loaded
    with loaded:
        names = list(loaded.files)
        if key is None:
            key = names[0] if len(names) == 1 else next((k for k in _PREFERRED_KEYS if k in names), None)
        if key not in names:
            raise DataValidationError(f"{source} holds arrays {names}; say which one holds the images "
                                      "(--key)" if key is None else f"{source} has no array {key!r}; it holds {names}")
        return loaded[key]


def write_images(path: str | os.PathLike, images: np.ndarray, key: str = "images") -> Path:
    """Save `images` as a compressed .npz under `key`, through a temporary file and a rename."""
    from ..io_utils import atomic_target

    with atomic_target(path, suffix=".npz") as temporary:
        np.savez_compressed(temporary, **{key: images})
    return Path(path)


def fit_files(a_path: str, b_path: str, *, method: str, save: str, key_a: str | None = None,
              key_b: str | None = None, **params: Any) -> dict[str, Any]:
    """Fit `method` ("pix2pix" on paired, "cyclegan" on unpaired files) and save it to folder `save`."""
    from .. import io
    from ..registry import get_class

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {sorted(METHODS)}")
    A, B = read_images(a_path, key_a), read_images(b_path, key_b)
    model = get_class(METHODS[method])(**params).fit(A, B)
    folder = io.save(model, save)
    history = model.history_
    last = {k: v[-1] for k, v in history.items() if k not in ("epoch", "seconds") and v}
    return {"method": method, "n_a": len(A), "n_b": len(B), "epochs": len(history["epoch"]),
            "seconds": history["seconds"][-1] if history["seconds"] else 0.0, "last_losses": last,
            "folder": str(folder)}


def apply_files(model_dir: str, a_path: str, *, out: str, grid: str | None = None, inverse: bool = False,
                key: str | None = None) -> dict[str, Any]:
    """Translate the images of `a_path` with a saved model (B -> A with `inverse`, CycleGAN only); write them
    to `out` (.npz, key "images", floats in [0, 1]) and optionally an input/translation grid PNG."""
    from .. import io
    from ._common import ImageTranslator

    model = io.load(model_dir, ImageTranslator, "an image translator (Pix2Pix or CycleGAN)")
    images = read_images(a_path, key)
    if inverse and not hasattr(model, "inverse_transform"):
        raise ValueError(f"{type(model).__name__} translates one way only; --inverse needs a CycleGAN")
    translated = model.inverse_transform(images) if inverse else model.transform(images)
    write_images(out, translated)
    if grid:
        from ..report.translation_plots import save_grid, translation_grid

        save_grid(translation_grid(images, translated, n=8, title=type(model).__name__), grid)
    return {"model": type(model).__name__, "n": len(translated), "shape": tuple(translated.shape[1:]), "out": out,
            "grid": grid}
