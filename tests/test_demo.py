import json

import pandas as pd

from smallgan.demo import run_demo


def test_demo_writes_tables_figures_and_synthetic_rows(tmp_path):
    lines = []
    run = run_demo(tmp_path, repeats=2, epochs=3, minority_cap=10, verbose=False, echo=lines.append)
    names = {p.name for p in run.iterdir()}
    assert {"downstream_results.csv", "synthetic_minority.csv", "histograms.png", "training.png",
            "column_distances.csv", "quality.json"} <= names
    results = pd.read_csv(run / "downstream_results.csv")
    assert set(results["sampler"]) == {"none", "random", "smote", "adasyn", "borderline-smote", "gan"}
    assert (results["n_train_minority"] == 10).all()
    synthetic = pd.read_csv(run / "synthetic_minority.csv")
    assert synthetic.shape == (212, 30)
    assert 0.0 <= json.loads((run / "quality.json").read_text())["detectability_auc"] <= 1.0
    assert any("gan vs smote" in line for line in lines)
    assert not [p for p in run.iterdir() if p.name.startswith(".")]  # no temporary files left
