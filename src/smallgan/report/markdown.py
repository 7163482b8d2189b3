"""Write one named section of BENCHMARKS.md in place (atomic, locked), leaving the other sections alone."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..io_utils import atomic_write_text

HEADER = "# smallgan benchmarks\n\nEvery table below was written by a benchmark script from a real run; " \
         "each section names the command that produced it.\n"


def write_section(path: str | os.PathLike, name: str, body: str) -> Path:
    """Replace the text between `<!-- BEGIN name -->` and `<!-- END name -->` (appending it if absent)."""
    target = Path(path)
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}\n"
    lock_path = target.with_suffix(target.suffix + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = target.read_text() if target.exists() else HEADER
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            tail = rest.split(end, 1)[1].lstrip("\n")
            text = head + block + tail
        else:
            text = text.rstrip() + "\n\n" + block
        atomic_write_text(text, target)
    lock_path.unlink(missing_ok=True)
    return target
