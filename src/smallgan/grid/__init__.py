"""Experiment grids: specs (datasets x methods x seeds), a resumable SQLite result store and a parallel runner."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_spec": ".spec",
    "parse_spec": ".spec",
    "Spec": ".spec",
    "Cell": ".spec",
    "SpecError": ".spec",
    "ResultStore": ".store",
    "StoreError": ".store",
    "run_grid": ".runner",
    "RunSummary": ".runner",
    "get_protocol": ".protocols",
    "register_protocol": ".protocols",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
