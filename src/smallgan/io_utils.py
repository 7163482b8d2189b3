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
