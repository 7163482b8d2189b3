import numpy as np
import pandas as pd
import pytest

from smallgan.augment import GANOverSampler, TabularGAN
from smallgan.data import load_dataset
from smallgan.exceptions import DatasetNotFoundError, DataValidationError

FAST = {"epochs": 2, "hidden": (8,), "random_state": 0}


def test_nan_is_named_with_row_and_column(imbalanced_blobs):
    X, y = imbalanced_blobs
    X = X.copy()
    X[3, 1] = np.nan
    with pytest.raises(DataValidationError, match=r"NaN at row 3, column 1"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_inf_is_named(imbalanced_blobs):
    X, y = imbalanced_blobs
    X = X.copy()
    X[7, 2] = np.inf
    with pytest.raises(DataValidationError, match=r"inf at row 7, column 2"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_one_class_rejected(imbalanced_blobs):
    X, _ = imbalanced_blobs
    with pytest.raises(ValueError, match="class"):
        GANOverSampler(**FAST).fit_resample(X, np.zeros(len(X), dtype=int))


def test_minority_with_one_row_rejected(imbalanced_blobs):
    X, y = imbalanced_blobs
    y = np.zeros(len(X), dtype=int)
    y[0] = 1
    with pytest.raises(DataValidationError, match=r"fewer than 2 rows.*1: 1|\{1: 1\}"):
        GANOverSampler(**FAST).fit_resample(X, y)


def test_length_mismatch_rejected(imbalanced_blobs):
    X, y = imbalanced_blobs
    with pytest.raises(ValueError, match="(100|99)"):
        GANOverSampler(**FAST).fit_resample(X, y[:-1])


def test_undeclared_text_column_rejected():
    frame = pd.DataFrame({"a": np.arange(20.0), "city": ["x", "y"] * 10})
    with pytest.raises(DataValidationError, match=r"non-numeric columns \['city'\]"):
        TabularGAN(**FAST).fit(frame)


def test_unknown_categorical_column_rejected():
    frame = pd.DataFrame({"a": np.arange(20.0)})
    with pytest.raises(DataValidationError, match=r"unknown categorical columns \['b'\]"):
        TabularGAN(**FAST, categorical_columns=["b"]).fit(frame)


def test_nan_in_dataframe_names_column():
    frame = pd.DataFrame({"a": np.arange(20.0), "b": np.arange(20.0)})
    frame.loc[5, "b"] = np.nan
    with pytest.raises(DataValidationError, match=r"row 5, column 'b'"):
        TabularGAN(**FAST).fit(frame)


def test_unknown_loss_and_negative_epochs():
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=r"unknown loss 'gan9'.*dcgan"):
        TabularGAN(loss="gan9").fit(X)
    with pytest.raises(ValueError, match="epochs"):
        TabularGAN(epochs=-3).fit(X)


def test_wrong_shape_rejected():
    with pytest.raises(DataValidationError, match="2-D"):
        TabularGAN(**FAST).fit(np.zeros((4, 3, 2)))


def test_missing_and_corrupt_csv(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="not found"):
        load_dataset(f"csv:{tmp_path / 'missing.csv'}")
    corrupt = tmp_path / "bad.csv"
    corrupt.write_bytes(b'a,b\n1,"unterminated\n')
    with pytest.raises(DatasetNotFoundError, match="could not be read"):
        load_dataset(f"csv:{corrupt}")
    good = tmp_path / "good.csv"
    good.write_text("a,b\n1,2\n")
    with pytest.raises(DatasetNotFoundError, match="target column 'label'"):
        load_dataset(f"csv:{good}", target="label")


def test_unknown_dataset_lists_known_names():
    with pytest.raises(DatasetNotFoundError, match="breast_cancer"):
        load_dataset("no_such_set")


def test_check_images_ranges_and_stated_range():
    from smallgan._validation import check_images

    ones = np.full((2, 4, 4), 255, dtype=np.uint8)
    np.testing.assert_allclose(check_images(ones), 1.0)
    half = np.full((2, 4, 4), 0.5)
    np.testing.assert_allclose(check_images(half), 0.0)  # inferred as 0..1
    np.testing.assert_allclose(check_images(half, value_range="-1..1"), 0.5)  # stated: kept as is
    with pytest.raises(DataValidationError, match="0-255 pixels stored as float64"):
        check_images(np.full((2, 4, 4), 200.0))
    with pytest.raises(DataValidationError, match="outside the stated -1..1"):
        check_images(np.full((2, 4, 4), 2.0), value_range="-1..1")
    with pytest.raises(DataValidationError, match="mixed sizes"):
        check_images([np.zeros((4, 4)), np.zeros((5, 5))])


def test_fitted_range_settles_only_the_ambiguous_unit_floats():
    from smallgan._validation import check_images, check_images_range

    half = np.full((2, 4, 4), 0.5)
    assert check_images_range(half)[1] == "0..1"
    np.testing.assert_allclose(check_images(half, fitted_range="-1..1"), 0.5)  # a [-1, 1] model: kept as is
    np.testing.assert_allclose(check_images(half, fitted_range="0..255"), 0.0)
    np.testing.assert_allclose(check_images(half, fitted_range="auto"), 0.0)  # models saved before: inferred
    ones = np.full((2, 4, 4), 255, dtype=np.uint8)
    assert check_images_range(ones, fitted_range="-1..1")[1] == "0..255"
    np.testing.assert_allclose(check_images(ones, fitted_range="-1..1"), 1.0)
    assert check_images_range(half - 1.0, fitted_range="0..1")[1] == "-1..1"
    with pytest.raises(DataValidationError, match="pixel range"):
        check_images(np.full((2, 4, 4), -2.0), fitted_range="-1..1")
