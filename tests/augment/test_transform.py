import numpy as np
import pandas as pd
import pytest

from smallgan.augment.transform import TabularTransformer
from smallgan.exceptions import DataValidationError


@pytest.fixture
def mixed():
    rng = np.random.default_rng(0)
    bimodal = np.r_[rng.normal(-5, 0.3, 100), rng.normal(5, 0.3, 100)]
    return pd.DataFrame({"bimodal": bimodal, "count": rng.integers(0, 9, 200), "flag": rng.random(200) > 0.5,
                         "colour": rng.choice(["red", "green", "blue"], 200)})


@pytest.mark.parametrize("numeric", ["standard", "mode"])
def test_round_trip_keeps_values_columns_and_dtypes(mixed, numeric):
    transformer = TabularTransformer(categorical_columns=["colour"], numeric=numeric).fit(mixed)
    encoded = transformer.transform(mixed)
    assert encoded.dtype == np.float32 and encoded.shape[1] == transformer.output_dim_
    decoded = transformer.inverse_transform(encoded)
    assert list(decoded.columns) == list(mixed.columns)
    assert decoded.dtypes.to_dict() == mixed.dtypes.to_dict()
    np.testing.assert_allclose(decoded["bimodal"], mixed["bimodal"], atol=1e-4)
    assert (decoded[["count", "flag", "colour"]] == mixed[["count", "flag", "colour"]]).all().all()


def test_mode_specific_normalisation_finds_both_modes(mixed):
    transformer = TabularTransformer(categorical_columns="auto", numeric="mode").fit(mixed)
    info = transformer.column_info_[0]
    assert {-5, 5} <= set(np.round(info["means"]).astype(int).tolist())
    encoded = transformer.transform(mixed)
    modes = encoded[:, 1:1 + len(info["means"])].argmax(axis=1)
    assert len(set(modes[:100])) == 1 and len(set(modes[100:])) == 1 and modes[0] != modes[150]
    kinds = [kind for _, _, kind in transformer.spans_]
    assert kinds[:2] == ["tanh", "softmax"]


def test_decoding_clips_and_rounds(mixed):
    transformer = TabularTransformer(categorical_columns=["colour"]).fit(mixed)
    encoded = transformer.transform(mixed)
    encoded[:, 1] = 50.0  # far outside the training range of "count"
    decoded = transformer.inverse_transform(encoded)
    assert (decoded["count"] == mixed["count"].max()).all()


def test_state_round_trip_and_unseen_category(mixed):
    transformer = TabularTransformer(categorical_columns=["colour"], numeric="mode").fit(mixed)
    again = TabularTransformer.from_dict(transformer.to_dict())
    np.testing.assert_array_equal(again.transform(mixed), transformer.transform(mixed))
    other = mixed.assign(colour="purple")
    with pytest.raises(DataValidationError, match="unseen"):
        transformer.transform(other)
    with pytest.raises(DataValidationError, match="missing"):
        transformer.transform(mixed.drop(columns="count"))


def test_is_an_estimator_and_refuses_bad_use(mixed):
    from sklearn.base import clone

    from smallgan.exceptions import NotFittedError

    assert clone(TabularTransformer(numeric="mode")).get_params()["numeric"] == "mode"
    with pytest.raises(NotFittedError):
        TabularTransformer().transform(mixed)
    transformer = TabularTransformer(categorical_columns="auto").fit(mixed)
    with pytest.raises(DataValidationError, match="encoded rows must have shape"):
        transformer.inverse_transform(np.zeros((2, transformer.output_dim_ + 1)))
    numeric = next(c for c in mixed.columns if mixed[c].dtype.kind == "f")
    bad = mixed.astype({numeric: object})
    bad.loc[1, numeric] = "n/a"
    with pytest.raises(DataValidationError, match=f"column '{numeric}' was numeric at fit.*'n/a'"):
        transformer.transform(bad)
