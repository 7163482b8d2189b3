"""The image_arms and series_nab protocols: registered, run one cell, give sane metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smallgan.grid.protocols import IMAGE_ARMS, SERIES_METHODS, get_protocol
from smallgan.grid.protocols_more import image_arms_cell, series_scores


def test_registered_names_match_the_capabilities():
    from smallgan.detect.series_pipeline import SERIES_METHODS as PIPELINE_METHODS
    from smallgan.evaluate.image_protocol import ARMS

    assert tuple(ARMS) == IMAGE_ARMS
    assert tuple(PIPELINE_METHODS) == SERIES_METHODS
    assert set(IMAGE_ARMS) <= set(get_protocol("image_arms").estimators)
    assert set(SERIES_METHODS) <= set(get_protocol("series_nab").estimators)


def test_image_arms_cell_on_digits_is_deterministic_and_learns():
    settings = dict(n_per_class=5, n_folds=2, cnn_steps=30, gan_steps=5, max_test=150, classic={"n_flips": 0})
    first = image_arms_cell("digits", "dcgan", {}, 0, **settings)
    again = image_arms_cell("digits", "dcgan", {}, 0, **settings)
    for key in ("balanced_accuracy", "mean_sensitivity", "mean_specificity"):
        assert first[key] == again[key]
        assert 0.0 <= first[key] <= 1.0
    assert first["balanced_accuracy"] > 0.15  # 10 classes: chance is 0.1
    assert first["gan_seconds"] > 0 and first["n_synthetic"] > 0
    with pytest.raises(ValueError, match="unknown arm"):
        image_arms_cell("digits", "bogus", {}, 0, **settings)


def _spiky_series(n: int = 400) -> tuple[pd.Series, np.ndarray, list]:
    rng = np.random.default_rng(0)
    values = np.sin(np.arange(n) / 8.0) + 0.05 * rng.normal(size=n)
    values[300:306] += 6.0
    stamps = pd.Series(pd.date_range("2024-01-01", periods=n, freq="5min"))
    return stamps, values, [(stamps[298], stamps[308])]


def test_series_scores_find_an_injected_spike():
    stamps, values, windows = _spiky_series()
    result = series_scores(stamps, values, windows, "zscore", 0, max_points=None, window_size=20)
    assert result["tp"] == 1 and result["fp"] == 0 and result["f1"] == 1.0
    assert np.isfinite(result["point_auc"])
    shifted = series_scores(stamps, values, [(stamps[50], stamps[60])], "zscore", 0, max_points=None, window_size=20)
    assert shifted["tp"] == 0 and shifted["f1"] == 0.0  # a window away from the spike is missed
    neural = series_scores(stamps, values, windows, "lstm-ae", 0, max_points=200, window_size=20, epochs=1)
    assert 0.0 <= neural["f1"] <= 1.0 and neural["n_points"] == 200 and neural["fit_seconds"] > 0


@pytest.mark.requires_data
def test_series_nab_cell_on_a_real_series():
    from smallgan.grid.protocols_more import series_nab_cell

    metrics = series_nab_cell("nab/realAdExchange/exchange-2_cpc_results", "zscore", {}, 0, max_points=300)
    assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(metrics)
    assert metrics["tp"] + metrics["fn"] >= 1  # the series has labelled windows
    with pytest.raises(ValueError, match="windows"):
        series_nab_cell("breast_cancer", "zscore", {}, 0)
