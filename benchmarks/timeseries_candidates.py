"""Training candidates and choice rules of the NAB tuning (benchmarks/timeseries_tune.py): which settings compete,
which are never chosen and why, the guards against rewarding long intervals and refit noise, and the CLI option file.
"""

from __future__ import annotations

import pandas as pd

# training candidates: name -> (method, detector parameters over BENCH); each competes with its base method
VARIANTS = {"lstmgan-e30": ("lstmgan", {"epochs": 30}), "lstm-ae-e30": ("lstm-ae", {"epochs": 30}),
            "lstmgan-e40c1": ("lstmgan", {"epochs": 40, "n_critic": 1}),
            "lstmgan-e30lr5": ("lstmgan", {"epochs": 30, "lr": 5e-4}),
            "lstmgan-e30w25": ("lstmgan", {"epochs": 30, "warmup": 0.25}),
            "lstmgan-e10s1": ("lstmgan", {"epochs": 10, "train_step": 1}),
            "lstmgan-e24c3": ("lstmgan", {"epochs": 24, "n_critic": 3}),
            "lstmgan-e45b64": ("lstmgan", {"epochs": 45, "batch_size": 64}),
            "lstmgan-e22b64": ("lstmgan", {"epochs": 22, "batch_size": 64}),
            # lazy gradient penalty (gp_every), with the one-call critic step (fits after commit dc2b571)
            "lstmgan-e45b64g4": ("lstmgan", {"epochs": 45, "batch_size": 64, "gp_every": 4}),
            "lstmgan-e45b64g2": ("lstmgan", {"epochs": 45, "batch_size": 64, "gp_every": 2}),
            "lstmgan-e30-1call": ("lstmgan", {"epochs": 30}),
            "lstmgan-e45b64-1call": ("lstmgan", {"epochs": 45, "batch_size": 64}),
            # Orion's resolution (10 min or the native step), at most 2100 points: every method, one protocol
            "lstmgan-e30-res": ("lstmgan", {"epochs": 30, "resolution": 2100}),
            "algan-res": ("algan", {"resolution": 2100}), "lstm-ae-res": ("lstm-ae", {"resolution": 2100}),
            "zscore-res": ("zscore", {"resolution": 2100}), "iforest-res": ("iforest", {"resolution": 2100}),
            # scored with an exponential moving average of the encoder / generator weights (decay 0.95 or 0.99)
            "lstmgan-e30-ema95": ("lstmgan", {"epochs": 30, "ema": 0.95}),
            "lstmgan-e30-ema99": ("lstmgan", {"epochs": 30, "ema": 0.99}),
            "lstm-ae-ema95": ("lstm-ae", {"ema": 0.95}),
            "lstmgan-e30-recheck": ("lstmgan", {"epochs": 30}), "lstm-ae-recheck": ("lstm-ae", {}),
            # refits after the faster TadGAN step (commit 936267f: other dropout masks and noise order)
            "lstmgan-e30-ema95-fast": ("lstmgan", {"epochs": 30, "ema": 0.95}),
            "lstmgan-e30-fast": ("lstmgan", {"epochs": 30}),
            # wider LSTMs (hidden 100 per direction, Orion's TadGAN; our default 32): the width diagnostic's lead
            # (benchmarks/specs/timeseries_nab_hidden.yaml) put through the tuning protocol (session 11)
            "lstmgan-e30-ema95-h100": ("lstmgan", {"epochs": 30, "ema": 0.95, "hidden": 100}),
            "algan-h100": ("algan", {"hidden": 100}), "lstm-ae-h100": ("lstm-ae", {"hidden": 100}),
            # the main LSTM GAN setting with AER's bidirectional regression head (each window's code also predicts
            # the point before and after it; its error joins the score, `reg_combine`), 2026-12-04
            "lstmgan-e30-ema95-reg": ("lstmgan", {"epochs": 30, "ema": 0.95, "regression": 1.0}),
            # the same head on the LSTM autoencoder (an AER-style model: its GAN-free peer)
            "lstm-ae-reg": ("lstm-ae", {"regression": 1.0})}
