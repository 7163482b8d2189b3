"""SQLite result store: one row per experiment cell, written in one transaction per cell.

The primary key (experiment, cell_key) makes a rerun replace a failed row instead of adding a second one, and a
`kill -9` between two transactions loses at most the cell that was running; nothing half-written survives
(SQLite's rollback journal undoes an interrupted transaction on the next open).

Columns: spec hash, dataset, method, estimator, params (JSON), seed, settings (JSON), metrics (JSON), fit and score
seconds, peak_rss_mb (peak resident memory of the process that ran the cell, up to the cell's end: with joblib
workers that process may have run earlier cells), package versions and machine (JSON), git commit, start and end
time (UTC), status ('ok' or 'failed'), error text and attempts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

SCHEMA_VERSION = 1
_CELL_COLUMNS = ("experiment", "cell_key", "spec_hash", "protocol", "dataset", "method", "estimator", "params",
                 "seed", "settings", "metrics", "fit_seconds", "score_seconds", "peak_rss_mb", "versions",
                 "git_commit", "started_at", "ended_at", "status", "error", "attempts")
_JSON_COLUMNS = ("params", "settings", "metrics", "versions")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS cells (
    experiment TEXT NOT NULL, cell_key TEXT NOT NULL, spec_hash TEXT NOT NULL, protocol TEXT NOT NULL,
    dataset TEXT NOT NULL, method TEXT NOT NULL, estimator TEXT NOT NULL, params TEXT NOT NULL,
    seed INTEGER NOT NULL, settings TEXT NOT NULL, metrics TEXT, fit_seconds REAL, score_seconds REAL,
    peak_rss_mb REAL, versions TEXT, git_commit TEXT, started_at TEXT, ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')), error TEXT, attempts INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (experiment, cell_key));
CREATE TABLE IF NOT EXISTS experiments (
    experiment TEXT PRIMARY KEY, spec_hash TEXT NOT NULL, protocol TEXT NOT NULL, metric TEXT,
    higher_is_better INTEGER NOT NULL, spec TEXT NOT NULL, source TEXT, command TEXT, updated_at TEXT);
"""


class StoreError(RuntimeError):
    """The result database cannot be used (locked, corrupt, or from another program); nothing was changed."""


