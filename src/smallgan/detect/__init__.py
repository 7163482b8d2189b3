"""GAN anomaly detectors with PyOD's contract (fit on normal data, decision_function, predict...)."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BaseGANDetector": ".base",
    "AnoGAN": ".anogan",
    "FAnoGAN": ".fanogan",
    "EGBAD": ".egbad",
    "GANomaly": ".ganomaly",
    "LSTMGANDetector": ".tadgan",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
