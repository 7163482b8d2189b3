"""Image-to-image translation as a data source: `Pix2Pix` (paired) and `CycleGAN` (unpaired)."""

from .._lazy import lazy_exports

_EXPORTS = {
    "Pix2Pix": ".pix2pix",
    "CycleGAN": ".cyclegan",
    "make_pairs": ".pairs",
}


__getattr__, __all__ = lazy_exports(__name__, _EXPORTS)
