"""Option files for time-series detection: reuse tuned scoring and interval options on a new series.

An option file is JSON `{method: {option: value}}`, such as the NAB benchmark's tuned options
(`benchmarks/results/timeseries_tuned.json`). Options are detector parameters (`rec_error`, `combine`,
`ema`, `epochs`...), interval options (`k`, `min_percent`, `global_k`...) and two protocol options, which
depend on the series and are resolved here: `padding_raw` (interval padding in original points, or
"orion": Orion's 50 points at max(10 min, native step)) and `resolution` (average the series to Orion's
resolution, at most this many points); `max_points` is the averaging target otherwise.

Example:
    >>> options = load_options("benchmarks/results/timeseries_tuned.json", "lstmgan")  # doctest: +SKIP
    >>> params = resolve_options(options, "lstmgan", stamps, max_points=1000)  # doctest: +SKIP
    >>> detect_series(stamps, values, "lstmgan", **params)  # doctest: +SKIP
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ORION_PADDING, ORION_RESOLUTION_S = 50, 600
PROTOCOL_OPTIONS = ("padding_raw", "resolution")
AVERAGING_OPTIONS = ("max_points",)  # the averaging target when `resolution` is absent (an explicit one wins)


def native_step(timestamps: Any) -> float:
    """Median sampling step of a series, in seconds."""
    return float(pd.to_datetime(pd.Series(timestamps)).diff().dt.total_seconds().median())


def raw_padding(padding_raw: int | str, step_s: float) -> int:
    """A padding in original points; "orion": Orion's 50 points at max(10 min, native step `step_s` seconds).

    Example:
        >>> raw_padding("orion", 300), raw_padding("orion", 3600), raw_padding(250, 300)
        (100, 50, 250)
    """
    if padding_raw != "orion":
        return int(padding_raw)
    return ORION_PADDING * max(int(round(ORION_RESOLUTION_S / step_s)), 1)


def padding_points(n_raw: int, max_points: int | None, padding_raw: int | str, step_s: float) -> int:
    """The interval padding (original points, or "orion") in points of the series averaged to `max_points`."""
    factor = max(int(np.ceil(n_raw / max_points)), 1) if max_points else 1
    return max(int(np.ceil(raw_padding(padding_raw, step_s) / factor)), 1)


def orion_max_points(n_raw: int, step_s: float, cap: int) -> int:
    """The `max_points` that averages a series to Orion's resolution, max(10 min, native step), or further when that
    leaves more than `cap` points (a 5-min month: 2016 points, as Orion's; a 5-min quarter: at most `cap`).

    Example:
        >>> orion_max_points(4032, 300, 2100), orion_max_points(1600, 3600, 2100), orion_max_points(15831, 300, 2100)
        (2016, 1600, 1979)
    """
    factor = max(int(round(ORION_RESOLUTION_S / step_s)), 1, int(np.ceil(n_raw / cap)))
    return int(np.ceil(n_raw / factor))


def load_options(path: str | os.PathLike, method: str) -> dict[str, Any]:
    """The option set of `method` in a JSON option file; ValueError naming the problem otherwise."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"option file {os.fspath(path)!r} not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:  # a corrupt or binary file
        raise ValueError(f"option file {os.fspath(path)!r} is not valid JSON: {exc}") from None
    except OSError as exc:
        raise ValueError(f"option file {os.fspath(path)!r} cannot be read: {exc.strerror}") from None
    if not isinstance(content, dict) or not all(isinstance(v, dict) for v in content.values()):
        raise ValueError(f"option file {os.fspath(path)!r} must map method names to option objects")
    if method not in content:
        raise ValueError(f"option file {os.fspath(path)!r} has no options for method {method!r}; "
                         f"it has {sorted(content)}")
    return dict(content[method])


def detector_parameters(method: str) -> set[str]:
    """The constructor parameters of a `SERIES_METHODS` method's detector; ValueError for an unknown method."""
    from .series_pipeline import SERIES_METHODS

    if method not in SERIES_METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {sorted(SERIES_METHODS)}")
    return set(inspect.signature(SERIES_METHODS[method][0].__init__).parameters) - {"self"}


def resolve_options(options: dict[str, Any], method: str, stamps: Any,
                    max_points: int | None = None) -> dict[str, Any]:
    """Parameters for `detect_series(stamps, values, method, **params)` from an option set: protocol options resolved
    on the series (`padding_raw` -> `padding`, `resolution` -> `max_points`), unknown options rejected."""
    from .series_pipeline import INTERVAL_OPTIONS

    accepted = detector_parameters(method)
    unknown = sorted(set(options) - accepted - set(INTERVAL_OPTIONS) - set(PROTOCOL_OPTIONS) - set(AVERAGING_OPTIONS))
    if unknown:
        raise ValueError(f"unknown option(s) {unknown} for method {method!r}")
    params = {k: v for k, v in options.items() if k not in PROTOCOL_OPTIONS + AVERAGING_OPTIONS}
    if max_points is None:
        max_points = options.get("max_points")
    if not set(PROTOCOL_OPTIONS) & set(options):
        return params | ({"max_points": max_points} if max_points is not None else {})
    stamps = pd.Series(stamps)
    if pd.api.types.is_numeric_dtype(stamps) or pd.to_datetime(stamps, errors="coerce").isna().any():
        raise ValueError(f"options {sorted(set(PROTOCOL_OPTIONS) & set(options))} need datetime time stamps")
    step = native_step(stamps)
    if options.get("resolution"):
        max_points = orion_max_points(len(stamps), step, int(options["resolution"]))
    if "padding_raw" in options:
        params["padding"] = padding_points(len(stamps), max_points, options["padding_raw"], step)
    return params | ({"max_points": max_points} if max_points is not None else {})
