"""Atomic writes: everything goes to a temporary file in the target folder, then `os.replace`.

Readers see the old file or the whole new one, never half of it; a failed write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike, suffix: str | None = None) -> Iterator[str]:
    """Yield a temporary path beside `path`; on success give it the usual permissions and rename it to `path`.

    Example:
        >>> with atomic_target("out/table.csv") as temporary:
        ...     frame.to_csv(temporary)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=target.suffix if suffix is None else suffix)
    os.close(handle)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def atomic_write_text(text: str, path: str | os.PathLike) -> Path:
    """Write text atomically."""
    with atomic_target(path) as temporary:
        Path(temporary).write_text(text)
    return Path(path)


def atomic_write_csv(frame: Any, path: str | os.PathLike, index: bool = False) -> Path:
    """`DataFrame.to_csv` atomically."""
    with atomic_target(path) as temporary:
        frame.to_csv(temporary, index=index)
    return Path(path)


def csv_parts(path: str | os.PathLike) -> list[Path]:
    """The files `write_csv_parts` left for `path`: `[path]`, or its parts `<stem>.part1<suffix>`... in order
    (empty when there is neither)."""
    path = Path(path)
    return [path] if path.exists() else _part_files(path)


def _part_files(path: Path) -> list[Path]:
    """The `<stem>.partN<suffix>` files next to `path`, in part order."""
    parts = path.parent.glob(f"{path.stem}.part*{path.suffix}")
    return sorted(parts, key=lambda part: int(part.stem.rsplit(".part", 1)[1]))


def write_csv_parts(frame: Any, path: str | os.PathLike, max_bytes: int | None = None, **to_csv: Any) -> list[Path]:
    """`frame.to_csv(path, index=False, **to_csv)`, atomically; a text longer than `max_bytes` is split by rows into
    plain-text parts `<stem>.part1<suffix>`, `.part2`... (each a CSV with the header, each under `max_bytes`) so
    that committed results stay small and readable. Files of an earlier write that this one replaces are removed.

    Example:
        >>> write_csv_parts(big_frame, "results/cells.csv", max_bytes=1_000_000)  # doctest: +SKIP
        [PosixPath('results/cells.part1.csv'), PosixPath('results/cells.part2.csv'), ...]
    """
    import numpy as np

    path, to_csv = Path(path), {"index": False, **to_csv}
    stale = set(_part_files(path)) | ({path} if path.exists() else set())
    n_parts = 1
    while True:
        chunks = [frame.iloc[rows] for rows in np.array_split(np.arange(len(frame)), n_parts)]
        texts = [chunk.to_csv(**to_csv) for chunk in chunks]
        sizes = [len(text.encode()) for text in texts]
        if max_bytes is None or n_parts >= max(len(frame), 1) or max(sizes) <= max_bytes:
            break
        n_parts = max(n_parts + 1, int(np.ceil(sum(sizes) / max_bytes)))
    targets = [path] if n_parts == 1 else [path.with_name(f"{path.stem}.part{i}{path.suffix}")
                                           for i in range(1, n_parts + 1)]
    for text, target in zip(texts, targets, strict=True):
        atomic_write_text(text, target)
    for old in stale - set(targets):
        old.unlink(missing_ok=True)
    return targets


def read_csv_parts(path: str | os.PathLike, **read_csv: Any) -> Any:
    """The table `write_csv_parts` wrote for `path` (its parts concatenated); FileNotFoundError when absent."""
    import pandas as pd

    parts = csv_parts(path)
    if not parts:
        raise FileNotFoundError(f"no {path} (nor parts of it)")
    return pd.concat([pd.read_csv(part, **read_csv) for part in parts], ignore_index=True)
