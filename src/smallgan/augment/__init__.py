"""Augmentation: GAN generators and oversamplers (tabular; images and series plug in here too)."""

from .._lazy import lazy_exports

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
    "CTGANSampler": ".peers",
    "make_sampler": ".samplers",
    "augment_table": ".tabular",
}


__getattr__, __all__ = lazy_exports(__name__, _EXPORTS)
