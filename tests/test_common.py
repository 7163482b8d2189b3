"""Checks every registered estimator shares: sklearn-style parameters that __init__ only stores."""

import inspect

import pytest
from sklearn.base import clone

from smallgan.registry import REGISTRY, get_class


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_init_only_stores_parameters(name):
    cls = get_class(name)
    estimator = cls()
    signature = inspect.signature(cls.__init__)
    params = estimator.get_params(deep=False)
    expected = {k: p.default for k, p in signature.parameters.items() if k != "self" and p.kind != p.VAR_KEYWORD}
    assert set(params) == set(expected), f"{name}: get_params does not match __init__ arguments"
    for key, default in expected.items():
        assert params[key] is default or params[key] == default, f"{name}.{key} changed in __init__"
    assert not [a for a in vars(estimator) if a.endswith("_") and not a.startswith("_")], "fitted state in __init__"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_common_parameters_and_clone(name):
    estimator = get_class(name)()
    params = estimator.get_params(deep=False)
    assert {"random_state", "device", "verbose"} <= set(params), f"{name} lacks a common parameter"
    estimator.set_params(random_state=7)
    copy = clone(estimator)
    assert copy.get_params(deep=False)["random_state"] == 7 and copy is not estimator
    with pytest.raises(ValueError):
        estimator.set_params(no_such_parameter=1)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_public_class_is_documented(name):
    doc = inspect.getdoc(get_class(name)) or ""
    assert len(doc.splitlines()[0]) > 10, f"{name} has no summary line"
