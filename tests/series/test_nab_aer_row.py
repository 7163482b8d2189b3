"""The NAB main table's AER-style row: the LSTM autoencoder with the regression head and its candidate's options."""

import json
from pathlib import Path

import pandas as pd

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _tuning_rows(timeseries_tune, means: dict[str, tuple[float, float]]) -> pd.DataFrame:
    subsets = list(timeseries_tune.SUBSETS)
    return pd.DataFrame([{"method": method, "rec_error": "dtw", "combine": "rec", "k": k, "padding_raw": "orion",
                          "min_percent": 0.1, "score_window": 10, "mean_f1": mean, "mean_f1_seed100": mean,
                          **dict.fromkeys(subsets, mean)} for method, (k, mean) in means.items()])


def test_tuning_writes_the_aer_row_beside_the_autoencoder_never_in_its_place(monkeypatch, tmp_path):
    """The candidate of an own row (OWN_ROWS) gets its own entry with its training parameters, per subset too, and
    does not replace its base method even when far above it; the CLI file drops what a detector does not take."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_tune

    for name in ("TUNED", "TUNED_SUBSETS", "CLI_OPTIONS"):
        monkeypatch.setattr(timeseries_tune, name, tmp_path / f"{name}.json")
    candidate = timeseries_tune.OWN_ROWS["aer"]
    noise = timeseries_tune.REFIT_NOISE
    rows = _tuning_rows(timeseries_tune, {"lstm-ae": (4.0, 0.5), candidate: (3.0, 0.5 + 3 * noise)})
    best = timeseries_tune.write_best(rows, ("rec_error", "combine", "k", "padding_raw", "min_percent"))
    assert best["lstm-ae"]["k"] == 4.0 and "regression" not in best["lstm-ae"]
    assert best["aer"]["k"] == 3.0 and best["aer"]["regression"] == 1.0 and best["aer"]["score_window"] == 10
    per_subset = json.loads((tmp_path / "TUNED_SUBSETS.json").read_text())
    assert set(per_subset) == {"lstm-ae", "aer"} and all(o["regression"] == 1.0 for o in per_subset["aer"].values())
    cli = json.loads((tmp_path / "CLI_OPTIONS.json").read_text())
    assert "combine" in best["aer"] and "combine" not in cli["aer"]  # the autoencoder has no critic to combine
    assert cli["aer"]["epochs"] == timeseries_tune.BENCH["epochs"] and "n_critic" not in cli["aer"]


def test_report_describes_the_aer_row_only_when_it_ran(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import timeseries_report_notes
    import timeseries_tune

    candidate = timeseries_tune.OWN_ROWS["aer"]
    rows = _tuning_rows(timeseries_tune, {"lstm-ae": (4.0, 0.5), candidate: (3.0, 0.6)})
    monkeypatch.setattr(timeseries_tune, "tuning_table", lambda: rows)
    runs = pd.DataFrame([{"method": "aer", "options": json.dumps({"reg_combine": "sum"})},
                         {"method": "lstm-ae", "options": "{}"}])
    text = timeseries_report_notes.aer_row_note(runs)
    assert "best mean F1 0.600 against the LSTM autoencoder's 0.500" in text and "their mean" in text
    assert timeseries_report_notes.aer_row_note(runs[runs["method"] != "aer"]) == ""
