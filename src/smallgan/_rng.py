"""Seeds and generators derived from `random_state`; the global RNG state is never changed for good."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np

RandomState = int | np.integer | np.random.Generator | np.random.RandomState | None


def resolve_seed(random_state: RandomState) -> int:
    """Turn a `random_state` into a 32-bit integer seed (fresh entropy for None)."""
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(random_state, bool):
        raise TypeError("random_state must be None, an int or a numpy Generator, got a bool")
    if isinstance(random_state, int | np.integer):
        return int(random_state) % (2**32)
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(2**32))
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(2**32, dtype=np.uint64))
    raise TypeError(f"random_state must be None, an int or a numpy Generator, got {type(random_state).__name__}")


def make_rng(random_state: RandomState) -> np.random.Generator:
    """A numpy Generator seeded from `random_state`."""
    return np.random.default_rng(resolve_seed(random_state))


def spawn_seeds(random_state: RandomState, n: int) -> list[int]:
    """`n` independent integer seeds derived from `random_state`."""
    children = np.random.SeedSequence(resolve_seed(random_state)).spawn(n)
    return [int(child.generate_state(1)[0]) for child in children]


def torch_generator(seed: int, device: str = "cpu"):
    """A torch.Generator seeded with `seed` on `device`."""
    import torch

    return torch.Generator(device=device).manual_seed(int(seed))


@contextlib.contextmanager
def torch_seeded(seed: int, device: str = "cpu") -> Iterator[None]:
    """Run a block with torch's global RNG seeded, then restore the caller's RNG state.

    Weight init and dropout draw from torch's global generator; forking it keeps our runs
    reproducible without touching the user's random stream.
    """
    import torch

    devices = [torch.device(device).index or 0] if str(device).startswith("cuda") else []
    with torch.random.fork_rng(devices=devices, enabled=True):
        torch.manual_seed(int(seed))
        yield
