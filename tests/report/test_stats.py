"""Statistics helpers checked against scipy and against the published Nemenyi table (Demsar 2006)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from smallgan.evaluate.stats import (
    confidence_interval,
    critical_difference,
    friedman,
    holm,
    mean_ranks,
    mean_std,
    nemenyi_critical_difference,
    paired_comparison,
)


def test_mean_std_and_confidence_interval_match_scipy():
    values = [0.8, 0.82, 0.79, 0.85, 0.81]
    assert mean_std(values) == f"{np.mean(values):.3f} ({np.std(values, ddof=1):.3f})"
    expected = sps.t.interval(0.95, 4, loc=np.mean(values), scale=sps.sem(values))
    np.testing.assert_allclose(confidence_interval(values), expected)


def test_paired_comparison_uses_wilcoxon_and_gives_verdict():
    a = [0.91, 0.88, 0.93, 0.90, 0.92, 0.89, 0.94, 0.90]
    b = [0.85, 0.86, 0.88, 0.84, 0.87, 0.83, 0.90, 0.86]
    result = paired_comparison(a, b)
    assert result["p_value"] == pytest.approx(sps.wilcoxon(a, b, zero_method="zsplit").pvalue)
    assert result["verdict"] == "better"
    assert paired_comparison(b, a)["verdict"] == "worse"
    assert paired_comparison(a, a)["verdict"] == "tie"


def test_holm_on_known_values():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])


def test_mean_ranks_share_ties_and_respect_direction():
    table = pd.DataFrame({"gan": [0.9, 0.7, 0.8], "smote": [0.8, 0.8, 0.8], "none": [0.1, 0.2, 0.3]})
    ranks = mean_ranks(table)
    assert ranks["gan"] == pytest.approx((1 + 2 + 1.5) / 3)
    assert ranks["smote"] == pytest.approx((2 + 1 + 1.5) / 3)
    assert ranks["none"] == 3.0
    assert mean_ranks(table, higher_is_better=False)["none"] == 1.0


def test_friedman_matches_scipy():
    rng = np.random.default_rng(0)
    table = pd.DataFrame(rng.random((6, 4)), columns=list("abcd"))
    statistic, p_value = friedman(table)
    expected = sps.friedmanchisquare(*(table[c] for c in table.columns))
    assert (statistic, p_value) == pytest.approx((expected.statistic, expected.pvalue))
    with pytest.raises(ValueError, match="at least 3 methods"):
        friedman(table[["a", "b"]])


@pytest.mark.parametrize(("k", "q"), [(2, 1.960), (3, 2.343), (4, 2.569), (5, 2.728), (10, 3.164)])
def test_nemenyi_critical_difference_matches_demsar_table(k, q):
    n = 10
    assert nemenyi_critical_difference(k, n) == pytest.approx(q * np.sqrt(k * (k + 1) / (6 * n)), abs=2e-3)


def test_critical_difference_groups_methods_within_cd():
    # 12 datasets: a always best, b and c swap places, d always last.
    rows = [[0.9, 0.8, 0.7, 0.1] if i % 2 else [0.9, 0.7, 0.8, 0.1] for i in range(12)]
    summary = critical_difference(pd.DataFrame(rows, columns=list("abcd")))
    assert list(summary["ranks"].index) == ["a", "b", "c", "d"]
    assert summary["friedman_p"] < 0.001
    assert ["b", "c"] in [sorted(g) for g in summary["groups"]]
    assert not any("a" in g and "d" in g for g in summary["groups"])


def test_ranking_rejects_table_without_complete_rows():
    with pytest.raises(ValueError, match="no dataset has a score"):
        mean_ranks(pd.DataFrame({"a": [np.nan], "b": [0.5]}))
