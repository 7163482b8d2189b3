import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE

from smallgan.evaluate.fidelity import column_distances, correlation_gap, detectability_auc, quality_report
from smallgan.evaluate.privacy import memorisation_rate
from smallgan.evaluate.protocols import compare_samplers, evaluate_oversampling, summarize
from smallgan.evaluate.stats import holm, paired_comparison

COLUMNS = {"repeat", "sampler", "classifier", "fit_seconds", "n_train_minority", "n_synthetic", "accuracy",
           "precision", "recall", "specificity", "f1", "balanced_accuracy", "roc_auc", "error"}


@pytest.fixture
def task():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (150, 3)), rng.normal(1.5, 1, (50, 3))])
    return X, np.array([0] * 150 + [1] * 50)


def test_protocol_columns_cap_and_oversampling(task):
    X, y = task
    results = evaluate_oversampling(X, y, {"none": None, "smote": SMOTE(random_state=0)},
                                    classifiers=("tree", "logreg"), n_repeats=3, minority_cap=10)
    assert set(results.columns) >= COLUMNS
    assert len(results) == 3 * 2 * 2
    assert (results["n_train_minority"] == 10).all()
    assert (results.loc[results.sampler == "none", "n_synthetic"] == 0).all()
    assert (results.loc[results.sampler == "smote", "n_synthetic"] == 105 - 10).all()
    table = summarize(results)
    assert table.shape[0] == 4 and table["balanced_accuracy"].str.match(r"\d\.\d{3} \(\d\.\d{3}\)").all()


def test_protocol_same_seed_same_splits(task):
    X, y = task
    a = evaluate_oversampling(X, y, {"none": None}, classifiers=("tree",), n_repeats=2)
    b = evaluate_oversampling(X, y, {"none": None}, classifiers=("tree",), n_repeats=2)
    c = evaluate_oversampling(X, y, {"none": None}, classifiers=("tree",), n_repeats=2, repeats=[1])
    pd.testing.assert_frame_equal(a.drop(columns="fit_seconds"), b.drop(columns="fit_seconds"))
    assert a.iloc[1]["balanced_accuracy"] == c.iloc[0]["balanced_accuracy"]


def test_failed_sampler_recorded_not_raised(task):
    X, y = task
    results = evaluate_oversampling(X, y, {"smote": SMOTE(k_neighbors=50)}, classifiers=("tree",), n_repeats=1,
                                    minority_cap=10)
    assert results["error"].str.contains("n_neighbors|neighbors", regex=True).all()


def test_compare_samplers_paired(task):
    X, y = task
    results = evaluate_oversampling(X, y, {"none": None, "smote": SMOTE(random_state=0)}, classifiers=("tree",),
                                    n_repeats=6, minority_cap=10)
    verdict = compare_samplers(results, "smote", "none")
    assert verdict["verdict"] in {"better", "worse", "tie"} and 0 <= verdict["p_value"] <= 1


def test_fidelity_metrics_behave():
    rng = np.random.default_rng(0)
    real = pd.DataFrame(rng.normal(size=(200, 3)), columns=list("abc"))
    real["c"] = real["a"] * 2 + rng.normal(0, 0.1, 200)
    same = real.sample(frac=1.0, random_state=1).reset_index(drop=True)
    shifted = real + 10.0
    assert column_distances(real, same)["ks"].max() == 0.0
    assert column_distances(real, shifted)["ks"].min() > 0.8
    assert correlation_gap(real, same) < 1e-9
    independent = pd.DataFrame(rng.normal(size=(200, 3)), columns=list("abc"))
    assert correlation_gap(real, independent) > 0.2
    fresh = pd.DataFrame(rng.normal(size=(200, 3)), columns=list("abc"))
    fresh["c"] = fresh["a"] * 2 + rng.normal(0, 0.1, 200)
    assert detectability_auc(real, fresh) < 0.7
    assert detectability_auc(real, shifted) > 0.95
    report = quality_report(real, fresh)
    assert {"mean_ks", "correlation_gap", "detectability_auc", "memorisation_rate", "median_dcr"} <= set(report)


def test_memorisation_rate_flags_copies():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(300, 4))
    assert memorisation_rate(real, real[:100] + 1e-6) == 1.0
    assert memorisation_rate(real, rng.normal(size=(300, 4))) < 0.2


def test_stats_against_scipy_and_holm():
    from scipy.stats import wilcoxon

    a, b = np.array([0.8, 0.82, 0.79, 0.85, 0.9, 0.88]), np.array([0.7, 0.75, 0.72, 0.8, 0.83, 0.8])
    result = paired_comparison(a, b)
    assert result["p_value"] == pytest.approx(wilcoxon(a, b, zero_method="zsplit").pvalue)
    assert result["verdict"] == "better"
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