class ResultStore:
    """Rows of benchmark results in one SQLite file.

    Example:
        >>> store = ResultStore("runs/bench.sqlite")
        >>> store.completed_keys("tabular")            # cell keys that finished with status 'ok'
        >>> store.results("tabular")                   # long DataFrame: one row per cell and metric
    """

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            self._check(connection)

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open result store {self.path}: {error}") from None
        return _ClosingConnection(connection)

    def _check(self, connection: sqlite3.Connection) -> None:
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a readable SQLite result store ({error}); it was left "
                             "untouched: move it away or pass another --db") from None
        if tables and (version != SCHEMA_VERSION or "cells" not in tables):
            raise StoreError(f"{self.path} is a SQLite file but not a smallgan result store (schema version "
                             f"{version}, tables {sorted(tables)}); it was left untouched")
        if not tables:
            self._write(connection, _create_schema)

    def _write(self, connection: sqlite3.Connection, action: Any) -> None:
        """Run `action(connection)` inside one immediate transaction; a clear StoreError if locked."""
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"result store {self.path} is locked by another process (waited {self.timeout:.0f} "
                             f"s): {error}; wait for the other run to finish or use another --db") from None
        try:
            action(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def register_experiment(self, spec: Any, command: str | None = None, when: str | None = None) -> None:
        """Record (or update) an experiment's spec, primary metric and the command that ran it."""
        row = (spec.name, spec.hash, spec.protocol, spec.metric, int(spec.higher_is_better),
               json.dumps(spec.raw, default=str), spec.source, command, when)
        with self._connect() as connection:
            self._write(connection, lambda c: c.execute(
                "INSERT OR REPLACE INTO experiments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row))

    def write_cell(self, record: dict[str, Any]) -> None:
        """Insert or replace one cell row (one transaction); `attempts` counts reruns of the same cell."""
        values = [json.dumps(record.get(c), default=str) if c in _JSON_COLUMNS else record.get(c)
                  for c in _CELL_COLUMNS[:-1]]
        placeholders = ", ".join("?" * (len(_CELL_COLUMNS) - 1))
        sql = (f"INSERT INTO cells ({', '.join(_CELL_COLUMNS[:-1])}) VALUES ({placeholders}) "
               "ON CONFLICT (experiment, cell_key) DO UPDATE SET "
               + ", ".join(f"{c} = excluded.{c}" for c in _CELL_COLUMNS[2:-1]) + ", attempts = attempts + 1")
        with self._connect() as connection:
            self._write(connection, lambda c: c.execute(sql, values))

    def completed_keys(self, experiment: str) -> set[str]:
        """Cell keys of `experiment` whose last run finished with status 'ok'."""
        with self._connect() as connection:
            rows = connection.execute("SELECT cell_key FROM cells WHERE experiment = ? AND status = 'ok'",
                                      (experiment,))
            return {row[0] for row in rows}

    def forget_cells(self, experiment: str, methods: list[str] | None = None, keys: list[str] | None = None) -> int:
        """Delete the cells of `methods` (and / or with cell key in `keys`) in `experiment`, so that the next run
        recomputes them; the number deleted."""
        counts: list[int] = []
        for column, values in (("method", methods), ("cell_key", keys)):
            for start in range(0, len(values or []), 500):  # SQLite caps the number of bound parameters
                chunk = values[start: start + 500]
                sql = f"DELETE FROM cells WHERE experiment = ? AND {column} IN ({', '.join('?' * len(chunk))})"
                with self._connect() as connection:
                    self._write(connection, lambda c, sql=sql, args=(experiment, *chunk): counts.append(
                        c.execute(sql, args).rowcount))
        return sum(counts)

    def experiments(self) -> pd.DataFrame:
        """One row per recorded experiment (name, protocol, metric, spec JSON, command)."""
        with self._connect() as connection:
            return pd.read_sql_query("SELECT * FROM experiments ORDER BY experiment", connection)

    def cells(self, experiment: str | None = None) -> pd.DataFrame:
        """All cell rows (JSON columns decoded), optionally of one experiment."""
        query, args = "SELECT * FROM cells", ()
        if experiment is not None:
            query, args = query + " WHERE experiment = ?", (experiment,)
        with self._connect() as connection:
            frame = pd.read_sql_query(query + " ORDER BY experiment, dataset, method, seed", connection,
                                      params=args)
        for column in _JSON_COLUMNS:
            frame[column] = [json.loads(value) if value else {} for value in frame[column]]
        return frame

    def export_csv(self, cells_path: str | Path, experiments_path: str | Path,
                   experiment: str | None = None, *, max_bytes: int | None = None) -> list[Path]:
        """Write the raw rows (JSON columns as text) to two CSV files, each atomically; returns the cells files.

        With `max_bytes`, a longer cells CSV is split into plain-text parts (`io_utils.write_csv_parts`).
        """
        from ..io_utils import atomic_target, write_csv_parts

        where, args = ("WHERE experiment = ?", (experiment,)) if experiment is not None else ("", ())
        with self._connect() as connection:
            cells = pd.read_sql_query(f"SELECT * FROM cells {where} ORDER BY dataset, method, seed", connection,
                                      params=args)
            experiments = pd.read_sql_query(f"SELECT * FROM experiments {where}", connection, params=args)
        written = write_csv_parts(cells, cells_path, max_bytes, float_format="%.17g")
        with atomic_target(experiments_path) as temporary:
            experiments.to_csv(temporary, index=False, float_format="%.17g")
        return written

    def import_csv(self, cells_path: str | Path, experiments_path: str | Path) -> int:
        """Load rows written by `export_csv` (replacing rows with the same keys; a cells file split into parts is
        read whole); returns the cell count."""
        from ..io_utils import read_csv_parts

        # pandas >= 3 parses floats round-trip by default and deprecates 'float_precision'
        exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
        cells = read_csv_parts(cells_path, dtype={c: str for c in _JSON_COLUMNS + ("cell_key", "spec_hash")}, **exact)
        experiments = pd.read_csv(experiments_path, dtype=str)
        missing = sorted(set(_CELL_COLUMNS) - set(cells.columns))
        if missing:
            raise StoreError(f"{cells_path} is not an export of a result store: columns {missing} are missing")

        def rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple]:
            frame = frame.astype(object).where(frame.notna(), None)
            return [tuple(record) for record in frame[list(columns)].itertuples(index=False)]

        experiment_columns = ("experiment", "spec_hash", "protocol", "metric", "higher_is_better", "spec",
                              "source", "command", "updated_at")
        experiments["higher_is_better"] = experiments["higher_is_better"].astype(int)

        def insert(connection: sqlite3.Connection) -> None:
            connection.executemany(f"INSERT OR REPLACE INTO cells ({', '.join(_CELL_COLUMNS)}) VALUES "
                                   f"({', '.join('?' * len(_CELL_COLUMNS))})", rows(cells, _CELL_COLUMNS))
            connection.executemany(f"INSERT OR REPLACE INTO experiments VALUES "
                                   f"({', '.join('?' * len(experiment_columns))})",
                                   rows(experiments, experiment_columns))

        with self._connect() as connection:
            self._write(connection, insert)
        return len(cells)

    def results(self, experiment: str | None = None) -> pd.DataFrame:
        """Long table of successful cells: experiment, dataset, method, seed, metric, value."""
        frame = self.cells(experiment)
        frame = frame[frame["status"] == "ok"]
        rows: Iterable[tuple] = ((r.experiment, r.dataset, r.method, r.seed, name, float(value))
                                 for r in frame.itertuples() for name, value in r.metrics.items()
                                 if isinstance(value, int | float) and not isinstance(value, bool))
        return pd.DataFrame(list(rows), columns=["experiment", "dataset", "method", "seed", "metric", "value"])


def _create_schema(connection: sqlite3.Connection) -> None:
    for statement in filter(str.strip, _SCHEMA.split(";")):
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


class _ClosingConnection:
    """A sqlite3 connection used as a context manager that closes (not commits) on exit."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __enter__(self) -> sqlite3.Connection:
        return self._connection

    def __exit__(self, *exc: object) -> None:
        self._connection.close()

