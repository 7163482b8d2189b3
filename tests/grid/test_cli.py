"""`smallgan bench run` and `smallgan report`: thin commands, summaries, clear errors with exit code 2."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from smallgan.cli import app


def spec_file(tmp_path, **changes):
    spec = {"name": "cli", "protocol": "smoke", "metric": "accuracy", "seeds": 2, "datasets": ["blobs-100"],
            "methods": {"a": {"estimator": "none"}, "b": {"estimator": "fail"}}, **changes}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def test_bench_run_then_report(tmp_path):
    runner, db = CliRunner(), tmp_path / "r.sqlite"
    result = runner.invoke(app, ["bench", "run", str(spec_file(tmp_path)), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1, result.output              # the 'fail' cells failed, the grid went on
    assert "cli: 4 cells, 0 already done, 2 ok, 2 failed" in result.output
    assert "FAILED blobs-100 / b / seed 0: RuntimeError" in result.output
    result = runner.invoke(app, ["report", str(db), "--out", str(tmp_path / "html"), "--markdown",
                                 str(tmp_path / "B.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "html" / "index.html").is_file() and "grid-cli" in (tmp_path / "B.md").read_text()


def test_cli_errors_are_messages_not_tracebacks(tmp_path):
    runner = CliRunner()
    bad = spec_file(tmp_path, seeds="many")
    result = runner.invoke(app, ["bench", "run", str(bad), "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "spec.yaml:4: field 'seeds'" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["report", str(tmp_path / "missing.sqlite"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "does not exist" in result.output
    result = runner.invoke(app, ["bench", "run", str(spec_file(tmp_path)), "--backend", "spark"])
    assert result.exit_code == 2 and "unknown backend 'spark'" in result.output
