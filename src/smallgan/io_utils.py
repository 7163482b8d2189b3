"""Atomic writes: everything goes to a temporary file in the target folder, then `os.replace`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any


def _temporary(target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    return temporary


def atomic_write_text(text: str, path: str | os.PathLike) -> Path:
    """Write text so that readers see the old file or the whole new one, never half of it."""
    target = Path(path)
    temporary = _temporary(target)
    try:
        Path(temporary).write_text(text)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def atomic_write_csv(frame: Any, path: str | os.PathLike, index: bool = False) -> Path:
    """`DataFrame.to_csv` through a temporary file."""
    target = Path(path)
    temporary = _temporary(target)
    try:
        frame.to_csv(temporary, index=index)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target
