"""Samplers by name: our GAN samplers, imbalanced-learn's classical ones and the optional CTGAN/TVAE peers."""

from __future__ import annotations

from typing import Any

CLASSICAL = ("random", "smote", "adasyn", "borderline-smote")
GAN_METHODS = ("gan", "cgan")
PEERS = ("ctgan", "tvae")
METHODS = ("none", *GAN_METHODS, *CLASSICAL, *PEERS)


def make_sampler(method: str, *, random_state: int | None = 0, **gan_params: Any) -> Any:
    """Build a sampler by name; "none" gives None (real data only). `gan_params` go to GANOverSampler."""
    from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler

    from .gan_sampler import GANOverSampler
    from .peers import CTGANSampler

    if method == "none":
        return None
    if method in GAN_METHODS:
        return GANOverSampler(conditional=method == "cgan", random_state=random_state, **gan_params)
    if method in PEERS:
        epochs = gan_params.get("epochs", 300)
        return CTGANSampler(model=method, epochs=epochs, random_state=random_state)
    classical = {"random": RandomOverSampler, "smote": SMOTE, "adasyn": ADASYN, "borderline-smote": BorderlineSMOTE}
    if method not in classical:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    return classical[method](random_state=random_state)
