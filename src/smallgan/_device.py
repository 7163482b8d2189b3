"""Device resolution: `"auto"` means CUDA when present, CPU otherwise; resolved at fit time."""

from __future__ import annotations


def resolve_device(device: str = "auto") -> str:
    """Return a concrete torch device string for `device`."""
    import torch

    if device in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} was requested but CUDA is not available; use 'cpu' or 'auto'")
    return str(device)
