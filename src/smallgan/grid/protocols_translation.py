"""Image-to-image translation protocols (issue 7; the former benchmarks/translation.py), registered by
`smallgan.grid.protocols`:

`translation_paired`: one cell = (dataset, arm, seed) with `params: {task: edges | downsample}`; exact pairs
built from real images (`smallgan.translate.pairs`), arm `interpolation` (the input itself), `unet-l1` (pix2pix
generator, L1 only) or `pix2pix`; SSIM, PSNR, MAE and the FID-style distance on held-out test images.
`translation_unpaired`: one cell = (seed) for `cyclegan` on scikit-learn digits (bicubic 8x8 -> 28x28) <-> MNIST:
cycle SSIM both ways, FID-style distances and the downstream CNN accuracies of the former script.

Example:
    >>> translation_paired_cell("mnist", "pix2pix", {"task": "edges"}, seed=0, n_train=200, n_test=100, epochs=1)
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import numpy as np

PAIRED_ARMS = ("interpolation", "unet-l1", "pix2pix")


def load_split(name: str, seed: int, n_train: int, n_test: int) -> tuple[Any, Any, Any, Any]:
    """(train images, train labels, test images, test labels) as uint8 28x28, drawn by `seed` (MNIST: from the
    10,000 t10k images; MedMNIST: train split for training, official test split for testing)."""
    from ..data import load_dataset

    rng = np.random.default_rng(seed)
    if name == "mnist":
        data = load_dataset("mnist")
        order = rng.permutation(len(data.X))
        train, test = order[:n_train], order[n_train:n_train + n_test]
        return data.X[train], data.y[train], data.X[test], data.y[test]
    splits = load_dataset(name).meta["splits"]
    (x_tr, y_tr), (x_te, y_te) = splits["train"], splits["test"]
    train = rng.choice(len(x_tr), n_train, replace=False)
    test = rng.choice(len(x_te), min(n_test, len(x_te)), replace=False)
    return x_tr[train], y_tr[train], x_te[test], y_te[test]


@lru_cache(maxsize=4)
def _extractor(dataset: str, seed: int, n_train: int, n_test: int, epochs: int) -> Any:
    """The FID-style feature network of one (dataset, seed): deterministic, so cached across the cells."""
    from ..evaluate.image_quality import train_feature_extractor

    x_tr, y_tr, _, _ = load_split(dataset, seed, n_train, n_test)
    return train_feature_extractor(x_tr, y_tr, epochs=epochs, random_state=seed)


def translation_paired_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, n_train: int = 1200,
                            n_test: int = 500, epochs: int = 6, batch_size: int = 32, base_width: int = 16,
                            lr: float = 1e-3, lambda_l1: float = 100.0, depth: int = 2,
                            extractor_epochs: int = 5) -> dict[str, float]:
    """One arm of the paired translation benchmark on one task (`params["task"]`) and seed."""
    from ..evaluate.image import image_metrics
    from ..evaluate.image_quality import frechet_distance
    from ..translate.pairs import make_pairs
    from ..translate.pix2pix import Pix2Pix

    if method not in PAIRED_ARMS:
        raise ValueError(f"unknown paired arm {method!r}; choose one of {PAIRED_ARMS}")
    x_tr, _, x_te, _ = load_split(dataset, seed, n_train, n_test)
    a_train, b_train = make_pairs(x_tr, params["task"])
    a_test, b_test = make_pairs(x_te, params["task"])
    seconds = 0.0
    fake = a_test
    if method != "interpolation":
        model = Pix2Pix(loss="none" if method == "unet-l1" else "dcgan", lambda_l1=lambda_l1, depth=depth,
                        base_width=base_width, epochs=epochs, batch_size=batch_size, lr=lr, device="cpu",
                        random_state=seed)
        start = time.perf_counter()
        model.fit(a_train, b_train)
        fake = model.transform(a_test)
        seconds = time.perf_counter() - start
    extractor = _extractor(dataset, seed, n_train, n_test, extractor_epochs)
    return {**image_metrics(b_test, fake, data_range=1.0), "fid": frechet_distance(b_test, fake, extractor),
            "train_seconds": seconds, "fit_seconds": seconds}


def translation_unpaired_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, n_train: int = 1000,
                              n_test_mnist: int = 2000, epochs: int = 4, batch_size: int = 16, base_width: int = 16,
                              n_blocks: int = 2, lr: float = 5e-4, classifier_epochs: int = 10,
                              extractor_epochs: int = 5) -> dict[str, float]:
    """CycleGAN digits (upsampled 8x8) <-> MNIST for one seed (`dataset` is a label, e.g. "digits->mnist")."""
    from ..augment.cnn_classifier import CNNClassifier
    from ..data import load_dataset
    from ..evaluate.image import ssim
    from ..evaluate.image_quality import frechet_distance, train_feature_extractor
    from ..translate.cyclegan import CycleGAN
    from ..translate.pairs import resize

    if method != "cyclegan":
        raise ValueError(f"the unpaired translation protocol runs 'cyclegan', got {method!r}")
    digits = load_dataset("digits")
    source = resize(digits.X, 28, mode="bicubic")
    order = np.random.default_rng(seed).permutation(len(source))
    a_tr, a_te, ya_tr = source[order[:n_train]], source[order[n_train:]], digits.y[order[:n_train]]
    b_tr, yb_tr, b_te, yb_te = load_split("mnist", seed, n_train, n_test_mnist)
    b_tr_unit, b_te_unit = b_tr.astype(np.float32) / 255.0, b_te.astype(np.float32) / 255.0
    start = time.perf_counter()
    model = CycleGAN(base_width=base_width, n_blocks=n_blocks, epochs=epochs, batch_size=batch_size, lr=lr,
                     device="cpu", random_state=seed, **params).fit(a_tr, b_tr)
    seconds = time.perf_counter() - start
    translated_tr, translated_te = model.transform(a_tr), model.transform(a_te)

    def accuracy(train_images: Any, train_labels: Any, test_images: Any) -> float:
        clf = CNNClassifier(epochs=classifier_epochs, batch_size=64, device="cpu", random_state=seed)
        return float((clf.fit(train_images, train_labels).predict(test_images) == yb_te).mean())

    extractor = train_feature_extractor(b_tr, yb_tr, epochs=extractor_epochs, random_state=seed)
    return {"train_seconds": seconds, "fit_seconds": seconds,
            "cycle_ssim_a": float(ssim(a_te, model.inverse_transform(translated_te), data_range=1.0)),
            "cycle_ssim_b": float(ssim(b_te_unit[:500], model.transform(model.inverse_transform(b_te_unit[:500])),
                                       data_range=1.0)),
            "fid_source": frechet_distance(b_te, a_te, extractor),
            "fid_translated": frechet_distance(b_te, translated_te, extractor),
            "acc_source": accuracy(a_tr, ya_tr, b_te_unit),
            "acc_translated": accuracy(translated_tr, ya_tr, b_te_unit),
            "acc_source_on_inverse": accuracy(a_tr, ya_tr, model.inverse_transform(b_te_unit)),
            "acc_target_real": accuracy(b_tr_unit, yb_tr, b_te_unit)}
