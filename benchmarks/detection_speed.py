"""Part 4 of benchmarks/detection.py (speed): batched vs PyOD's per-query AnoGAN search, and f-AnoGAN vs
iterative AnoGAN at the f-AnoGAN paper's 500 search steps. Run through `detection.py --parts speed,speed_fanogan`."""

from __future__ import annotations

import math
import time

import numpy as np

from detection import (
    GAN_STEPS,
    SEARCH_STEPS,
    _one_run,
    _seed_torch,
    append_row,
    done,
    gan_factories,
    has_run,
    one_class_split,
)


def run_speed(n_queries: int = 100) -> None:
    """Latent search per query at equal steps (20, one start): our batched `AnoGAN.decision_function`
    vs PyOD's AnoGAN, whose per-query search runs only inside `fit` (over the training rows; its
    `decision_function` does no search). PyOD is fitted with epochs=0 on the queries, so its fit time is
    pure search time; ours is fitted on the whole set first and then scores the same queries."""
    from pyod.models.anogan import AnoGAN as PyODAnoGAN

    from smallgan.data import load_dataset
    from smallgan.detect import AnoGAN

    for name in ("29_Pima", "18_Ionosphere"):
        if done("speed", name):
            continue
        X = load_dataset(f"adbench/{name}").X
        X = (X - X.mean(0)) / np.where(X.std(0) > 0, X.std(0), 1)
        queries = X[:n_queries]
        _seed_torch()
        ours = AnoGAN(epochs=5, search_steps=SEARCH_STEPS, restarts=1, batch_size=64, random_state=0).fit(X)
        start = time.perf_counter()
        ours.decision_function(queries)
        ours_s = time.perf_counter() - start
        start = time.perf_counter()
        PyODAnoGAN(epochs=0, epochs_query=SEARCH_STEPS).fit(queries)
        pyod_s = time.perf_counter() - start
        for method, seconds in (("AnoGAN (ours, batched)", ours_s), ("AnoGAN (PyOD, one query at a time)", pyod_s)):
            append_row("speed", {"dataset": name, "method": method, "search_steps": SEARCH_STEPS,
                                 "n_queries": n_queries, "search_s_per_1k": 1000.0 * seconds / n_queries})


def run_speed_fanogan(seeds: list[int], paper_steps: int = 500) -> None:
    """f-AnoGAN vs iterative AnoGAN at the f-AnoGAN paper's 500 search steps (one start), one split per seed
    of 18_Ionosphere and 29_Pima: score seconds per 1,000 rows and ROC AUC of both."""
    from smallgan.data import load_dataset
    from smallgan.detect import AnoGAN

    for name in ("18_Ionosphere", "29_Pima"):
        data = load_dataset(f"adbench/{name}")
        for seed in seeds:
            train, test = one_class_split(data.y, 0.7, seed)
            factories = gan_factories(len(train))
            common = {"epochs": int(min(50, max(5, math.ceil(GAN_STEPS / max(1, len(train) // 128))))),
                      "lr": 1e-3, "batch_size": min(128, len(train)), "hidden": (64, 64), "latent_dim": 16}
            factories = {"f-AnoGAN (ours)": factories["f-AnoGAN (ours)"],
                         f"AnoGAN (ours, {paper_steps} steps)": lambda s, kw=common: AnoGAN(
                             **kw, search_steps=paper_steps, restarts=1, random_state=s)}
            _seed_torch()
            for method, factory in factories.items():
                if not has_run("speed_fanogan", name, method, seed):
                    append_row("speed_fanogan", _one_run(name, method, seed, factory, data.X[train], data.X[test],
                                                         data.y[test]))
