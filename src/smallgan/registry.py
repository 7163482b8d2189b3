"""Name -> class for every public estimator (CLI, benchmarks, common tests, `io.load`).

Entries are "module:Class" strings resolved lazily so that importing the registry stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

REGISTRY: dict[str, str] = {
    # augment (tabular)
    "TabularGAN": "smallgan.augment.tabular_gan:TabularGAN",
    "GANOverSampler": "smallgan.augment.gan_sampler:GANOverSampler",
    # detect
    "AnoGAN": "smallgan.detect.anogan:AnoGAN",
    "FAnoGAN": "smallgan.detect.fanogan:FAnoGAN",
    "EGBAD": "smallgan.detect.egbad:EGBAD",
    "GANomaly": "smallgan.detect.ganomaly:GANomaly",
    "LSTMGANDetector": "smallgan.detect.tadgan:LSTMGANDetector",
    "LSTMAutoencoderDetector": "smallgan.detect.series_baselines:LSTMAutoencoderDetector",
    "WindowIForestDetector": "smallgan.detect.series_baselines:WindowIForestDetector",
    "RollingZScoreDetector": "smallgan.detect.series_baselines:RollingZScoreDetector",
    # augment (images)
    "ImageGAN": "smallgan.augment.image_gan:ImageGAN",
    "SGANClassifier": "smallgan.augment.sgan:SGANClassifier",
    # translate
    "Pix2Pix": "smallgan.translate.pix2pix:Pix2Pix",
    "CycleGAN": "smallgan.translate.cyclegan:CycleGAN",
}


def get_class(name: str) -> type:
    """The class registered under `name`; ValueError listing known names otherwise."""
    if name not in REGISTRY:
        raise ValueError(f"unknown estimator {name!r}; known: {sorted(REGISTRY)}")
    module, _, attribute = REGISTRY[name].partition(":")
    return getattr(import_module(module), attribute)


def name_of(estimator: Any) -> str:
    """Registry name of an estimator instance (its class name, which must be registered)."""
    name = type(estimator).__name__
    if name not in REGISTRY:
        raise ValueError(f"{name} is not a registered smallgan estimator; it cannot be saved by name")
    return name


def available() -> dict[str, type]:
    """Registered classes whose modules import (capabilities not built yet are skipped)."""
    found = {}
    for name in REGISTRY:
        try:
            found[name] = get_class(name)
        except (ImportError, AttributeError):
            continue
    return found
