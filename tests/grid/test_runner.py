"""Runner: failed cells recorded and retried, joblib/Dask/Ray give the serial metrics, resume after kill -9."""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import yaml

from smallgan.grid import ResultStore, load_spec, run_grid
from smallgan.grid.protocols import PROTOCOLS, Protocol, smoke_cell


def smoke_spec(tmp_path, seeds=2, sleep=0.0, name="spec.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({
        "name": "smoke", "protocol": "smoke", "metric": "accuracy", "seeds": seeds,
        "datasets": ["blobs-100", "blobs-300"], "settings": {"sleep": sleep},
        "methods": {"weak": {"estimator": "none", "params": {"C": 0.01}}, "strong": {"estimator": "none"},
                    "broken": {"estimator": "broken"}}}))
    return path


def metrics_by_cell(db):
    cells = ResultStore(db).cells()
    return {(r.dataset, r.method, r.seed): r.metrics for r in cells.itertuples() if r.status == "ok"}


def test_failed_cell_is_recorded_and_only_it_is_rerun(tmp_path, monkeypatch, capsys):
    def flaky(dataset, method, params, seed, **settings):
        if method == "broken":
            raise RuntimeError("transient failure")
        return smoke_cell(dataset, method, params, seed, **settings)

    db = tmp_path / "r.sqlite"
    monkeypatch.setitem(PROTOCOLS, "smoke", Protocol("smoke", flaky, None, checks_datasets=False))
    summary = run_grid(smoke_spec(tmp_path), db)
    assert (summary.total, summary.ok, summary.failed) == (12, 8, 4)
    assert "FAILED blobs-100 / broken / seed 0: RuntimeError: transient failure" in capsys.readouterr().err
    failed = ResultStore(db).cells().query("status == 'failed'")
    assert set(failed["method"]) == {"broken"} and failed["error"].str.contains("transient failure").all()
    monkeypatch.undo()
    summary = run_grid(smoke_spec(tmp_path), db, progress=False)
    assert (summary.skipped, summary.ok, summary.failed) == (8, 4, 0)
    cells = ResultStore(db).cells()
    assert len(cells) == 12 and (cells["status"] == "ok").all()
    assert sorted(cells["attempts"]) == [1] * 8 + [2] * 4
    assert cells["git_commit"].notna().all() and cells["versions"].map(lambda v: "torch" in v).all()


def test_two_joblib_workers_match_serial_run(tmp_path):
    run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "serial.sqlite", progress=False)
    run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "parallel.sqlite", n_jobs=2, progress=False)
    serial, parallel = metrics_by_cell(tmp_path / "serial.sqlite"), metrics_by_cell(tmp_path / "parallel.sqlite")
    assert len(serial) == 6 and serial == parallel
    assert len({m["accuracy"] for m in serial.values()}) > 1


def test_resume_after_kill_9_gives_every_row_exactly_once(tmp_path):
    spec_path = smoke_spec(tmp_path, seeds=3, sleep=0.1)
    db = tmp_path / "r.sqlite"
    code = f"from smallgan.grid import run_grid; run_grid({str(spec_path)!r}, {str(db)!r}, progress=False)"
    process = subprocess.Popen([sys.executable, "-c", code])
    rows, deadline = 0, time.time() + 60
    while rows < 4 and time.time() < deadline and process.poll() is None:
        time.sleep(0.1)
        if db.exists():
            try:
                with sqlite3.connect(db) as connection:
                    rows = connection.execute("SELECT COUNT(*) FROM cells").fetchone()[0]
            except sqlite3.OperationalError:
                rows = 0
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    interrupted = len(ResultStore(db).cells())
    assert 4 <= interrupted < 18
    summary = run_grid(spec_path, db, progress=False)
    assert summary.skipped == interrupted and summary.ok == 18 - interrupted
    cells = ResultStore(db).cells()
    expected = {cell.key for cell in load_spec(spec_path).cells()}
    assert len(cells) == 18 and set(cells["cell_key"]) == expected
    assert (cells["attempts"] == 1).all() and (cells["status"] == "ok").all()


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                    reason="dask[distributed] (optional extra) is not installed")
def test_dask_local_cluster_matches_serial_run(tmp_path):
    from dask.distributed import LocalCluster

    run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "serial.sqlite", progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "dask.sqlite", backend="dask",
                 address=cluster.scheduler_address, progress=False)
    assert metrics_by_cell(tmp_path / "dask.sqlite") == metrics_by_cell(tmp_path / "serial.sqlite")


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray (optional extra) is not installed")
def test_ray_local_cluster_matches_serial_run(tmp_path):
    run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "serial.sqlite", progress=False)
    run_grid(smoke_spec(tmp_path, seeds=1), tmp_path / "ray.sqlite", n_jobs=2, backend="ray", progress=False)
    assert metrics_by_cell(tmp_path / "ray.sqlite") == metrics_by_cell(tmp_path / "serial.sqlite")


def test_bad_backend_and_jobs_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown backend 'spark'"):
        run_grid(smoke_spec(tmp_path), tmp_path / "r.sqlite", backend="spark")
    with pytest.raises(ValueError, match="n_jobs must be >= 1"):
        run_grid(smoke_spec(tmp_path), tmp_path / "r.sqlite", n_jobs=0)


def test_builtin_protocols_on_embedded_data(tmp_path):
    path = tmp_path / "spec.yaml"
    for protocol, methods in (("detection", {"iforest": {"estimator": "IForest", "params": {"n_estimators": 20}}}),
                              ("oversampling", {"original": {"estimator": "none"}, "smote": {"estimator": "SMOTE"}})):
        path.write_text(yaml.safe_dump({"name": protocol, "protocol": protocol, "seeds": 1,
                                        "datasets": ["breast_cancer"], "methods": methods}))
        assert run_grid(path, tmp_path / "r.sqlite", progress=False).ok == len(methods)
    results = ResultStore(tmp_path / "r.sqlite").results()
    auc = results.query("experiment == 'detection' and metric == 'roc_auc'")["value"].item()
    assert auc > 0.8
    recall = results.query("experiment == 'oversampling' and metric == 'recall'").set_index("method")["value"]
    assert set(recall.index) == {"original", "smote"} and (recall > 0.5).all()
