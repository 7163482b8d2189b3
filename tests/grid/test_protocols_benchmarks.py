"""The protocols behind the benchmark specs run one small cell each and give sane metrics."""

from __future__ import annotations

import numpy as np
import pytest

from smallgan.grid.protocols import TABULAR_SAMPLERS, get_protocol


def test_sampler_names_match_make_sampler():
    from smallgan.augment.samplers import METHODS

    assert set(TABULAR_SAMPLERS) == set(METHODS) - {"none"}
    assert set(TABULAR_SAMPLERS) <= set(get_protocol("oversampling").estimators)


def test_oversampling_split_seed_numbers_repeats_like_the_former_script():
    from smallgan.data import load_dataset
    from smallgan.evaluate.protocols import evaluate_oversampling

    run = get_protocol("oversampling").run
    cell = run("breast_cancer", "smote", {}, 3, classifiers=["tree", "logreg"], minority_cap=20, split_seed=0)
    data = load_dataset("breast_cancer")
    from imblearn.over_sampling import SMOTE

    frame = evaluate_oversampling(data.X, data.y, {"smote": SMOTE()}, classifiers=("tree", "logreg"), n_repeats=10,
                                  repeats=[3], minority_cap=20, random_state=0).set_index("classifier")
    assert cell["balanced_accuracy@logreg"] == pytest.approx(frame.loc["logreg", "balanced_accuracy"])
    assert cell["sampler_params"].startswith("SMOTE {")


@pytest.mark.requires_data
def test_translation_paired_cell_interpolation_is_the_input():
    run = get_protocol("translation_paired").run
    metrics = run("mnist", "interpolation", {"task": "downsample"}, 0, n_train=64, n_test=32, extractor_epochs=1)
    assert 0 < metrics["ssim"] < 1 and metrics["train_seconds"] == 0.0 and np.isfinite(metrics["fid"])


@pytest.mark.requires_data
def test_image_imbalanced_cell_runs_one_arm():
    run = get_protocol("image_imbalanced").run
    metrics = run("medmnist/pneumonia", "random", {}, 0, cnn_steps=3)
    assert metrics["n_normal"] * 2 == metrics["n_train"] and 0 <= metrics["balanced_accuracy"] <= 1
    assert metrics["confusion"].startswith("[[")


def test_image_arms_per_fold_and_diffaugment_cells_key_their_parts():
    arms = get_protocol("image_arms").run("digits", "none", {}, 0, n_per_class=4, n_folds=2, cnn_steps=5,
                                          max_test=60, per_fold=True)
    assert {"balanced_accuracy@fold0", "balanced_accuracy@fold1", "confusion@fold1"} <= set(arms)
    assert arms["balanced_accuracy"] == pytest.approx((arms["balanced_accuracy@fold0"] +
                                                       arms["balanced_accuracy@fold1"]) / 2)
    check = get_protocol("image_diffaugment").run("digits", "dcgan", {}, 0, n_per_class=6, gan_steps=2,
                                                  extractor_epochs=1)
    assert np.isfinite(check["fid@with"]) and np.isfinite(check["fid@without"])
