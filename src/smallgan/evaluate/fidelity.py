"""Fidelity of synthetic tables: per-column KS and Wasserstein, correlation gap, detectability AUC."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats


def _numeric_frames(real: Any, synthetic: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    real_frame = real if isinstance(real, pd.DataFrame) else pd.DataFrame(np.asarray(real))
    synth_frame = synthetic if isinstance(synthetic, pd.DataFrame) else pd.DataFrame(np.asarray(synthetic),
                                                                                    columns=real_frame.columns)
    if list(real_frame.columns) != list(synth_frame.columns):
        raise ValueError(f"real and synthetic columns differ: {list(real_frame.columns)[:5]} vs "
                         f"{list(synth_frame.columns)[:5]}")
    return real_frame, synth_frame


def column_distances(real: Any, synthetic: Any) -> pd.DataFrame:
    """Per column: KS statistic and Wasserstein distance (in units of the real column's std) for numeric
    columns; total variation distance of category frequencies for the others."""
    real_frame, synth_frame = _numeric_frames(real, synthetic)
    rows = []
    for column in real_frame.columns:
        a, b = real_frame[column], synth_frame[column]
        if a.dtype.kind in "biuf" and a.dtype.kind != "b":
            a_values, b_values = a.to_numpy(float), b.to_numpy(float)
            scale = a_values.std() or 1.0
            ks = float(stats.ks_2samp(a_values, b_values).statistic)
            rows.append({"column": str(column), "kind": "numeric", "ks": ks,
                         "wasserstein": float(stats.wasserstein_distance(a_values, b_values) / scale)})
        else:
            freq_a = a.astype(str).value_counts(normalize=True)
            freq_b = b.astype(str).value_counts(normalize=True)
            tvd = 0.5 * freq_a.subtract(freq_b, fill_value=0).abs().sum()
            rows.append({"column": str(column), "kind": "categorical", "ks": float(tvd), "wasserstein": np.nan})
    return pd.DataFrame(rows)


def correlation_gap(real: Any, synthetic: Any) -> float:
    """Mean absolute difference between the Pearson correlation matrices of the numeric columns."""
    real_frame, synth_frame = _numeric_frames(real, synthetic)
    numeric = [c for c in real_frame.columns if real_frame[c].dtype.kind in "iuf"]
    if len(numeric) < 2:
        return 0.0
    a = np.nan_to_num(real_frame[numeric].astype(float).corr().to_numpy())
    b = np.nan_to_num(synth_frame[numeric].astype(float).corr().to_numpy())
    upper = np.triu_indices(len(numeric), k=1)
    return float(np.abs(a - b)[upper].mean())


def detectability_auc(real: Any, synthetic: Any, random_state: int = 0, folds: int = 3) -> float:
    """Cross-validated ROC AUC of a random forest telling real from synthetic rows (0.5 = indistinguishable)."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    real_frame, synth_frame = _numeric_frames(real, synthetic)
    both = pd.get_dummies(pd.concat([real_frame, synth_frame], ignore_index=True), dtype=float).to_numpy(float)
    labels = np.r_[np.zeros(len(real_frame)), np.ones(len(synth_frame))]
    folds = int(min(folds, len(real_frame), len(synth_frame)))
    if folds < 2:
        raise ValueError("detectability needs at least 2 real and 2 synthetic rows")
    model = RandomForestClassifier(n_estimators=100, random_state=random_state, n_jobs=1)
    cv = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    scores = cross_val_predict(model, both, labels, cv=cv, method="predict_proba")[:, 1]
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def quality_report(real: Any, synthetic: Any, random_state: int = 0) -> dict[str, Any]:
    """One call: per-column distances, their means, correlation gap, detectability AUC and memorisation."""
    from .privacy import distance_to_closest_record, memorisation_rate

    columns = column_distances(real, synthetic)
    dcr = distance_to_closest_record(real, synthetic)
    return {
        "columns": columns,
        "mean_ks": float(columns["ks"].mean()),
        "mean_wasserstein": float(columns["wasserstein"].mean()) if columns["wasserstein"].notna().any() else np.nan,
        "correlation_gap": correlation_gap(real, synthetic),
        "detectability_auc": detectability_auc(real, synthetic, random_state),
        "median_dcr": float(np.median(dcr)),
        "memorisation_rate": memorisation_rate(real, synthetic),
    }


def summary_frame(report: dict[str, Any]) -> pd.DataFrame:
    """The scalar entries of `quality_report` as a one-row DataFrame."""
    return pd.DataFrame([{k: v for k, v in report.items() if k != "columns"}])
