"""smallgan: GANs for scarce and imbalanced data.

Augment (tabular/image/series generators and oversamplers), detect (GAN anomaly detectors),
translate (pix2pix, CycleGAN) and evaluate. Subpackages load lazily; importing smallgan imports
neither torch nor matplotlib.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_SUBPACKAGES = {"augment", "detect", "translate", "evaluate", "data", "nets", "losses", "report", "grid", "io",
                "registry", "demo"}
_EXPORTS = {
    "TabularGAN": "smallgan.augment.tabular_gan",
    "GANOverSampler": "smallgan.augment.gan_sampler",
    "load_dataset": "smallgan.data",
    "save": "smallgan.io",
    "load": "smallgan.io",
}


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return import_module(f"smallgan.{name}")
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'smallgan' has no attribute {name!r}")


__all__ = sorted(_EXPORTS) + ["__version__"]
