"""The benchmark specs (benchmarks/specs/*.yaml): expansion counts, per-method seeds, report hooks, the tabular
protocol run through the runner and rendered by its hook, legacy rows and the computed run-time estimate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from smallgan.grid import ResultStore, load_spec, run_grid
from smallgan.grid.estimate import estimate_seconds
from smallgan.grid.legacy import import_legacy_rows
from smallgan.grid.protocols import get_protocol
from smallgan.grid.runner import validate_spec
from smallgan.grid.spec import SpecError
from smallgan.report.html import write_markdown

SPECS = Path(__file__).resolve().parents[2] / "benchmarks" / "specs"


def test_every_benchmark_spec_is_valid_and_names_a_known_protocol():
    specs = [load_spec(path) for path in sorted(SPECS.glob("*.yaml"))]
    assert len({spec.name for spec in specs}) == len(specs)
    for spec in specs:
        if get_protocol(spec.protocol).checks_datasets:
            pytest.importorskip("smallgan.data")
        validate_spec(spec, get_protocol(spec.protocol))
        assert spec.cells()


def test_tabular_specs_expand_like_the_former_script():
    main = load_spec(SPECS / "tabular_main.yaml")
    # 6 datasets x (7 samplers x 10 repeats + ctgan/tvae x 5 repeats)
    assert len(main.cells()) == 6 * (7 * 10 + 2 * 5)
    assert main.method_seeds == {"ctgan": [0, 1, 2, 3, 4], "tvae": [0, 1, 2, 3, 4]}
    assert (main.section, main.report) == ("tabular", "smallgan.report.tabular:section")
    widths = load_spec(SPECS / "tabular_widths.yaml")
    assert len(widths.methods) == 12 and len(widths.cells()) == 2 * 12 * 4
    assert widths.methods['GAN[loss="dcgan",hidden=[1024,512,256]]'] == (
        "gan", {"epochs": 300, "loss": "dcgan", "hidden": [1024, 512, 256]})
    assert len(load_spec(SPECS / "tabular_scale.yaml").cells()) == 1


@pytest.mark.parametrize(("field", "pattern"), [("report: no_colon", r"report.*module:function"),
                                                ("methods: {a: {estimator: none, seeds: [1, 1]}}", r"seeds repeat")])
def test_report_and_method_seed_errors(tmp_path, field, pattern):
    text = "name: x\nprotocol: smoke\ndatasets: [a]\nmethods: {a: {estimator: none}}\n"
    key = field.split(":")[0]
    text = "\n".join(line for line in text.splitlines() if not line.startswith(key)) + "\n" + field + "\n"
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(SpecError, match=pattern):
        load_spec(tmp_path / "s.yaml")


def tiny_tabular(tmp_path: Path) -> Path:
    path = tmp_path / "tabular.yaml"
    path.write_text(yaml.safe_dump({
        "name": "tabular-main", "section": "tabular", "report": "smallgan.report.tabular:section",
        "protocol": "oversampling", "metric": "balanced_accuracy@tree", "seeds": 3, "datasets": ["breast_cancer"],
        "settings": {"classifiers": ["tree", "logreg"], "minority_cap": 20, "split_seed": 0, "test_size": 0.3},
        "methods": {"none": {"estimator": "none"}, "smote": {"estimator": "smote"},
                    "gan": {"estimator": "gan", "params": {"epochs": 2, "hidden": [16], "n_critic": 1}}}}))
    return path


def test_tabular_hook_renders_the_runner_rows_and_the_estimate_extrapolates(tmp_path):
    db = tmp_path / "store.sqlite"
    path = tiny_tabular(tmp_path)
    summary = run_grid(path, db, progress=False, command="pytest")
    assert (summary.ok, summary.failed) == (9, 0)
    target = tmp_path / "BENCHMARKS.md"
    assert write_markdown(db, target) == ["tabular"]
    text = target.read_text()
    assert "<!-- BEGIN tabular -->" in text and "grid-tabular-main" not in text
    assert "### Downstream scores" in text and "| breast_cancer | smote |" in text
    assert "Does the GAN help?" in text and "| breast_cancer | logreg | smote |" in text
    assert "`gan` = `GANOverSampler {" in text and '"hidden":[16]' in text
    assert "imported" not in text and "9 finished cells" in text
    path.write_text(yaml.safe_dump(yaml.safe_load(path.read_text()) | {"seeds": 5}))  # 6 cells not run yet
    estimate = estimate_seconds([load_spec(path)], ResultStore(db))
    assert (estimate.stored, estimate.extrapolated, estimate.unknown, estimate.untimed) == (9, 6, 0, 0)
    assert "h (tabular-main" in estimate.text()


def test_legacy_rows_are_marked_skipped_and_replaceable(tmp_path):
    spec = load_spec(tiny_tabular(tmp_path))
    legacy = pd.DataFrame([{"dataset": "breast_cancer", "method": "smote", "seed": s, "classifier": c,
                            "fit_seconds": 1.0, "n_synthetic": 5, "balanced_accuracy": 0.5, "f1": 0.5, "recall": 0.5,
                            "error": ""} for s in range(3) for c in ("tree", "logreg")])
    db = tmp_path / "store.sqlite"
    store = ResultStore(db)
    assert import_legacy_rows(store, spec, legacy, shared=("fit_seconds", "n_synthetic"), origin="x.csv") == 3
    row = store.cells().iloc[0]
    assert row.metrics["balanced_accuracy@logreg"] == 0.5 and row.versions["source"] == "legacy-script"
    assert run_grid(spec, db, progress=False).skipped == 3
    target = tmp_path / "B.md"
    write_markdown(db, target)
    assert "**3 rows were imported from the former benchmark script's CSVs**" in target.read_text()
    estimate = estimate_seconds([spec], store)
    assert (estimate.stored, estimate.extrapolated, estimate.unknown) == (9, 0, 0) and estimate.total > 0
    assert run_grid(spec, db, progress=False, replace_legacy=True).ok == 3
    assert {v.get("source") for v in store.cells()["versions"]} == {None}
