"""Lazy re-exports for package `__init__` modules: heavy submodules load on first attribute access."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], list[str]]:
    """Return `(__getattr__, __all__)` for `package`, where `exports` maps a name to its relative module.

    Example:
        >>> __getattr__, __all__ = lazy_exports(__name__, {"Pix2Pix": ".pix2pix"})
    """

    def module_getattr(name: str) -> Any:
        if name in exports:
            return getattr(import_module(exports[name], package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return module_getattr, list(exports)
