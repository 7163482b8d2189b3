"""Experiment specs: a YAML or TOML file of datasets x methods (with parameter grids) x seeds for one protocol.

A spec looks like this (TOML takes the same fields)::

    name: tabular                 # experiment name (rows in the store are keyed by it)
    protocol: oversampling        # a name from smallgan.grid.protocols, or "package.module:function"
    metric: recall                # primary metric for ranks, tables and plots
    higher_is_better: true
    report_metrics: [accuracy, precision, recall]   # further columns of the summary table
    seeds: 5                      # or a list: [0, 1, 2]
    datasets: [breast_cancer, adbench/29_Pima]
    settings: {classifiers: [decision_tree], test_size: 0.3}   # passed to every cell
    section: tabular              # optional: BENCHMARKS.md section (default grid-<name>); specs may share one
    report: "smallgan.report.tabular:section"   # optional hook: store rows of the section -> its markdown
    methods:
      original: {estimator: none}
      SMOTE: {estimator: SMOTE}
      GAN:
        estimator: GANOverSampler
        params: {epochs: 50}
        grid: {hidden: [[128], [256, 512]]}      # expands to GAN[hidden=[128]], GAN[hidden=[256,512]]
        seeds: 2                                  # optional: this method runs on fewer (or other) seeds
        datasets: [breast_cancer]                 # optional: this method runs on these of the datasets only

A report hook is a function `hook(cells, experiments) -> str` that receives the cell rows (`ResultStore.cells`) and
`experiments` rows of every experiment in its section and returns the section's markdown; without one the generic
`smallgan.report.html.markdown_section` table is written per experiment.

Errors name the file, the line and the field.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_TOP_FIELDS = {"name", "protocol", "metric", "higher_is_better", "seeds", "datasets", "settings", "methods",
               "description", "report_metrics", "report", "section"}
_METHOD_FIELDS = {"estimator", "params", "grid", "seeds", "datasets"}


class SpecError(ValueError):
    """A malformed experiment spec; the message names file, line and field."""


def canonical_json(value: Any) -> str:
    """Stable JSON text (sorted keys, no spaces) used for hashing and storing parameters."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def short_hash(value: Any) -> str:
    """First 16 hex digits of the SHA-256 of `canonical_json(value)`."""
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Cell:
    """One unit of work: a method with fixed parameters on one dataset with one seed."""

    experiment: str
    protocol: str
    dataset: str
    method: str
    estimator: str
    params: dict[str, Any]
    seed: int
    settings: dict[str, Any]

    @property
    def key(self) -> str:
        """Identity of the cell in the store: changes when any input of the computation changes."""
        return short_hash([self.protocol, self.dataset, self.method, self.estimator, self.params, self.seed,
                           self.settings])

    def as_dict(self) -> dict[str, Any]:
        return {"experiment": self.experiment, "protocol": self.protocol, "dataset": self.dataset,
                "method": self.method, "estimator": self.estimator, "params": self.params, "seed": self.seed,
                "settings": self.settings}


