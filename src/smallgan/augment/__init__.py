"""Augmentation: GAN generators and oversamplers (tabular; images and series plug in here too)."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "TabularGAN": ".tabular_gan",
    "GANOverSampler": ".gan_sampler",
    "TabularTransformer": ".transform",
    "ClassicAugment": ".classic",
    "DiffAugment": ".diffaugment",
    "ImageGAN": ".image_gan",
    "ImageGANOverSampler": ".image_sampler",
    "SGANClassifier": ".sgan",
    "CNNClassifier": ".cnn_classifier",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
