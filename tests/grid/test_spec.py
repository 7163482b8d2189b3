"""Spec parsing: grid expansion counts, YAML/TOML equivalence, errors that name file, line and field."""

from __future__ import annotations

import textwrap

import pytest

from smallgan.grid.protocols import get_protocol
from smallgan.grid.runner import validate_spec
from smallgan.grid.spec import SpecError, load_spec

YAML = """\
name: demo
protocol: oversampling
metric: recall
seeds: 3
datasets: [breast_cancer, digits]
settings: {classifiers: [tree]}
methods:
  original: {estimator: none}
  GAN:
    estimator: GANOverSampler
    params: {epochs: 5}
    grid: {hidden: [[64], [128, 64]], loss: [dcgan, lsgan, hinge]}
"""

TOML = """\
name = "demo"
protocol = "oversampling"
metric = "recall"
seeds = 3
datasets = ["breast_cancer", "digits"]

[settings]
classifiers = ["tree"]

[methods.original]
estimator = "none"

[methods.GAN]
estimator = "GANOverSampler"
params = {epochs = 5}
grid = {hidden = [[64], [128, 64]], loss = ["dcgan", "lsgan", "hinge"]}
"""


def write(tmp_path, text, name="spec.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_grid_expansion_counts_and_labels(tmp_path):
    spec = load_spec(write(tmp_path, YAML))
    cells = spec.cells()
    assert len(spec.methods) == 1 + 2 * 3
    assert len(cells) == 2 * 7 * 3
    assert len({cell.key for cell in cells}) == len(cells)
    assert 'GAN[hidden=[128,64],loss="lsgan"]' in spec.methods
    assert spec.methods['GAN[hidden=[128,64],loss="lsgan"]'] == ("GANOverSampler",
                                                                 {"epochs": 5, "hidden": [128, 64], "loss": "lsgan"})
    assert spec.seeds == [0, 1, 2]


def test_toml_and_yaml_give_the_same_cells(tmp_path):
    from_yaml = load_spec(write(tmp_path, YAML))
    from_toml = load_spec(write(tmp_path, TOML, "spec.toml"))
    assert [c.key for c in from_yaml.cells()] == [c.key for c in from_toml.cells()]
    assert from_yaml.hash == from_toml.hash


@pytest.mark.parametrize(("old", "new", "pattern"), [
    ("seeds: 3", "seeds: three", r"spec.yaml:4: field 'seeds': expected a positive integer"),
    ("    params: {epochs: 5}", "    params: [5]", r"spec.yaml:11: field 'methods.GAN.params': expected a mapping"),
    ("metric: recall", "metrik: recall", r"spec.yaml:3: field 'metrik': unknown field"),
    ("  original: {estimator: none}", "  original: {params: {}}", r"spec.yaml:8: .*missing 'estimator'"),
    ("loss: [dcgan, lsgan, hinge]", "loss: dcgan", r"spec.yaml:12: field 'methods.GAN.grid.loss': expected a non"),
    ("datasets: [breast_cancer, digits]", "datasets: [breast_cancer, digits", r"spec.yaml:\d+: not valid YAML"),
])
def test_malformed_spec_names_line_and_field(tmp_path, old, new, pattern):
    with pytest.raises(SpecError, match=pattern):
        load_spec(write(tmp_path, YAML.replace(old, new)))


def test_toml_errors_carry_lines(tmp_path):
    with pytest.raises(SpecError, match=r"spec.toml:4: field 'seeds'"):
        load_spec(write(tmp_path, TOML.replace("seeds = 3", "seeds = [1, 1]"), "spec.toml"))
    with pytest.raises(SpecError, match=r"not valid TOML"):
        load_spec(write(tmp_path, TOML + "\n[broken", "spec.toml"))


def test_unknown_dataset_and_estimator_are_named_with_known_ones(tmp_path):
    spec = load_spec(write(tmp_path, YAML.replace("digits]", "no_such_data]")))
    with pytest.raises(SpecError, match=r"spec.yaml:5: .*unknown dataset 'no_such_data'; known here: breast_cancer"):
        validate_spec(spec, get_protocol(spec.protocol))
    spec = load_spec(write(tmp_path, YAML.replace("estimator: none", "estimator: SMOTTE")))
    with pytest.raises(SpecError, match=r"spec.yaml:8: .*unknown estimator 'SMOTTE'.*known: none, SMOTE, ADASYN"):
        validate_spec(spec, get_protocol(spec.protocol))


def test_unknown_protocol_and_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"unknown protocol 'tabularr'; known: \['detection', .*'oversampling'"):
        get_protocol("tabularr")
    with pytest.raises(SpecError, match="not found"):
        load_spec(tmp_path / "nope.yaml")