# why a candidate is never chosen whatever its F1 (shown in the report)
VARIANT_NOTES = {"lstmgan-e45b64": "fit time over the LSTM-autoencoder budget (timed next to the 30-epoch GAN; "
                                   "with the one-call critic step too: benchmarks/results/timeseries_speed.csv), "
                                   "not chosen",
                 # refits after commit dc2b571 (one critic call per critic): does the step change alter the F1?
                 "lstmgan-e30-1call": "the chosen setting refitted with the one-call critic step, a check",
                 "lstmgan-e45b64-1call": "refitted with the one-call critic step, a check; over the fit budget",
                 # refits on the machine of the EMA candidates (its float paths differ): their same-machine reference
                 "lstmgan-e30-recheck": "the chosen setting refitted next to the EMA candidates, a check",
                 "lstm-ae-recheck": "the chosen setting refitted next to the EMA candidates, a check",
                 "lstmgan-e30-ema95-fast": "the chosen setting refitted with the faster step, a check",
                 "lstmgan-e30-fast": "the earlier choice (no EMA) refitted with the faster step, a check",
                 # fits cached beside the chosen hidden-32 autoencoder's on one machine: over 5x its seconds
                 "lstmgan-e30-ema95-h100": "fit time over 5x the chosen (hidden-32) LSTM autoencoder's, not chosen; "
                                           "run on the reported series with its own options in the width "
                                           "diagnostic",
                 # a diagnostic first: run on the reported series with its own options (timeseries_regression.py)
                 "lstmgan-e30-ema95-reg": "the regression head, a diagnostic run with its own options beside the "
                                          "main table, not chosen",
                 # run as its own row (the main table's AER-style autoencoder), never in place of the baseline
                 "lstm-ae-reg": "the regression head on the autoencoder (AER-style): the main table's AER-style row "
                                "with its own options, not a replacement for the LSTM autoencoder baseline"}
# main-table rows that run a candidate with its own options beside its base method (never in its place): the row's
# name (a smallgan method of the same detector) -> the candidate; their options join the tuned and CLI option files
OWN_ROWS = {"aer": "lstm-ae-reg"}
BASELINES = ("zscore", "iforest")
# a wider k grid for the baselines, whose scores are not TadGAN's spikes (IForest's window means are smooth bumps that
# mean + 3 std seldom passes; the rolling z-score flags a quarter of the points at k = 5)
BASELINE_EXTRA_K = [2.5, 2.0, 1.5, 1.0, 0.5, 0.0, 6.0, 8.0]
# the overlapping-segment F1 does not penalise long intervals (at k = 0 a rolling z-score flags 92% of the points and
# scores 0.72 on the tuning series): option sets flagging more than twice NAB's labelled share (10% of each series)
# on average are not chosen
FLAGGED_CAP = 0.2
# refits of one setting after numerics-only changes moved its tuning mean F1 between 0.689 and 0.721: a training
# candidate replaces its base method only when its best mean F1 is more than this above the base's
REFIT_NOISE = 0.03
NEURAL = ("lstmgan", "algan", "lstm-ae", *(name for name, (base, _) in VARIANTS.items() if base not in BASELINES))
BENCH = dict(window_size=100, epochs=15, train_step=3, n_critic=2, batch_size=32, max_points=1000)
# the swept scoring (series_scoring.ScoreOptions) and interval options: the columns a chosen option set is read from
OPTION_KEYS = ("rec_error", "combine", "smooth", "edge", "reg_combine", "k", "padding_raw", "min_percent", "global_k")


def variant(method: str) -> tuple[str, dict]:
    """(detector method, training parameters over BENCH) of a tuning candidate."""
    return VARIANTS.get(method, (method, {}))


def cli_options(best: dict[str, dict]) -> dict[str, dict]:
    """Per method: the benchmark's settings (`BENCH`) under its tuned options, both only where the method takes them
    (the benchmark passes every option and the detector ignores the others, e.g. `combine` for the autoencoders,
    which have no critic; `detect-series --options` rejects them)."""
    from smallgan.detect.series_options import AVERAGING_OPTIONS, PROTOCOL_OPTIONS, detector_parameters
    from smallgan.detect.series_pipeline import INTERVAL_OPTIONS

    def taken(method: str) -> set[str]:
        return detector_parameters(method) | set(AVERAGING_OPTIONS) | set(PROTOCOL_OPTIONS) | set(INTERVAL_OPTIONS)

    return {method: {k: v for k, v in (BENCH | options).items() if k in taken(method)}
            for method, options in best.items()}


