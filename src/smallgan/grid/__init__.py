"""Experiment grids: specs (datasets x methods x seeds), a resumable SQLite result store and a parallel runner."""

from .._lazy import lazy_exports

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


__getattr__, __all__ = lazy_exports(__name__, _EXPORTS)
