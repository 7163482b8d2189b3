"""Grid runner: expand a spec into cells, run the missing ones (serially, with joblib processes, or on a Ray or
Dask cluster) and write each result into the store from the driver as soon as it arrives.

Example:
    >>> summary = run_grid("benchmarks/specs/tabular.yaml", "runs/bench.sqlite", n_jobs=2)
    >>> summary.ok, summary.failed, summary.skipped
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from .protocols import Protocol, get_protocol
from .spec import Cell, Spec, load_spec
from .store import ResultStore

BACKENDS = ("joblib", "dask", "ray")
_PACKAGES = ("smallgan", "torch", "numpy", "scikit-learn", "imbalanced-learn", "pyod", "scipy", "ctgan")


@dataclass
class RunSummary:
    """What a `run_grid` call did."""

    experiment: str
    total: int
    skipped: int
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def validate_spec(spec: Spec, protocol: Protocol) -> None:
    """Raise SpecError naming the unknown dataset or estimator, its line, and the known names."""
    if protocol.checks_datasets:
        from ..data import list_datasets

        known = [name for name, _ in list_datasets()]
        for index, dataset in enumerate(spec.datasets):
            if dataset not in known and not dataset.startswith("csv:"):
                raise spec.error(f"unknown dataset {dataset!r}; known here: {', '.join(known)}", "datasets", index)
    if protocol.estimators is not None:
        raw_methods = spec.raw.get("methods", {})
        for label, entry in raw_methods.items():
            if entry["estimator"] not in protocol.estimators:
                raise spec.error(f"unknown estimator {entry['estimator']!r} for protocol {protocol.name!r}; "
                                 f"known: {', '.join(protocol.estimators)}", "methods", label, "estimator")


def environment() -> dict[str, Any]:
    """Package versions, git commit, machine (recorded with every row)."""
    versions = {}
    for package in _PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    versions["python"] = platform.python_version()
    versions["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    try:
        import torch

        versions["device"] = f"cuda ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else "cpu"
    except ImportError:
        versions["device"] = "cpu"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10,
                                cwd=Path(__file__).parent).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"versions": versions, "git_commit": commit}


def run_cell(cell: dict[str, Any], threads: int | None = None) -> dict[str, Any]:
    """Run one cell in this process and return its store record (never raises: failures are recorded).

    `threads` (set in worker processes) caps torch/OpenMP threads so that N workers do not oversubscribe.
    """
    restore = _limit_threads(threads)
    record = {**cell, "cell_key": Cell(**cell).key, "started_at": _now()}
    start = time.perf_counter()
    try:
        metrics = dict(get_protocol(cell["protocol"]).run(cell["dataset"], cell["estimator"], cell["params"],
                                                          cell["seed"], **cell["settings"]))
        record["fit_seconds"] = float(metrics.pop("fit_seconds", time.perf_counter() - start))
        record["score_seconds"] = metrics.pop("score_seconds", None)
        record["peak_rss_mb"] = metrics.pop("peak_rss_mb", None)  # a protocol that measured it (child process)
        record.update(metrics=metrics, status="ok", error=None)
    except Exception as error:  # noqa: BLE001 - a failing cell is recorded and the grid goes on
        lines = traceback.format_exception(error)
        record.update(metrics={}, status="failed", error=f"{type(error).__name__}: {error}\n{''.join(lines[-6:])}",
                      fit_seconds=time.perf_counter() - start, score_seconds=None)
    finally:
        restore()
    if record.get("peak_rss_mb") is None:
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        record["peak_rss_mb"] = usage / (1024.0 ** 2 if sys.platform == "darwin" else 1024.0)
    record["ended_at"] = _now()
    return record


def _limit_threads(threads: int | None) -> Any:
    """Cap torch threads for one cell (torch already imported) or for this worker process (torch not yet
    imported: OMP_NUM_THREADS, read by torch at import). Returns a function that restores torch's setting."""
    if threads is None:
        return lambda: None
    if "torch" not in sys.modules:
        os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(threads)
        return lambda: None
    torch = sys.modules["torch"]
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    return lambda: torch.set_num_threads(previous)


