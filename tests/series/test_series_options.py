import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from smallgan.cli import app
from smallgan.detect.series_options import load_options, padding_points, resolve_options


def test_load_options_names_each_problem(tmp_path):
    good = tmp_path / "tuned.json"
    good.write_text(json.dumps({"zscore": {"k": 5.0}, "lstmgan": {"k": 4.0}}))
    assert load_options(good, "zscore") == {"k": 5.0}
    with pytest.raises(ValueError, match=r"no options for method 'algan'; it has \['lstmgan', 'zscore'\]"):
        load_options(good, "algan")
    with pytest.raises(ValueError, match="not found"):
        load_options(tmp_path / "absent.json", "zscore")
    (tmp_path / "corrupt.json").write_bytes(b"{\"zscore\": {\"k\": 5.0")
    with pytest.raises(ValueError, match="is not valid JSON"):
        load_options(tmp_path / "corrupt.json", "zscore")
    (tmp_path / "flat.json").write_text(json.dumps({"k": 5.0}))
    with pytest.raises(ValueError, match="must map method names to option objects"):
        load_options(tmp_path / "flat.json", "zscore")


def test_resolve_options_applies_orion_padding_and_resolution_to_the_series():
    stamps = pd.Series(pd.date_range("2022-01-01", periods=4032, freq="5min"))  # a 5-min month, as NAB's
    # Orion's padding: 50 points of 10 min = 100 original points; averaged to 1000 points (x5): 20
    params = resolve_options({"k": 4.0, "padding_raw": "orion", "ema": 0.95}, "lstmgan", stamps, max_points=1000)
    assert params == {"k": 4.0, "ema": 0.95, "padding": 20, "max_points": 1000}
    assert params["padding"] == padding_points(4032, 1000, "orion", 300)
    # Orion's resolution (10 min: x2) capped at 2100 points, and the padding on that series: 50 points
    params = resolve_options({"padding_raw": "orion", "resolution": 2100}, "iforest", stamps)
    assert params == {"padding": 50, "max_points": 2016}
    assert resolve_options({"k": 3.0}, "zscore", np.arange(10)) == {"k": 3.0}  # nothing to resolve


def test_resolve_options_rejects_unknown_options_and_positions_for_time_rules():
    stamps = pd.Series(pd.date_range("2022-01-01", periods=100, freq="h"))
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['ema'\] for method 'zscore'"):
        resolve_options({"ema": 0.95}, "zscore", stamps)  # the z-score has no weights to average
    with pytest.raises(ValueError, match=r"\['padding_raw'\] need datetime time stamps"):
        resolve_options({"padding_raw": "orion"}, "zscore", np.arange(100))
    with pytest.raises(ValueError, match="unknown method 'arima'"):
        resolve_options({}, "arima", stamps)


def test_detect_series_cli_takes_an_option_file_and_explicit_flags_win(tmp_path):
    """--options sets k, the padding (10 original points) and the gate; --padding on the command line replaces it."""
    values = np.sin(np.arange(300) / 4.0)
    values[150] += 5.0
    pd.DataFrame({"time": pd.date_range("2022-03-01", periods=300, freq="10min"), "cpu": values}).to_csv(
        tmp_path / "cpu.csv", index=False)
    (tmp_path / "options.json").write_text(json.dumps({"zscore": {"k": 4.0, "padding_raw": 10, "global_k": 5.0}}))
    common = ["detect-series", str(tmp_path / "cpu.csv"), "--timestamp-col", "time", "--value-col", "cpu",
              "--method", "zscore", "--window-size", "20", "--options", str(tmp_path / "options.json"), "--out"]
    from_file = CliRunner().invoke(app, [*common, str(tmp_path / "a.csv")])
    explicit = CliRunner().invoke(app, [*common, str(tmp_path / "b.csv"), "--padding", "3"])
    assert from_file.exit_code == 0 and explicit.exit_code == 0, from_file.output + explicit.output
    a, b = pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv")
    assert (a.start_index.tolist(), a.end_index.tolist()) == ([140], [160])  # the spike at 150, padded by 10
    assert (b.start_index.tolist(), b.end_index.tolist()) == ([147], [153])  # padded by 3
    bad = CliRunner().invoke(app, [*common[:-3], "--options", str(tmp_path / "cpu.csv")])
    assert bad.exit_code == 2 and "is not valid JSON" in bad.output
