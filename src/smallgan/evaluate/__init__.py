"""Evaluation: downstream-classifier protocols, detection metrics, fidelity and privacy of synthetic data."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "binary_metrics": ".classification",
    "youden_stats": ".classification",
    "top_fraction_stats": ".classification",
    "evaluate_oversampling": ".protocols",
    "summarize": ".protocols",
    "paired_comparison": ".stats",
    "quality_report": ".fidelity",
    "column_distances": ".fidelity",
    "correlation_gap": ".fidelity",
    "detectability_auc": ".fidelity",
    "memorisation_rate": ".privacy",
    "distance_to_closest_record": ".privacy",
    "ssim": ".image",
    "psnr": ".image",
    "mae": ".image",
    "image_metrics": ".image",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