def run_grid(spec: Spec | str | Path, db: str | Path, *, n_jobs: int = 1, backend: str = "joblib",
             address: str | None = None, progress: bool = True, command: str | None = None,
             replace_legacy: bool = False) -> RunSummary:
    """Run every cell of `spec` that is not yet in `db` with status 'ok'.

    Args:
        n_jobs: parallel workers; torch threads per worker = cores // n_jobs (at least 1).
        backend: "joblib" (processes on this machine), "dask" or "ray" (a cluster at `address`, or a local one).
        command: the command line to record with the experiment (for BENCHMARKS.md).
        replace_legacy: also rerun the cells imported from a former script's CSV (`smallgan.grid.legacy`).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {BACKENDS}")
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be >= 1, got {n_jobs}")
    spec = spec if isinstance(spec, Spec) else load_spec(spec)
    validate_spec(spec, get_protocol(spec.protocol))
    store = ResultStore(db)
    store.register_experiment(spec, command=command, when=_now())
    done = store.completed_keys(spec.name)
    if replace_legacy:
        cells_now = store.cells(spec.name)
        done -= {key for key, versions in zip(cells_now["cell_key"], cells_now["versions"], strict=True)
                 if isinstance(versions, dict) and versions.get("source") == "legacy-script"}
    cells = spec.cells()
    pending = [cell for cell in cells if cell.key not in done]
    summary = RunSummary(spec.name, len(cells), len(cells) - len(pending))
    context = {**environment(), "spec_hash": spec.hash}
    threads = max(1, (os.cpu_count() or 1) // n_jobs)
    start = time.perf_counter()
    bar = tqdm(total=len(pending), desc=spec.name, unit="cell", disable=not progress, dynamic_ncols=True)
    with bar:
        for record in _execute([cell.as_dict() for cell in pending], n_jobs, backend, address, threads):
            store.write_cell({**record, **context})
            label = f"{record['dataset']} / {record['method']} / seed {record['seed']}"
            if record["status"] == "ok":
                summary.ok += 1
            else:
                summary.failed += 1
                summary.errors.append(f"{label}: {record['error'].splitlines()[0]}")
                bar.write(f"FAILED {label}: {record['error'].splitlines()[0]}", file=sys.stderr)
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)
    summary.seconds = time.perf_counter() - start
    return summary


def _execute(cells: list[dict[str, Any]], n_jobs: int, backend: str, address: str | None,
             threads: int) -> Iterator[dict[str, Any]]:
    if not cells:
        return iter(())
    if backend == "dask":
        return _dask(cells, n_jobs, address, threads)
    if backend == "ray":
        return _ray(cells, n_jobs, address, threads)
    if n_jobs == 1:
        return (run_cell(cell) for cell in cells)
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered")
    return parallel(delayed(run_cell)(cell, threads) for cell in cells)


def _dask(cells: list[dict[str, Any]], n_jobs: int, address: str | None, threads: int) -> Iterator[dict]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ImportError("--backend dask needs the optional extra: pip install 'dask[distributed]'") from None
    cluster = None if address else LocalCluster(n_workers=n_jobs, threads_per_worker=1, processes=True,
                                                dashboard_address=None)
    client = Client(address or cluster)
    try:
        futures = client.map(run_cell, cells, threads=threads, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ray(cells: list[dict[str, Any]], n_jobs: int, address: str | None, threads: int) -> Iterator[dict]:
    try:
        import ray
    except ImportError:
        raise ImportError("--backend ray needs the optional extra: pip install ray") from None
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, num_cpus=None if address else n_jobs, include_dashboard=False,
                 log_to_driver=False)
    try:
        remote = ray.remote(num_cpus=1)(run_cell)
        waiting = [remote.remote(cell, threads) for cell in cells]
        while waiting:
            ready, waiting = ray.wait(waiting, num_returns=1)
            yield ray.get(ready[0])
    finally:
        if started:
            ray.shutdown()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
