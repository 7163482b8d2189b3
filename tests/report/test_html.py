"""HTML report and BENCHMARKS.md sections built from a small real store; rendering checked in headless Chromium."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from smallgan.grid import ResultStore, StoreError, register_protocol, run_grid
from smallgan.grid.protocols import PROTOCOLS
from smallgan.report.browser import check_page, find_chromium
from smallgan.report.html import build_report, load_summaries, write_markdown


def designed_cell(dataset, method, params, seed):
    """Known truth: 'weak' is 0.2 below the others on every seed; 'medium' and 'strong' are close."""
    noise = np.random.default_rng([seed, len(dataset)]).normal(0, 0.01, 2)
    return {"accuracy": params["level"] + noise[0], "draw": float(noise[1]), "fit_seconds": 0.01}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "toy", "protocol": "designed", "metric": "accuracy", "report_metrics": ["draw"], "seeds": 7,
        "description": "three methods of known quality",
        "datasets": ["blobs-100", "blobs-3000", "blobs-600000"],
        "methods": {"GAN-like weak": {"estimator": "none", "params": {"level": 0.6}},
                    "medium": {"estimator": "none", "params": {"level": 0.79}},
                    "strong": {"estimator": "none", "params": {"level": 0.8}}}}))
    db = folder / "results.sqlite"
    register_protocol("designed", designed_cell, None, checks_datasets=False)
    try:
        run_grid(spec, db, progress=False, command="smallgan bench run spec.yaml")
    finally:
        PROTOCOLS.pop("designed")
    return db


def test_summary_marks_best_and_significantly_worse(store):
    (summary,) = load_summaries(store)
    assert summary.methods == ["GAN-like weak", "medium", "strong"]
    assert len(summary.rows) == 3 and summary.min_p == pytest.approx(2 / 2**7)
    assert all(sum(cell["best"] for cell in row["cells"]) == 1 for row in summary.rows)
    assert all(row["cells"][0]["worse"] and not row["cells"][0]["best"] for row in summary.rows)
    assert all(row["best"] in ("medium", "strong") for row in summary.rows)
    assert summary.ranking[-1]["method"] == "GAN-like weak" and summary.ranking[-1]["verdict"] == "worse"
    assert summary.cd is not None and summary.cd["cd"] > 0


def test_report_files_and_markdown_section(store, tmp_path):
    index = build_report(store, tmp_path / "report")
    html = index.read_text()
    assert html.count("<table") == 2 and "toy" in html and 'class="best"' in html
    assert sorted(p.name for p in (tmp_path / "report" / "figures").iterdir()) == ["toy-box.png", "toy-cd.png"]
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# smallgan benchmarks\n\n<!-- BEGIN other -->\nkeep me\n<!-- END other -->\n")
    assert write_markdown(store, target) == ["grid-toy"]
    text = target.read_text()
    assert "keep me" in text and "<!-- BEGIN grid-toy -->" in text
    assert "smallgan bench run spec.yaml" in text and "| blobs-3000 |" in text and "torch" in text
    assert "the best method is" in text or "has the best mean" in text


def test_failed_build_leaves_previous_report(store, tmp_path, monkeypatch):
    out = tmp_path / "report"
    build_report(store, out)
    before = (out / "index.html").read_text()

    def broken(*args, **kwargs):
        raise RuntimeError("plotting failed")

    monkeypatch.setattr("smallgan.report.bench_plots.seed_box_plots", broken)
    with pytest.raises(RuntimeError, match="plotting failed"):
        build_report(store, out)
    assert (out / "index.html").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_empty_or_missing_store_gives_clear_message(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        build_report(tmp_path / "none.sqlite", tmp_path / "out")
    ResultStore(tmp_path / "empty.sqlite")
    with pytest.raises(StoreError, match="has no results yet"):
        build_report(tmp_path / "empty.sqlite", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed (Debian package `chromium`)")
def test_report_renders_in_headless_chromium(store, tmp_path, tmp_path_factory):
    extra = tmp_path / "extra"
    extra.mkdir()
    (tmp_path / "report").mkdir()
    import shutil

    shutil.copy(build_report(store, tmp_path / "report").parent / "figures" / "toy-cd.png", extra / "roc.png")
    (extra / ".partial.png").write_bytes(b"")          # another writer's unfinished temporary file: skipped
    index = build_report(store, tmp_path / "report", extra_figures=extra)
    screenshot = tmp_path / "report-screenshot.png"
    check = check_page(index, screenshot=screenshot)
    assert check.console == []
    assert check.images_total == 3 and check.images_loaded == 3
    assert check.tables == 2
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot for a person to look at: {screenshot}")


@pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed (Debian package `chromium`)")
def test_browser_check_catches_broken_images(tmp_path):
    page = tmp_path / "index.html"
    html = (build_report.__globals__["Path"](__file__).parents[2] / "src/smallgan/report/templates/report.html")
    script = html.read_text().split("<script>")[1].split("</script>")[0]
    page.write_text(f"<html><body><img src='missing.png'><script>{script}</script></body></html>")
    check = check_page(page)
    assert (check.images_total, check.images_loaded) == (1, 0)
    assert any("image failed to load" in line for line in check.console)
