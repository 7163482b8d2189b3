"""Open a generated report in headless Chromium: console messages, image counts, tables, and a screenshot.

The report page logs nothing to the console when all is well, so every console line Chromium prints
(uncaught errors, the page's "image failed to load" messages) counts as a problem.

Example:
    >>> check = check_page("report/index.html", screenshot="report/screenshot.png")
    >>> check.console, check.images_loaded == check.images_total, check.tables
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")
_CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)$")


@dataclass
class PageCheck:
    """What headless Chromium saw after the page's load event."""

    console: list[str]
    images_total: int
    images_loaded: int
    tables: int
    dom: str


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary: `$SMALLGAN_CHROMIUM`, else the first known name on PATH."""
    explicit = os.environ.get("SMALLGAN_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def check_page(html: str | Path, screenshot: str | Path | None = None, timeout: float = 90.0,
               window: tuple[int, int] = (1280, 2400)) -> PageCheck:
    """Load `html` in headless Chromium (a fresh profile, no network), return what it saw; optionally save
    a PNG screenshot. RuntimeError if no Chromium is installed."""
    binary = find_chromium()
    if binary is None:
        raise RuntimeError("no Chromium found (install the Debian package `chromium` or set SMALLGAN_CHROMIUM)")
    url = Path(html).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="smallgan-chromium-") as profile:
        base = [binary, *_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                f"--window-size={window[0]},{window[1]}"]
        dump = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=timeout)
        if screenshot is not None:
            subprocess.run([*base, f"--screenshot={Path(screenshot).resolve()}", url], capture_output=True,
                           timeout=timeout, check=False)
    if dump.returncode != 0 or "<body" not in dump.stdout:
        raise RuntimeError(f"Chromium could not render {url} (exit {dump.returncode}): {dump.stderr[-500:]}")
    console = [match.group(1) for line in dump.stderr.splitlines() if (match := _CONSOLE.search(line))]
    body = re.search(r"<body([^>]*)>", dump.stdout)
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1) if body else ""))
    return PageCheck(console=console, images_total=int(attributes.get("data-images-total", -1)),
                     images_loaded=int(attributes.get("data-images-loaded", -1)),
                     tables=len(re.findall(r"<table\b", dump.stdout)), dom=dump.stdout)
