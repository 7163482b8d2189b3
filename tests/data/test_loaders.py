import numpy as np
import pytest

from smallgan.data import list_datasets, load_dataset
from smallgan.exceptions import DatasetNotFoundError


def test_breast_cancer_embedded():
    data = load_dataset("breast_cancer")
    assert data.X.shape == (569, 30) and int(data.y.sum()) == 212


def test_missing_root_names_env_var(monkeypatch, tmp_path):
    monkeypatch.setenv("SMALLGAN_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetNotFoundError, match="SMALLGAN_DATA"):
        load_dataset("adbench/29_Pima")


def test_corrupt_npz_is_reported(monkeypatch, tmp_path):
    (tmp_path / "adbench").mkdir()
    (tmp_path / "adbench" / "x.npz").write_bytes(b"garbage")
    monkeypatch.setenv("SMALLGAN_DATA", str(tmp_path))
    with pytest.raises(DatasetNotFoundError, match="not a readable"):
        load_dataset("adbench/x")


@pytest.mark.requires_data
def test_staged_datasets_load_with_documented_shapes():
    pima = load_dataset("adbench/29_Pima")
    assert pima.X.shape == (768, 8) and int(pima.y.sum()) == 268
    kdd = load_dataset("kddcup99", nrows=1000)
    assert kdd.X.shape == (1000, 41) and set(kdd.meta["categorical"]) <= set(kdd.X.columns)
    mnist = load_dataset("mnist")
    assert mnist.X.shape == (10000, 28, 28) and mnist.X.dtype == np.uint8
    pneumonia = load_dataset("medmnist/pneumonia")
    assert pneumonia.X.shape == (3882, 28, 28) and int((pneumonia.y == 0).sum()) == 388
    taxi = load_dataset("nab/realKnownCause/nyc_taxi")
    assert list(taxi.X.columns) == ["timestamp", "value"] and 0 < taxi.y.mean() < 0.2
    names = {name for name, _ in list_datasets()}
    assert {"adbench/29_Pima", "mnist", "kddcup99", "nab/realKnownCause/nyc_taxi"} <= names
