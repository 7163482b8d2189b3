"""The lecture's downstream protocol: repeated stratified splits, oversample the training part only,
train classifiers, score the untouched test part. Answers "did the synthetic rows help?"."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedShuffleSplit

from .._rng import spawn_seeds
from .._validation import check_X_y
from .classification import binary_metrics

METRICS = ("accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy", "roc_auc")


def make_classifier(name: str, seed: int) -> Any:
    """Downstream classifiers: "tree" (the lecture's), "logreg", "rf"."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    factories: dict[str, Callable[[], Any]] = {
        "tree": lambda: DecisionTreeClassifier(random_state=seed),
        "logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "rf": lambda: RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1),
    }
    if name not in factories:
        raise ValueError(f"unknown classifier {name!r}; choose from {sorted(factories)}")
    return factories[name]()


def cap_minority(y: np.ndarray, cap: int | None, positive: Any, rng: np.random.Generator) -> np.ndarray:
    """Indices keeping every row except all but `cap` random rows of the `positive` class."""
    index = np.arange(len(y))
    if cap is None:
        return index
    minority = index[y == positive]
    if cap < 2:
        raise ValueError(f"minority_cap must be at least 2, got {cap}")
    if len(minority) <= cap:
        return index
    keep = rng.choice(minority, cap, replace=False)
    return np.sort(np.concatenate([index[y != positive], keep]))


def evaluate_oversampling(X: Any, y: Any, samplers: Mapping[str, Any], *,
                          classifiers: Sequence[str] = ("tree", "logreg", "rf"), n_repeats: int = 20,
                          test_size: float = 0.3, minority_cap: int | None = None, random_state: int = 0,
                          repeats: Sequence[int] | None = None, progress: bool = False) -> pd.DataFrame:
    """Run the protocol; one row per (repeat, sampler, classifier) with the metrics and sampler fit time.

    Args:
        samplers: name -> imbalanced-learn style sampler (`fit_resample`), or None for "real only".
        minority_cap: keep at most this many minority rows in each training split (scarcity).
        repeats: run only these repeat indices (same splits as in a full run; for resumable benchmarks).

    Returns:
        Long DataFrame with columns repeat, sampler, classifier, fit_seconds, n_train_minority, n_synthetic,
        accuracy, precision, recall, specificity, f1, balanced_accuracy, roc_auc, error.
    """
    from tqdm.auto import tqdm

    X, labels = check_X_y(X, y)
    classes, counts = np.unique(labels, return_counts=True)
    if len(classes) != 2:
        raise ValueError(f"the protocol scores a binary task; y has {len(classes)} classes")
    positive = classes[np.argmin(counts)]
    target = (labels == positive).astype(int)
    seeds = spawn_seeds(random_state, max(n_repeats, max(repeats or [0]) + 1))
    rows = []
    cells = [(r, s) for r in (range(n_repeats) if repeats is None else repeats) for s in samplers]
    for repeat, name in tqdm(cells, desc="protocol", disable=not progress, leave=False):
        seed = seeds[repeat]
        split = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
        train, test = next(split.split(X, target))
        train = train[cap_minority(target[train], minority_cap, 1, np.random.default_rng(seed))]
        rows += _run_cell(samplers[name], name, X, target, train, test, classifiers, repeat, seed)
    return pd.DataFrame(rows)


def _run_cell(sampler: Any, name: str, X: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray,
              classifiers: Sequence[str], repeat: int, seed: int) -> list[dict[str, Any]]:
    base = {"repeat": repeat, "sampler": name, "n_train_minority": int(y[train].sum())}
    start = time.perf_counter()
    try:
        if sampler is None:
            X_fit, y_fit = X[train], y[train]
        else:
            sampler = clone(sampler)
            if "random_state" in sampler.get_params():
                sampler.set_params(random_state=seed)
            X_fit, y_fit = sampler.fit_resample(X[train], y[train])
            X_fit, y_fit = np.asarray(X_fit, dtype=np.float64), np.asarray(y_fit)
    except (ValueError, RuntimeError) as exc:
        return [{**base, "classifier": c, "error": f"{type(exc).__name__}: {exc}"} for c in classifiers]
    base.update(fit_seconds=time.perf_counter() - start, n_synthetic=int(len(y_fit) - len(train)))
    out = []
    for classifier_name in classifiers:
        model = make_classifier(classifier_name, seed).fit(X_fit, y_fit)
        scores = model.predict_proba(X[test])[:, 1]
        out.append({**base, "classifier": classifier_name, **binary_metrics(y[test], scores >= 0.5, scores),
                    "error": ""})
    return out


def summarize(results: pd.DataFrame, metrics: Sequence[str] = METRICS,
              by: Sequence[str] = ("sampler", "classifier"), digits: int = 3) -> pd.DataFrame:
    """'mean (std)' per group and metric, plus mean sampler fit seconds; groups keep their input order."""
    from .stats import mean_std

    ok = results[results["error"].fillna("") == ""] if "error" in results else results
    table = ok.groupby(list(by), sort=False).agg({m: lambda v: mean_std(v, digits) for m in metrics if m in ok})
    if "fit_seconds" in ok:
        table["fit_seconds"] = ok.groupby(list(by), sort=False)["fit_seconds"].mean().round(3)
    return table.reset_index()


def compare_samplers(results: pd.DataFrame, candidate: str, reference: str, metric: str = "balanced_accuracy",
                     classifier: str = "tree") -> dict[str, Any]:
    """Paired Wilcoxon test of `candidate` vs `reference` over the repeats (same splits)."""
    from .stats import paired_comparison

    part = results[results["classifier"] == classifier]
    a = part[part["sampler"] == candidate].set_index("repeat")[metric]
    b = part[part["sampler"] == reference].set_index("repeat")[metric]
    common = a.index.intersection(b.index)
    return {"candidate": candidate, "reference": reference, "metric": metric, "classifier": classifier,
            **paired_comparison(a.loc[common].to_numpy(), b.loc[common].to_numpy())}
