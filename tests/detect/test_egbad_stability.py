"""EGBAD's stabilisers: a slower discriminator (`lr_d`), ALICE's cycle term, early stopping with restore."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score


def test_lr_d_defaults_to_a_tenth_of_lr(blob, make_detector, monkeypatch):
    from smallgan.detect import egbad

    seen = {}
    original = egbad.BiGANSteps.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen["d"], seen["ge"] = self.opt_d.param_groups[0]["lr"], self.opt_ge.param_groups[0]["lr"]

    monkeypatch.setattr(egbad.BiGANSteps, "__init__", spy)
    make_detector("EGBAD", epochs=1, lr=1e-3).fit(blob[0])
    assert seen == {"d": pytest.approx(1e-4), "ge": pytest.approx(1e-3)}
    make_detector("EGBAD", epochs=1, lr=1e-3, lr_d=5e-4).fit(blob[0])
    assert seen["d"] == pytest.approx(5e-4)


def test_cycle_term_makes_g_of_e_a_reconstruction(blob, make_detector):
    train, test, labels = blob
    plain = make_detector("EGBAD", cycle_weight=0.0).fit(train)
    cycled = make_detector("EGBAD").fit(train)
    residual = [np.abs(train - d.reconstruct(train)).mean() for d in (plain, cycled)]
    assert residual[1] < 0.8 * residual[0]
    assert roc_auc_score(labels, cycled.decision_function(test)) > 0.9


def test_early_stopping_restores_the_best_monitored_state(blob, make_detector):
    train, test, labels = blob
    # a generous ceiling: the residual falls for ~40 epochs (how long depends on the CPU's float paths), then
    # plateaus and patience stops the run well before the ceiling
    detector = make_detector("EGBAD", epochs=150, patience=2).fit(train)
    monitor = np.asarray(detector.history_["monitor"], dtype=float)
    assert len(detector.history_["epoch"]) < 150  # stopped early
    best = np.nanmin(monitor)
    # the restored state is the best one: its residual on the whole training set is close to the best seen
    assert np.abs((train - detector.reconstruct(train)) / detector.scale_).mean() == pytest.approx(best, rel=0.25)
    assert roc_auc_score(labels, detector.decision_function(test)) > 0.9


def test_clip_winsorises_extreme_columns_and_survives_save_load(blob, tmp_path, make_detector):
    from smallgan import io

    train, test, labels = blob
    train = train.copy()
    train[:5, 0] = 1e4  # a few extreme values in one column
    detector = make_detector("EGBAD", clip=2.0).fit(train)
    low, high = detector.clip_bounds_
    assert np.all(low < high) and high[0] < 1e4
    assert roc_auc_score(labels, detector.decision_function(test)) > 0.9
    scores = detector.decision_function(test)
    extreme = test.copy()
    extreme[:, 0] = 1e6  # beyond the bound: scored as at the bound
    at_bound = test.copy()
    at_bound[:, 0] = high[0]
    np.testing.assert_allclose(detector.decision_function(extreme), detector.decision_function(at_bound))
    loaded = io.load(io.save(detector, tmp_path / "egbad"))
    np.testing.assert_allclose(loaded.decision_function(test), scores, rtol=1e-6)
