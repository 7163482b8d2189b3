"""Numenta Anomaly Benchmark series with their labelled anomaly windows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DatasetNotFoundError
from .datasets import Dataset, data_file, data_root

NAB_SUBSETS = ("artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets",
               "realKnownCause")


def load_nab(name: str) -> Dataset:
    """`nab/<category>/<series>` -> X: DataFrame(timestamp, value); y: 1 inside a labelled window.

    `meta["windows"]` lists the labelled (start, end) timestamps, `meta["anomalies"]` the labelled points.
    """
    key = name.split("/", 1)[1].removesuffix(".csv") + ".csv"
    path = data_file(f"nab/data/{key}")
    try:
        frame = pd.read_csv(path, parse_dates=["timestamp"])
        windows_all = json.loads(data_file("nab/labels/combined_windows.json").read_text())
        labels_all = json.loads(data_file("nab/labels/combined_labels.json").read_text())
    except (OSError, ValueError, KeyError) as exc:
        raise DatasetNotFoundError(f"NAB series {path} could not be read: {exc}") from None
    windows = [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in windows_all.get(key, [])]
    y = np.zeros(len(frame), dtype=int)
    for start, end in windows:
        y[((frame["timestamp"] >= start) & (frame["timestamp"] <= end)).to_numpy()] = 1
    meta = {"windows": windows, "anomalies": [pd.Timestamp(t) for t in labels_all.get(key, [])],
            "subset": key.split("/")[0], "path": str(path)}
    return Dataset(frame, y, name, "series", meta)


def nab_series(subset: str | None = None) -> list[str]:
    """Names `nab/<category>/<series>` of the staged NAB series (optionally one subset)."""
    root = data_root()
    paths = sorted((root / "nab" / "data").glob("*/*.csv"))
    return [f"nab/{p.parent.name}/{p.stem}" for p in paths if subset is None or p.parent.name == subset]


def available(root: Path) -> list[tuple[str, str]]:
    """Staged NAB series under `root`."""
    return [(f"nab/{p.parent.name}/{p.stem}", str(p)) for p in sorted((root / "nab" / "data").glob("*/*.csv"))]
