"""Report hook of the NAB diagnostic `timeseries-nab-hidden` (issue 6): the LSTM GAN (and its ALGAN variant) and
the LSTM autoencoder with wider LSTMs (hidden 100 per direction, as Orion's TadGAN) at our budget, beside the main
table's hidden-32 runs and TadGAN's published F1, on the same 29 reported series and the same tuned options."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeseries import PER_SUBSET, SUBSETS  # noqa: E402
from timeseries_budget import (  # noqa: E402
    OWN,
    Arm,
    budget_rows,
    has_family,
    has_own,
    has_per_subset,
    main_runs,
    table,
    target_check,
    verdict,
)
from timeseries_cells import store_runs  # noqa: E402

HIDDEN = Arm("+hidden100", "hidden 32", "hidden 100", "width")
OWN_TEXT = ("; the rows with own tuned options, run later: the width candidates put through the tuning protocol, "
            "each with its own scoring and interval options chosen on the tuning series (hidden 100; the LSTM GAN's "
            "30 epochs and EMA as its main setting; benchmarks/timeseries_candidates.py), compared with the main "
            "table's setting")
SUBSET_OWN_TEXT = ("; the per-subset rows with own options: each subset's best options of the candidate on that "
                   "subset's 4 tuning series (as the main table's +subset rows)")


def has_subset_own(runs: pd.DataFrame) -> bool:
    """Whether any method of the runs uses its tuning candidate's own options chosen per subset."""
    return bool(runs["method"].map(lambda m: PER_SUBSET in m and OWN in m).any())


def hidden_section(cells: pd.DataFrame, experiments: pd.DataFrame) -> str:
    """The `timeseries-hidden` BENCHMARKS.md section."""
    from smallgan.report.sections import provenance

    wide = store_runs(cells, experiments)
    if wide.empty:
        return provenance(cells, experiments)
    rows = budget_rows(wide, main_runs(), HIDDEN)
    subsets = [s for s in SUBSETS if s in set(wide["subset"])]
    per_subset = has_per_subset(wide)
    text = ["## NAB: the LSTM GAN with wider LSTMs (issue 6 diagnostic)", "", provenance(cells, experiments), "",
            "Does the gap to TadGAN's published F1 come from our smaller networks? Orion's TadGAN uses LSTMs of 100 "
            "units per direction, ours 32: these rows train the LSTM GAN and the LSTM autoencoder"
            + (" (and, run later, the ALGAN variant)" if has_family(wide, "algan") else "")
            + " with hidden 100 at our budget "
            "(series, epochs, windows and the tuned scoring and interval options of the main table; the main "
            "table's hidden-32 runs beside them" + ("; the per-subset rows: each subset's options of the main table's "
                                                    "+subset rows" if per_subset else "") + OWN_TEXT * has_own(wide)
            + SUBSET_OWN_TEXT * has_subset_own(wide) +
            "). Fit seconds: cells run two at a time on the two cores. Overlapping-segment F1, counts pooled over a "
            "subset's series per seed:", "", *table(rows, subsets), "",
            verdict(rows, HIDDEN), "", target_check(rows, arm=HIDDEN)]
    return "\n".join(text).rstrip() + "\n"
