"""`smallgan detect`: scores CSV, Youden summary, plots, --save / --load round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from smallgan.cli import app


def test_detect_command_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (90, 3)), rng.normal(5, 0.5, (10, 3))])
    y = np.r_[np.zeros(90), np.ones(10)].astype(int)
    np.savez(tmp_path / "rows.npz", X=X, y=y)
    runner = CliRunner()
    first = runner.invoke(app, ["detect", str(tmp_path / "rows.npz"), "--method", "ganomaly", "--epochs", "15",
                                "--out", str(tmp_path / "scores.csv"), "--plot", "--save", str(tmp_path / "model")])
    assert first.exit_code == 0, first.output
    assert "ROC AUC" in first.output and "Youden" in first.output
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert list(scores.columns) == ["score", "predicted", "label"] and len(scores) == 100
    assert {"scores_roc.png", "scores_histogram.png"} <= {p.name for p in tmp_path.iterdir()}
    second = runner.invoke(app, ["detect", str(tmp_path / "rows.npz"), "--load", str(tmp_path / "model"),
                                 "--out", str(tmp_path / "again.csv")])
    assert second.exit_code == 0, second.output
    np.testing.assert_allclose(pd.read_csv(tmp_path / "again.csv").score, scores.score, rtol=1e-5)


def test_detect_command_reports_bad_method(tmp_path):
    np.save(tmp_path / "rows.npy", np.zeros((20, 2)))
    result = CliRunner().invoke(app, ["detect", str(tmp_path / "rows.npy"), "--method", "nope",
                                      "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 2 and "unknown method" in result.output
