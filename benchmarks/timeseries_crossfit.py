"""The NAB tuning the other way round (issue 6 protocol check): the main table's scoring and interval options were
chosen on the 24 tuning series and reported on the other 29; here the same protocol chooses them on those 29 (the
`reported` fold, seeds 100 and 101, the training settings held at the main table's choice) for the 24. Every one of
the 53 series is then scored with options chosen on series it is not part of: the cross-fitted F1 that Orion's
all-series protocol can be set against without the in-sample bias of the tuning series.

    M=lstmgan-e30-ema95,algan,lstm-ae,lstm-ae-reg,iforest-res,zscore   # CANDIDATES
    nice -n 5 .venv/bin/python benchmarks/timeseries_tune.py --fold reported --collect --seeds 100 --methods $M
    nice -n 5 .venv/bin/python benchmarks/timeseries_tune.py --fold reported --collect --seeds 101 --methods $M
    nice -n 5 .venv/bin/python benchmarks/timeseries_tune.py --fold reported --methods $M    # sweep and choose
then the `+crossfit` rows of benchmarks/specs/timeseries_nab_tuning_series.yaml (`make bench-ts-all`).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CACHE = ROOT / "benchmarks" / ".cache" / "timeseries_tune_reported"
OUT = RESULTS / "timeseries_tuning_reported.csv"
TUNED = RESULTS / "timeseries_tuned_reported.json"
TUNED_SUBSETS = RESULTS / "timeseries_tuned_subsets_reported.json"
# the training settings the main tuning chose (timeseries_tuned.json) and the AER-style row's candidate: only the
# scoring and interval options are chosen again
CANDIDATES = ("lstmgan-e30-ema95", "algan", "lstm-ae", "lstm-ae-reg", "iforest-res", "zscore")


def use_reported_fold(tune: ModuleType) -> list[str]:
    """Point the tuning module (`timeseries_tune`) at the reported fold's cache and output files; the fold's
    series."""
    from timeseries import reported_series

    tune.CACHE, tune.OUT, tune.TUNED, tune.TUNED_SUBSETS = CACHE, OUT, TUNED, TUNED_SUBSETS
    tune.CLI_OPTIONS = CACHE / "cli_options.json"  # the CLI file stays the main tuning's
    return [name for _, name in reported_series()]


def crossfit_options(method: str, subset: str | None = None) -> dict:
    """The options of `method` chosen on the reported fold (those of `subset` if given)."""
    if not TUNED.exists():
        raise FileNotFoundError(f"no options chosen on the reported fold yet ({TUNED.name}); run "
                                "benchmarks/timeseries_tune.py --fold reported")
    if subset is not None:
        return json.loads(TUNED_SUBSETS.read_text())[method][subset]
    return json.loads(TUNED.read_text())[method]


def ceiling_line(labels: dict[str, str], reference: dict[str, float], subsets: dict[str, str]) -> str:
    """The in-sample ceiling on the reported series: per candidate, the best option set's mean F1 on those series
    (the reported fold's own tuning seeds) and on how many subsets it passes `reference` (TadGAN's published F1)."""
    from smallgan.io_utils import csv_parts, read_csv_parts
    from timeseries_candidates import OWN_ROWS, choosable_rows, top_row, variant

    if not csv_parts(OUT):
        return ""
    table = choosable_rows(read_csv_parts(OUT, dtype={"padding_raw": str}))
    rows = {candidate: name for name, candidate in OWN_ROWS.items()}
    parts = []
    for candidate in CANDIDATES:
        best = top_row(table, candidate)
        above = [subsets[s] for s in subsets if subsets[s] in reference and best[s] > reference[subsets[s]]]
        label = labels[rows.get(candidate, variant(candidate)[0])]
        parts.append(f"{label} {best['mean_f1']:.3f} ({len(above)} of {len(reference)} above TadGAN"
                     + (f": {', '.join(above)}" if above else "") + ")")
    return ("- In-sample ceiling on the held-out 29: the best option set of the reported fold's grid on those series "
            "themselves (seeds 100 and 101), mean F1: " + "; ".join(parts) + ".")
