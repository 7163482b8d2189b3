"""`make bench` in small: benchmarks/grid.py runs a smoke spec whose section comes from a report hook, exports the
raw rows, and `--report-only` rebuilds the same section and report from those CSV files alone."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]


def smoke_hook(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """A report hook: one line per method with its mean accuracy, from the store's rows."""
    from smallgan.report.sections import metrics_frame, provenance

    frame = metrics_frame(cells, experiments)
    means = frame.groupby("method", sort=False)["accuracy"].mean()
    return "\n".join(["## Smoke", provenance(cells, experiments), *[f"- {m}: {v:.4f}" for m, v in means.items()]])


def load_grid_script():
    spec = importlib.util.spec_from_file_location("bench_grid_script", ROOT / "benchmarks" / "grid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grid_script_runs_then_rebuilds_from_csv(tmp_path, capsys):
    spec = tmp_path / "smoke.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "smoke-bench", "protocol": "smoke", "metric": "accuracy", "seeds": 2, "section": "smoke",
        "report": "tests.grid.test_bench_script:smoke_hook", "datasets": ["blobs-120", "blobs-240"],
        "methods": {"weak": {"estimator": "none", "params": {"C": 0.01}}, "strong": {"estimator": "none"},
                    "one-dataset": {"estimator": "none", "datasets": ["blobs-120"], "seeds": [5]}}}))
    markdown, results = tmp_path / "BENCHMARKS.md", tmp_path / "results"
    common = ["--specs", str(spec), "--markdown", str(markdown), "--results", str(results), "--out",
              str(tmp_path / "report"), "--no-screenshot"]
    grid = load_grid_script()
    assert grid.main([*common, "--db", str(tmp_path / "grid.sqlite")]) == 0
    first = markdown.read_text()
    assert "<!-- BEGIN smoke -->" in first and "- weak:" in first and "- one-dataset:" in first
    assert "9 finished cells" in first and "imported" not in first
    cells = pd.read_csv(results / "grid_smoke-bench_cells.csv")
    assert len(cells) == 9 and set(cells.loc[cells.method == "one-dataset", "dataset"]) == {"blobs-120"}

    (tmp_path / "grid.sqlite").unlink()
    assert grid.main([*common, "--report-only"]) == 0
    second = markdown.read_text()
    strip = re.compile(r"Written \S+ \S+ UTC")
    assert strip.sub("", second) == strip.sub("", first)
    html = (tmp_path / "report" / "index.html").read_text()
    assert "from <code>benchmarks/results/grid_*_cells.csv (rebuilt by" in html  # not a temporary database
    assert '<section id="section-smoke" class="capability">' in html and "<h2>Smoke</h2>" in html  # the hook's text
