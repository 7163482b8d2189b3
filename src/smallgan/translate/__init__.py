"""Image-to-image translation as a data source: `Pix2Pix` (paired) and `CycleGAN` (unpaired)."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Pix2Pix": ".pix2pix",
    "CycleGAN": ".cyclegan",
    "make_pairs": ".pairs",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
