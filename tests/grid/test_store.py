"""Result store: round trip, replace-not-duplicate on rerun, clear errors for corrupt, foreign or locked files."""

from __future__ import annotations

import sqlite3

import pytest

from smallgan.grid.spec import parse_spec
from smallgan.grid.store import ResultStore, StoreError
from smallgan.io_utils import csv_parts


def record(status="ok", metrics=None, **extra):
    return {"experiment": "e", "cell_key": "k1", "spec_hash": "h", "protocol": "smoke", "dataset": "blobs",
            "method": "m", "estimator": "none", "params": {"C": 0.5}, "seed": 3, "settings": {"sleep": 0},
            "metrics": {"accuracy": 0.75} if metrics is None else metrics, "fit_seconds": 1.5, "status": status,
            "versions": {"torch": "x"}, "error": None if status == "ok" else "RuntimeError: boom", **extra}


def test_round_trip_and_rerun_replaces_the_row(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite")
    store.write_cell(record(status="failed", metrics={}))
    assert store.completed_keys("e") == set()
    store.write_cell(record())
    cells = store.cells("e")
    assert len(cells) == 1
    row = cells.iloc[0]
    assert (row.status, row.attempts, row.params, row.seed, row.metrics) == ("ok", 2, {"C": 0.5}, 3,
                                                                           {"accuracy": 0.75})
    assert store.completed_keys("e") == {"k1"}
    results = ResultStore(tmp_path / "r.sqlite").results()
    assert results.to_dict("records") == [{"experiment": "e", "dataset": "blobs", "method": "m", "seed": 3,
                                           "metric": "accuracy", "value": 0.75}]


def test_forget_cells_deletes_only_the_named_methods_of_the_experiment(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite")
    store.write_cell(record())
    store.write_cell(record(cell_key="k2", method="other"))
    store.write_cell(record(experiment="f"))
    assert store.forget_cells("e", ["m", "absent"]) == 1
    assert store.completed_keys("e") == {"k2"}
    assert store.completed_keys("f") == {"k1"}  # the other experiment's cell of the same method stays


def test_forget_cells_by_key(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite")
    for key in ("k1", "k2", "k3"):
        store.write_cell(record(cell_key=key))
    assert store.forget_cells("e", keys=["k1", "k3", "absent"]) == 2
    assert store.completed_keys("e") == {"k2"}
    assert store.forget_cells("e") == 0  # nothing named: nothing deleted


def test_experiment_registration_keeps_spec_and_command(tmp_path):
    spec = parse_spec({"name": "e", "protocol": "smoke", "datasets": ["blobs"], "metric": "accuracy",
                       "methods": {"m": {"estimator": "none"}}})
    store = ResultStore(tmp_path / "r.sqlite")
    store.register_experiment(spec, command="smallgan bench run x.yaml")
    frame = store.experiments()
    assert frame.loc[0, "command"] == "smallgan bench run x.yaml" and frame.loc[0, "metric"] == "accuracy"


def test_corrupt_file_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / "bad.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a readable SQLite result store"):
        ResultStore(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(StoreError, match="not a smallgan result store"):
        ResultStore(path)


def test_locked_store_gives_a_clear_error(tmp_path):
    path = tmp_path / "r.sqlite"
    ResultStore(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            ResultStore(path, timeout=0.2).write_cell(record())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ResultStore(path).cells().empty


def test_csv_export_import_round_trip(tmp_path):
    spec = parse_spec({"name": "e", "protocol": "smoke", "datasets": ["blobs"], "methods": {"m": {"estimator": "x"}}})
    store = ResultStore(tmp_path / "r.sqlite")
    store.register_experiment(spec, command="cmd")
    store.write_cell(record(fit_seconds=2.1448746370001572))
    store.write_cell(record(cell_key="k2", status="failed", metrics={}))
    store.export_csv(tmp_path / "cells.csv", tmp_path / "experiments.csv", experiment="e")
    copy = ResultStore(tmp_path / "copy.sqlite")
    assert copy.import_csv(tmp_path / "cells.csv", tmp_path / "experiments.csv") == 2
    assert copy.cells().equals(store.cells()) and copy.experiments().equals(store.experiments())
    with pytest.raises(StoreError, match="not an export"):
        copy.import_csv(tmp_path / "experiments.csv", tmp_path / "experiments.csv")


def test_large_cells_export_is_split_into_plain_parts_and_imports_back(tmp_path):
    spec = parse_spec({"name": "e", "protocol": "smoke", "datasets": ["blobs"], "methods": {"m": {"estimator": "x"}}})
    store = ResultStore(tmp_path / "r.sqlite")
    store.register_experiment(spec, command="cmd")
    for seed in range(6):
        store.write_cell(record(seed=seed, cell_key=f"k{seed}"))
    plain = tmp_path / "cells.csv"
    assert store.export_csv(plain, tmp_path / "experiments.csv", "e", max_bytes=10**6) == [plain]  # small: one file
    size = len(plain.read_bytes())
    written = store.export_csv(plain, tmp_path / "experiments.csv", "e", max_bytes=size // 2)
    assert [p.name for p in written] == ["cells.part1.csv", "cells.part2.csv", "cells.part3.csv"]
    assert not plain.exists() and csv_parts(plain) == written  # the earlier single file is gone
    assert all(len(p.read_bytes()) <= size // 2 and p.read_text().startswith("experiment,") for p in written)
    copy = ResultStore(tmp_path / "copy.sqlite")
    assert copy.import_csv(plain, tmp_path / "experiments.csv") == 6
    assert copy.cells().equals(store.cells())
    assert store.export_csv(plain, tmp_path / "experiments.csv", "e", max_bytes=10**6) == [plain]
    assert csv_parts(plain) == [plain] and not (tmp_path / "cells.part1.csv").exists()  # parts replaced
