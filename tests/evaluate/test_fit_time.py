import numpy as np
import pandas as pd
import pytest

from smallgan.evaluate.fit_time import fit_time_cell, minority_rows
from smallgan.report.tabular_speed import speed_table


def test_same_seed_same_minority_rows():
    a, b = minority_rows("breast_cancer", 20, seed=3), minority_rows("breast_cancer", 20, seed=3)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (20, 30) and not np.array_equal(a, minority_rows("breast_cancer", 20, seed=4))


def test_cell_times_the_fit():
    out = fit_time_cell("breast_cancer", "gan", {"epochs": 3, "hidden": [16]}, seed=0)
    assert out["rows"] == 20 and out["epochs"] == 3
    assert out["fit_seconds"] > 0 and out["fit_cpu_seconds"] > 0


def test_unknown_generator_is_named():
    with pytest.raises(ValueError, match="unknown generator 'smote'"):
        fit_time_cell("breast_cancer", "smote", {}, seed=0)


def test_speed_table_ratios_per_dataset_and_seed():
    frame = pd.DataFrame({"experiment": ["speed"] * 4, "dataset": ["d"] * 4, "seed": [0, 0, 1, 1], "rows": [20.0] * 4,
                          "method": ["gan", "ctgan", "gan", "ctgan"], "fit_cpu_seconds": [1.0, 10.0, 3.0, 10.0],
                          "fit_seconds": [2.0, 10.0, 2.0, 10.0]})
    text = speed_table(frame)
    assert "| d | 20 | 2.00 (1.41) | 10.00 (0.00) | 0.20 (0.14) | 0.20 (0.00) |" in text
    assert "ratio 0.20" in text and "meets the target" in text
