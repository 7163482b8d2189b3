"""Memorisation checks: distance to closest record (DCR) of synthetic rows vs real rows' own spacing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors


def _scaled(real: Any, synthetic: Any) -> tuple[np.ndarray, np.ndarray]:
    real_frame = real if isinstance(real, pd.DataFrame) else pd.DataFrame(np.asarray(real))
    synth_frame = synthetic if isinstance(synthetic, pd.DataFrame) else pd.DataFrame(np.asarray(synthetic),
                                                                                    columns=real_frame.columns)
    both = pd.get_dummies(pd.concat([real_frame, synth_frame], ignore_index=True), dtype=float).to_numpy(float)
    a, b = both[:len(real_frame)], both[len(real_frame):]
    mean, std = a.mean(axis=0), a.std(axis=0)
    std[std == 0] = 1.0
    return (a - mean) / std, (b - mean) / std


def distance_to_closest_record(real: Any, synthetic: Any) -> np.ndarray:
    """Euclidean distance (standardised by the real columns) from each synthetic row to its nearest real row."""
    a, b = _scaled(real, synthetic)
    return NearestNeighbors(n_neighbors=1).fit(a).kneighbors(b)[0][:, 0]


def memorisation_rate(real: Any, synthetic: Any, quantile: float = 0.05) -> float:
    """Fraction of synthetic rows closer to a real row than the `quantile` of real rows' distances to their
    nearest other real row: near-copies of training rows. About `quantile` is expected from fresh real
    data; much more means the generator (or SMOTE's interpolation) reproduces training rows."""
    a, b = _scaled(real, synthetic)
    if len(a) < 2:
        raise ValueError("memorisation_rate needs at least 2 real rows")
    real_spacing = NearestNeighbors(n_neighbors=2).fit(a).kneighbors(a)[0][:, 1]
    threshold = np.quantile(real_spacing, quantile)
    dcr = NearestNeighbors(n_neighbors=1).fit(a).kneighbors(b)[0][:, 0]
    return float(np.mean(dcr < threshold))