def gate_effect(rows: pd.DataFrame) -> tuple[float, float, bool] | None:
    """(best mean F1 without the global gate, with it, whether the gate helps: more than `REFIT_NOISE` above) of one
    method's tuning rows; None unless both kinds of rows are there."""
    gated = rows["global_k"].notna()
    if not gated.any() or gated.all():
        return None
    without, with_gate = rows.loc[~gated, "mean_f1"].max(), rows.loc[gated, "mean_f1"].max()
    return without, with_gate, bool(with_gate > without + REFIT_NOISE)


def drop_unhelpful_gate(table: pd.DataFrame) -> pd.DataFrame:
    """The tuning rows without the rows of the global gate (`global_k`) of each method whose best gated mean F1 is not
    more than `REFIT_NOISE` above its best ungated one: the gate joins a method's options only when it clearly helps
    (then its per-subset choices may use it too)."""
    if "global_k" not in table:
        return table
    keep = pd.Series(True, index=table.index)
    for _, rows in table.groupby("method"):
        effect = gate_effect(rows)
        if effect is not None and not effect[2]:
            keep[rows.index[rows["global_k"].notna()]] = False
    return table[keep]


def choosable_rows(table: pd.DataFrame, gate_rule: bool = True) -> pd.DataFrame:
    """The tuning rows an option set may be chosen from: the protocol's padding, at most `FLAGGED_CAP` of the points
    flagged (rows swept before the share was recorded have none and stay) and, with `gate_rule`, gated rows only
    where the gate helps (`drop_unhelpful_gate`)."""
    from timeseries import PADDING_RAW

    table = table[table.padding_raw == PADDING_RAW]
    if "flagged" in table:
        table = table[~(table["flagged"] > FLAGGED_CAP)]
    return drop_unhelpful_gate(table) if gate_rule else table


def top_row(table: pd.DataFrame, method: str, subset: str | None = None) -> pd.Series:
    """The best row of `method` (mean F1, or F1 on `subset` then mean F1); ties keep the table's order."""
    rows = table[table.method == method]
    if rows.empty:
        raise ValueError(f"no tuning rows for {method!r}; tuned: {sorted(set(table.method))}")
    return rows.sort_values([subset, "mean_f1"] if subset else "mean_f1", ascending=False, kind="stable").iloc[0]


def row_options(row: pd.Series, method: str, options: tuple[str, ...] = OPTION_KEYS) -> dict:
    """A tuning row as detector options (with the candidate's training parameters)."""
    chosen = {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in options
              if k in row.index and pd.notna(row[k])}
    if method in NEURAL:
        chosen["score_window"] = int(row["score_window"])
    return chosen | variant(method)[1]


def candidate_options(method: str, subset: str | None = None) -> dict:
    """The options a tuning candidate gets when run on the reported series whether chosen or not: its best choosable
    row on the tuning series (mean F1; with `subset`, that subset's F1), with its training parameters."""
    from timeseries_tune import tuning_table

    if method not in VARIANTS:
        raise ValueError(f"unknown tuning candidate {method!r}; known: {sorted(VARIANTS)}")
    return row_options(top_row(choosable_rows(tuning_table()), method, subset), method)


def choose_winners(table: pd.DataFrame) -> dict[str, str]:
    """Per base method, the training candidate whose options are carried over (`choosable_rows` of the tuning
    table): never one in `VARIANT_NOTES`, nor one within `REFIT_NOISE` of its base's best mean F1, nor one screened on
    fewer seeds than the current winner; plus the `OWN_ROWS`."""
    winners: dict[str, str] = {}
    seeds = [c for c in table.columns if c.startswith("mean_f1_seed")]
    for method in table["method"].unique():
        base = variant(method)[0]  # a training candidate competes with its base method
        if method in VARIANT_NOTES:
            continue  # never chosen (e.g. over the fit-time budget)
        top = top_row(table, method)
        if method != base and base in set(table["method"]) and top["mean_f1"] <= top_row(table, base)["mean_f1"] + \
                REFIT_NOISE:
            continue  # within refit noise of the base: the tuning set cannot tell them apart
        if base in winners and (top_row(table, winners[base])["mean_f1"] >= top["mean_f1"] or top[seeds].isna().any()):
            continue  # not better, or screened on fewer seeds (then its mean is not comparable)
        winners[base] = method
    return winners | {row: method for row, method in OWN_ROWS.items() if method in set(table["method"])}
