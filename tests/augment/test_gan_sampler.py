import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.tree import DecisionTreeClassifier

from smallgan.augment import GANOverSampler
from smallgan.exceptions import DataValidationError
from smallgan.io import save

FAST = {"epochs": 5, "hidden": (16,), "latent_dim": 4, "random_state": 0}


def test_balances_classes(imbalanced_blobs):
    X, y = imbalanced_blobs
    X_res, y_res = GANOverSampler(**FAST).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [90, 90]
    assert X_res.shape == (180, 4) and X_res.dtype == np.float64
    assert np.isfinite(X_res).all()
    np.testing.assert_array_equal(X_res[:100], X)  # real rows kept first, untouched


def test_sampling_strategy_dict_and_multiclass():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 1, (60, 3)), rng.normal(3, 1, (10, 3)), rng.normal(-3, 1, (6, 3))])
    y = np.array([0] * 60 + [1] * 10 + [2] * 6)
    _, y_res = GANOverSampler(**FAST, sampling_strategy={1: 30, 2: 20}).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [60, 30, 20]
    sampler = GANOverSampler(**FAST)
    _, y_all = sampler.fit_resample(X, y)
    assert np.bincount(y_all).tolist() == [60, 60, 60]
    assert set(sampler.generators_) == {1, 2}  # one generator per minority class


def test_conditional_variant_uses_one_generator(imbalanced_blobs):
    X, y = imbalanced_blobs
    sampler = GANOverSampler(**FAST, conditional=True)
    _, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [90, 90]
    assert list(sampler.generators_) == ["conditional"]


def test_same_seed_same_output_different_seed_differs(imbalanced_blobs):
    X, y = imbalanced_blobs
    first = GANOverSampler(**FAST).fit_resample(X, y)[0]
    second = GANOverSampler(**FAST).fit_resample(X, y)[0]
    other = GANOverSampler(**{**FAST, "random_state": 1}).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, second)
    assert not np.allclose(first[100:], other[100:])


def test_dataframe_with_categorical_keeps_columns_and_dtypes():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"age": rng.integers(20, 80, 60), "income": rng.normal(50, 10, 60),
                          "city": rng.choice(["a", "b", "c"], 60)})
    y = np.array([0] * 50 + [1] * 10)
    X_res, y_res = GANOverSampler(**FAST, categorical_columns=["city"]).fit_resample(frame, y)
    assert isinstance(X_res, pd.DataFrame)
    assert list(X_res.columns) == ["age", "income", "city"]
    assert X_res.dtypes.to_dict() == frame.dtypes.to_dict()
    assert set(X_res["city"]) <= {"a", "b", "c"}
    new_ages = X_res["age"].iloc[60:]
    assert (new_ages == new_ages.round()).all() and new_ages.between(20, 79).all()
    assert np.bincount(y_res).tolist() == [50, 50]


def test_pipeline_and_grid_search(imbalanced_blobs):
    X, y = imbalanced_blobs
    pipe = Pipeline([("gan", GANOverSampler(**FAST)), ("tree", DecisionTreeClassifier(random_state=0))])
    search = GridSearchCV(pipe, {"gan__hidden": [(8,), (16,)]}, cv=2, scoring="balanced_accuracy")
    search.fit(X, y)
    assert search.best_params_["gan__hidden"] in [(8,), (16,)]
    assert search.predict(X).shape == (100,)


def test_params_roundtrip_and_clone():
    sampler = GANOverSampler(**FAST)
    assert sampler.get_params()["hidden"] == (16,)
    sampler.set_params(loss="lsgan", epochs=7)
    copy = clone(sampler)
    assert copy.get_params()["loss"] == "lsgan" and copy.get_params()["epochs"] == 7


def test_parameters_unchanged_by_fit(imbalanced_blobs):
    sampler = GANOverSampler(**FAST)
    before = sampler.get_params()
    sampler.fit_resample(*imbalanced_blobs)
    assert sampler.get_params() == before


@pytest.mark.parametrize("params, message", [
    ({"loss": "nope"}, "unknown loss 'nope'"),
    ({"epochs": -1}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
])
def test_bad_parameters_rejected(imbalanced_blobs, params, message):
    with pytest.raises(ValueError, match=message):
        GANOverSampler(**{**FAST, **params}).fit_resample(*imbalanced_blobs)


def test_frames_with_integer_labels_get_real_rows_and_bad_cells_are_named():
    rng = np.random.default_rng(0)
    X, y = pd.DataFrame(rng.normal(size=(30, 3))), np.r_[[0] * 24, [1] * 6]
    X_res, y_res = GANOverSampler(hidden=(8,), epochs=1, random_state=0).fit_resample(X, y)
    assert X_res.columns.tolist() == [0, 1, 2] and len(X_res) == 48 and not X_res.isna().to_numpy().any()
    frame = X.assign(city=["a", "b", "c"] * 10)
    frame.loc[0, 1] = np.nan  # a majority row: the minority's GAN never sees it
    with pytest.raises(DataValidationError, match="NaN at row 0, column 1"):
        GANOverSampler(epochs=1, categorical_columns=["city"]).fit_resample(frame, y)
    with pytest.raises(NotImplementedError, match="save a fitted generator"):
        save(GANOverSampler(), "unused")


def test_ctgan_peer_checks_its_parameters_and_classes_before_training():
    from smallgan.augment.peers import CTGANSampler

    X, y = np.random.default_rng(0).normal(size=(30, 2)), np.r_[[0] * 24, [1] * 6]
    with pytest.raises(ValueError, match="'epochs' parameter"):
        CTGANSampler(epochs=-1).fit_resample(X, y)
    with pytest.raises(ValueError, match="'model' parameter"):
        CTGANSampler(model="gan").fit_resample(X, y)
    with pytest.raises(DataValidationError, match="class 1 has 1 row"):
        CTGANSampler(epochs=1).fit_resample(X, np.r_[[0] * 29, [1]])
