"""How long a set of specs takes to run here, computed from the per-cell seconds already in the store.

A stored cell counts with its wall time (`ended_at - started_at`, or fit + score seconds when larger or when
the timestamps are missing, e.g. for imported rows); a cell not yet in the store counts with the mean of the
stored cells of the same experiment and method (or of the experiment), and is reported as extrapolated.

Example:
    >>> estimate = estimate_seconds([load_spec(p) for p in paths], ResultStore("runs/grid.sqlite"))
    >>> estimate.text()
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .spec import Spec
from .store import ResultStore


@dataclass
class Estimate:
    """Seconds per experiment for one serial run of the specs (`-j 1`)."""

    seconds: dict[str, float] = field(default_factory=dict)
    stored: int = 0
    extrapolated: int = 0
    unknown: int = 0
    borrowed: int = 0
    untimed: int = 0

    @property
    def total(self) -> float:
        return float(sum(self.seconds.values()))

    def text(self) -> str:
        parts = ", ".join(f"{name} {seconds / 3600:.2f} h" for name, seconds in self.seconds.items())
        return (f"Estimated time of a full run of these specs on this machine, one worker: {self.total / 3600:.1f} h "
                f"({parts}); computed from the stored seconds of {self.stored} cells, {self.extrapolated} cells "
                f"extrapolated from the mean of the same method, {self.unknown} cells with no timing to go by; "
                f"{self.untimed} stored cells lack wall-clock times (rows imported from former scripts: fit and "
                "score seconds only, an underestimate)"
                + (f"; {self.borrowed} specs timed from their former script's CSV rows" if self.borrowed else "")
                + ".")


def cell_seconds(cells: pd.DataFrame) -> pd.Series:
    """Wall seconds of stored cells: max(end - start, fit + score seconds)."""
    start = pd.to_datetime(cells["started_at"], errors="coerce", utc=True)
    end = pd.to_datetime(cells["ended_at"], errors="coerce", utc=True)
    wall = (end - start).dt.total_seconds()
    compute = pd.to_numeric(cells["fit_seconds"], errors="coerce").fillna(0) + \
        pd.to_numeric(cells["score_seconds"], errors="coerce").fillna(0)
    return pd.concat([wall, compute], axis=1).max(axis=1).fillna(0.0)


def estimate_seconds(specs: list[Spec], store: ResultStore, fallback: ResultStore | None = None) -> Estimate:
    """Expected serial seconds of running every cell of `specs` from scratch; a spec without rows in `store`
    takes its timings from `fallback` (e.g. rows imported from a former script's CSV)."""
    estimate = Estimate()
    for spec in specs:
        cells = store.cells(spec.name)
        if cells.empty and fallback is not None:
            cells = fallback.cells(spec.name)
            estimate.borrowed += int(len(cells) > 0)
        seconds = dict(zip(cells["cell_key"], cell_seconds(cells), strict=True)) if len(cells) else {}
        by_method = (pd.Series(list(seconds.values()), index=list(cells["method"])).groupby(level=0).mean()
                     if seconds else pd.Series(dtype=float))
        mean = float(by_method.mean()) if len(by_method) else None
        untimed = set(cells.loc[cells["started_at"].isna(), "cell_key"]) if len(cells) else set()
        total = 0.0
        for cell in spec.cells():
            if cell.key in seconds:
                total += seconds[cell.key]
                estimate.stored += 1
                estimate.untimed += int(cell.key in untimed)
            elif cell.method in by_method.index or mean is not None:
                total += float(by_method.get(cell.method, mean))
                estimate.extrapolated += 1
            else:
                estimate.unknown += 1
        estimate.seconds[spec.name] = total
    return estimate