@dataclass
class Spec:
    """A parsed experiment spec. `methods` maps expanded method labels to (estimator, params)."""

    name: str
    protocol: str
    datasets: list[str]
    methods: dict[str, tuple[str, dict[str, Any]]]
    seeds: list[int]
    settings: dict[str, Any] = field(default_factory=dict)
    metric: str | None = None
    higher_is_better: bool = True
    report_metrics: list[str] = field(default_factory=list)
    description: str = ""
    report: str | None = None
    section: str | None = None
    method_seeds: dict[str, list[int]] = field(default_factory=dict)
    method_datasets: dict[str, list[str]] = field(default_factory=dict)
    source: str = "<memory>"
    raw: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)

    @property
    def hash(self) -> str:
        return short_hash(self.raw)

    def cells(self) -> list[Cell]:
        """Every dataset x method x seed combination (a method's own `seeds` / `datasets` if it has them)."""
        return [Cell(self.name, self.protocol, dataset, label, estimator, params, seed, self.settings)
                for dataset in self.datasets for label, (estimator, params) in self.methods.items()
                if dataset in self.method_datasets.get(label, self.datasets)
                for seed in self.method_seeds.get(label, self.seeds)]

    def where(self, *path: Any) -> str:
        """'file:line' of the deepest known prefix of a field path (for error messages)."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.lines:
                return f"{self.source}:{self.lines[path[:depth]]}"
        return self.source

    def error(self, message: str, *path: Any) -> SpecError:
        location = ".".join(str(p) for p in path)
        return SpecError(f"{self.where(*path)}: field {location!r}: {message}" if path else
                         f"{self.source}: {message}")


def load_spec(path: str | Path) -> Spec:
    """Read and validate a `.yaml`/`.yml`/`.toml` spec file."""
    path = Path(path)
    if not path.is_file():
        raise SpecError(f"spec file {path} not found")
    text = path.read_text()
    if path.suffix.lower() == ".toml":
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SpecError(f"{path}: not valid TOML: {error}") from None
        lines = _toml_lines(text, raw)
    elif path.suffix.lower() in (".yaml", ".yml"):
        raw, lines = _load_yaml(text, path)
    else:
        raise SpecError(f"{path}: unknown spec format {path.suffix!r}; use .yaml, .yml or .toml")
    return parse_spec(raw, source=str(path), lines=lines)


def parse_spec(raw: Any, source: str = "<memory>", lines: dict[tuple, int] | None = None) -> Spec:
    """Validate an already-loaded mapping and expand method grids."""
    spec = Spec(name="", protocol="", datasets=[], methods={}, seeds=[], source=source,
                raw=raw if isinstance(raw, dict) else {}, lines=lines or {})
    if not isinstance(raw, dict):
        raise spec.error(f"the top level must be a mapping of fields, got {type(raw).__name__}")
    unknown = sorted(set(raw) - _TOP_FIELDS)
    if unknown:
        raise spec.error(f"unknown field; allowed fields: {sorted(_TOP_FIELDS)}", unknown[0])
    for required in ("name", "protocol", "datasets", "methods"):
        if required not in raw:
            raise spec.error(f"missing required field {required!r}")
    spec.name = _string(spec, raw["name"], "name")
    spec.protocol = _string(spec, raw["protocol"], "protocol")
    spec.datasets = _string_list(spec, raw["datasets"], "datasets")
    spec.seeds = _seeds(spec, raw.get("seeds", 1))
    spec.settings = _mapping(spec, raw.get("settings", {}), "settings")
    spec.metric = _string(spec, raw["metric"], "metric") if "metric" in raw else None
    if not isinstance(raw.get("higher_is_better", True), bool):
        raise spec.error("expected true or false", "higher_is_better")
    spec.higher_is_better = raw.get("higher_is_better", True)
    if "report_metrics" in raw:
        spec.report_metrics = _string_list(spec, raw["report_metrics"], "report_metrics")
    spec.description = _string(spec, raw["description"], "description") if "description" in raw else ""
    if "report" in raw:
        spec.report = _string(spec, raw["report"], "report")
        if ":" not in spec.report:
            raise spec.error(f"expected 'package.module:function', got {spec.report!r}", "report")
    spec.section = _string(spec, raw["section"], "section") if "section" in raw else None
    spec.methods = _methods(spec, _mapping(spec, raw["methods"], "methods"))
    return spec


def _methods(spec: Spec, methods: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    if not methods:
        raise spec.error("expected at least one method", "methods")
    expanded: dict[str, tuple[str, dict[str, Any]]] = {}
    for label, entry in methods.items():
        entry = _mapping(spec, entry, "methods", label)
        unknown = sorted(set(entry) - _METHOD_FIELDS)
        if unknown:
            raise spec.error(f"unknown field; allowed: {sorted(_METHOD_FIELDS)}", "methods", label, unknown[0])
        if "estimator" not in entry:
            raise spec.error("missing 'estimator' (a class name such as SMOTE, or 'none')", "methods", label)
        estimator = _string(spec, entry["estimator"], "methods", label, "estimator")
        params = _mapping(spec, entry.get("params", {}), "methods", label, "params")
        grid = _mapping(spec, entry.get("grid", {}), "methods", label, "grid")
        for name, values in grid.items():
            if not isinstance(values, list) or not values:
                raise spec.error(f"expected a non-empty list of values, got {values!r}", "methods", label, "grid",
                                 name)
        seeds = _seeds(spec, entry["seeds"], "methods", label, "seeds") if "seeds" in entry else None
        datasets = _string_list(spec, entry["datasets"], "methods", label, "datasets") if "datasets" in entry \
            else None
        if datasets is not None and set(datasets) - set(spec.datasets):
            raise spec.error(f"not in the spec's datasets: {sorted(set(datasets) - set(spec.datasets))}", "methods",
                             label, "datasets")
        for combination in itertools.product(*grid.values()):
            chosen = dict(zip(grid, combination, strict=True))
            suffix = ",".join(f"{k}={canonical_json(v)}" for k, v in chosen.items())
            expanded[f"{label}[{suffix}]" if suffix else label] = (estimator, {**params, **chosen})
            if seeds is not None:
                spec.method_seeds[f"{label}[{suffix}]" if suffix else label] = seeds
            if datasets is not None:
                spec.method_datasets[f"{label}[{suffix}]" if suffix else label] = datasets
    return expanded


def _string(spec: Spec, value: Any, *path: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise spec.error(f"expected a non-empty string, got {value!r}", *path)
    return value


def _string_list(spec: Spec, value: Any, *path: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise spec.error(f"expected a non-empty list of names, got {value!r}", *path)
    return [_string(spec, item, *path, index) for index, item in enumerate(value)]


def _mapping(spec: Spec, value: Any, *path: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise spec.error(f"expected a mapping, got {type(value).__name__} {value!r}", *path)
    return dict(value)


def _seeds(spec: Spec, value: Any, *path: Any) -> list[int]:
    path = path or ("seeds",)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return list(range(value))
    if isinstance(value, list) and value and all(isinstance(s, int) and not isinstance(s, bool) for s in value):
        if len(set(value)) != len(value):
            raise spec.error(f"seeds repeat: {value}", *path)
        return list(value)
    raise spec.error(f"expected a positive integer or a list of integers, got {value!r}", *path)


def _load_yaml(text: str, path: Path) -> tuple[Any, dict[tuple, int]]:
    try:
        raw = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise SpecError(f"{where}: not valid YAML: {getattr(error, 'problem', None) or error}") from None
    lines: dict[tuple, int] = {}

    def walk(current: Any, prefix: tuple) -> None:
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                lines[(*prefix, key.value)] = key.start_mark.line + 1
                walk(value, (*prefix, key.value))
        elif isinstance(current, yaml.SequenceNode):
            for index, value in enumerate(current.value):
                lines[(*prefix, index)] = value.start_mark.line + 1
                walk(value, (*prefix, index))

    walk(node, ())
    return raw, lines


def _toml_lines(text: str, raw: dict[str, Any]) -> dict[tuple, int]:
    """Best-effort line numbers for TOML keys: the first line that defines the key (or its table header)."""
    text_lines = text.splitlines()
    lines: dict[tuple, int] = {}

    def find(pattern: str) -> int | None:
        regex = re.compile(pattern)
        return next((number for number, line in enumerate(text_lines, 1) if regex.search(line)), None)

    def walk(mapping: dict[str, Any], prefix: tuple) -> None:
        for key, value in mapping.items():
            dotted = re.escape(".".join((*prefix, key)))
            number = find(rf"^\s*\[+\s*\"?{dotted}\"?\s*\]+") or find(rf"(^|[\s{{,])\"?{re.escape(key)}\"?\s*=")
            if number:
                lines[(*prefix, key)] = number
            if isinstance(value, dict):
                walk(value, (*prefix, key))

    walk(raw, ())
    return lines
