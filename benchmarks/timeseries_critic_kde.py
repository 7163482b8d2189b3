"""Report hook of the NAB diagnostic `timeseries-nab-critic-kde` (issue 6): the LSTM GAN with Orion's per-point
critic score (the KDE mode of the covering windows' critic scores, `critic_agg="kde"`) beside the main table's
(their median), on the same 29 reported series, seeds and tuned options."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import SUBSETS  # noqa: E402
from timeseries_budget import Arm, budget_rows, main_runs, table, verdict  # noqa: E402
from timeseries_cells import store_runs  # noqa: E402
from timeseries_ensemble_grid import paired_line, single_fit_text, target_line  # noqa: E402

KDE = Arm("+kde", "critic median per point", "critic KDE mode per point (Orion)", "scoring")


def critic_kde_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-critic-kde` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    runs = store_runs(cells, experiments)
    if runs.empty:
        return provenance(cells, experiments)
    main = main_runs()
    rows = budget_rows(runs, main, KDE)
    subsets = [s for s in SUBSETS if s in set(runs["subset"])]
    text = ["## NAB: the LSTM GAN with Orion's per-point critic score (issue 6 diagnostic)", "",
            provenance(cells, experiments), "",
            "Orion's TadGAN gives each time point the mode (a Gaussian KDE evaluated at the values) of the critic "
            "scores of the windows covering it; the main table took their median. `LSTMGANDetector(critic_agg="
            "\"kde\")` does Orion's; the series, settings, tuned options (DTW error times the critic score, k = 4) "
            "and seeds are the main table's. Fit seconds (scoring included): cells run two at a time"
            + single_fit_text() + ". Overlapping-segment F1, counts pooled over a subset's series per seed:", "",
            *table(rows, subsets), ""]
    if not main.empty:
        what = "the KDE critic"
        text += [verdict(rows, KDE), "", "KDE critic: " + paired_line(runs, main, what, ""), "",
                 "KDE critic: " + target_line(runs, main, what)]
    return "\n".join(text).rstrip() + "\n"
