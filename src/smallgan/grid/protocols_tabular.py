"""Tabular scale protocol: fit a `TabularGAN` on a large mixed-type table in a child process and report its
time and peak memory (the scale part of benchmarks/tabular_augmentation.py, registered as `tabular_scale`).

The child process gives an honest peak RSS for this one fit (the grid worker's own peak includes earlier cells).

Example:
    >>> tabular_scale_cell("kddcup99", "TabularGAN", {"epochs": 1, "loss": "wgan-gp"}, seed=0)["peak_rss_mb"]
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

_CHILD = r"""
import json, resource, sys, time, torch
torch.set_num_threads(1)
from smallgan.data import load_dataset
from smallgan.augment import TabularGAN
options = json.loads(sys.argv[1])
t0 = time.perf_counter()
data = load_dataset(options.pop("dataset"))
load_s = time.perf_counter() - t0
n_sample = options.pop("n_sample")
gan = TabularGAN(categorical_columns=data.meta.get("categorical"), **options)
t1 = time.perf_counter()
gan.fit(data.X)
fit_s = time.perf_counter() - t1
t2 = time.perf_counter()
sample = gan.sample(n_sample)
sample_s = time.perf_counter() - t2
print(json.dumps({"rows": len(data.X), "columns": data.X.shape[1], "encoded_dim": gan.transformer_.output_dim_,
                  "load_seconds": load_s, "fit_seconds": fit_s, "sample_seconds": sample_s,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "sample_dtypes_match": float(bool((sample.dtypes == data.X.dtypes).all()))}))
"""


def tabular_scale_cell(dataset: str, method: str, params: dict[str, Any], seed: int, *, n_sample: int = 10000,
                       timeout: float | None = None) -> dict[str, float]:
    """Fit `TabularGAN(**params, random_state=seed)` on all rows of `dataset` in a child process, sample
    `n_sample` rows; returns rows, columns, encoded width, load/fit/sample seconds, the child's peak RSS (MB,
    stored in the cell's `peak_rss_mb` column) and whether the sample kept the input dtypes (1.0/0.0)."""
    if method != "TabularGAN":
        raise ValueError(f"the tabular_scale protocol fits TabularGAN, got {method!r}")
    options = {**params, "random_state": seed, "dataset": dataset, "n_sample": n_sample}
    out = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(options)], capture_output=True, text=True,
                         timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"scale child process failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    record = json.loads(out.stdout.strip().splitlines()[-1])
    return {key: float(value) for key, value in record.items()}
