import copy

import numpy as np
import pytest

from smallgan.detect.series_baselines import LSTMAutoencoderDetector, RollingZScoreDetector, WindowIForestDetector
from smallgan.detect.tadgan import LSTMGANDetector
from smallgan.evaluate.segments import segment_counts
from smallgan.exceptions import DataValidationError, NotFittedError

from .conftest import SHIFT, SPIKE_AT

QUICK = dict(window_size=20, hidden=16, batch_size=16, lr=2e-3, n_critic=2, rec_error="point")


@pytest.fixture(scope="module")
def fitted_gan(sine_with_anomalies):
    import torch

    torch.set_num_threads(1)  # module fixtures run before the autouse one of conftest
    return LSTMGANDetector(epochs=10, random_state=2, **QUICK).fit(sine_with_anomalies)


def test_lstm_gan_flags_spike_and_level_shift(fitted_gan):
    intervals = fitted_gan.detect_intervals(padding=5)
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], intervals)
    assert counts["tp"] == 2, intervals
    assert counts["fp"] <= 2, intervals
    history = fitted_gan.history_["cycle"]
    assert history[-1] < 0.5 * history[0]  # the cycle (reconstruction) loss is learned


def test_scores_per_point_and_contract(fitted_gan, sine_with_anomalies):
    scores = fitted_gan.decision_function(sine_with_anomalies)
    assert scores.shape == (len(sine_with_anomalies),)
    np.testing.assert_allclose(scores, fitted_gan.decision_scores_)
    assert fitted_gan.labels_.mean() == pytest.approx(0.1, abs=0.02)
    normal = np.r_[0:SPIKE_AT - 20, SPIKE_AT + 20:SHIFT[0] - 20, SHIFT[1] + 20:len(scores)]
    assert scores[SPIKE_AT - 3:SPIKE_AT + 4].max() > np.quantile(scores[normal], 0.99)


def test_same_seed_same_scores(sine_with_anomalies):
    params = dict(QUICK, epochs=2, variant="algan", random_state=5)
    first = LSTMGANDetector(**params).fit(sine_with_anomalies).decision_scores_
    second = LSTMGANDetector(**params).fit(sine_with_anomalies).decision_scores_
    np.testing.assert_array_equal(first, second)
    other = LSTMGANDetector(**dict(params, random_state=6)).fit(sine_with_anomalies).decision_scores_
    assert not np.array_equal(first, other)


def test_save_load_gives_same_scores(fitted_gan, sine_with_anomalies, tmp_path):
    from smallgan import io

    io.save(fitted_gan, tmp_path / "model")
    loaded = io.load(tmp_path / "model")
    np.testing.assert_allclose(loaded.decision_function(sine_with_anomalies),
                               fitted_gan.decision_function(sine_with_anomalies), rtol=1e-6)
    assert loaded.threshold_ == fitted_gan.threshold_


def test_multivariate_input(sine_with_anomalies):
    values = np.stack([sine_with_anomalies, np.cos(np.arange(400) / 3.0)], axis=1)
    detector = LSTMGANDetector(**dict(QUICK, epochs=1), random_state=0).fit(values)
    assert detector.decision_scores_.shape == (400,)
    with pytest.raises(DataValidationError, match="2 channels.*fitted on 1|1 channels.*fitted on 2"):
        detector.decision_function(sine_with_anomalies)


@pytest.mark.parametrize("bad, message", [
    (np.arange(15.0), "15 points; more than window_size=20"),
    (np.where(np.arange(100) == 7, np.nan, 1.0), "NaN at row 7"),
    (np.array(["a"] * 100), "numeric"),
    (np.zeros((100, 2, 2)), "1-D .* or 2-D"),
])
def test_bad_series_raise(bad, message):
    with pytest.raises(DataValidationError, match=message):
        LSTMGANDetector(**dict(QUICK, epochs=1), random_state=0).fit(bad)


def test_bad_parameter_raises(sine_with_anomalies):
    with pytest.raises(ValueError, match="variant"):
        LSTMGANDetector(variant="gru").fit(sine_with_anomalies)


def test_baselines(sine_with_anomalies):
    zscore = RollingZScoreDetector(window_size=20).fit(sine_with_anomalies)
    assert int(np.argmax(zscore.decision_scores_)) == SPIKE_AT
    forest = WindowIForestDetector(window_size=20, n_estimators=50, random_state=0).fit(sine_with_anomalies)
    assert forest.decision_scores_.shape == (400,)
    assert forest.decision_scores_[SHIFT[0]:SHIFT[1]].mean() > np.median(forest.decision_scores_)
    auto = LSTMAutoencoderDetector(window_size=20, hidden=16, batch_size=16, epochs=10, rec_error="point",
                                   random_state=0).fit(sine_with_anomalies)
    assert auto.history_["reconstruction"][-1] < 0.5 * auto.history_["reconstruction"][0]
    assert segment_counts([SHIFT], auto.detect_intervals(padding=5))["tp"] == 1


def test_lazy_gradient_penalty_trains_deterministically(sine_with_anomalies):
    """gp_every=4: the critics' penalty every 4th step; same seed -> same scores, both anomalies still flagged."""
    params = dict(QUICK, epochs=10, gp_every=4, random_state=2)
    detector = LSTMGANDetector(**params).fit(sine_with_anomalies)
    again = LSTMGANDetector(**params).fit(sine_with_anomalies)
    np.testing.assert_array_equal(detector.decision_scores_, again.decision_scores_)
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], detector.detect_intervals(padding=5))
    assert counts["tp"] == 2 and counts["fp"] <= 2, counts
    critic = np.asarray(detector.history_["critic_x"])
    assert np.isfinite(critic[len(critic) // 2:]).all()  # the critics train after the warm-up half


def test_weight_averaged_gan_scores_differ_and_flag_both_anomalies(fitted_gan, sine_with_anomalies):
    averaged = LSTMGANDetector(epochs=10, random_state=2, ema=0.95, **QUICK).fit(sine_with_anomalies)
    assert not np.allclose(averaged.decision_scores_, fitted_gan.decision_scores_)  # other weights score
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], averaged.detect_intervals(padding=5))
    assert counts["tp"] == 2
    with pytest.raises(ValueError, match="ema"):
        LSTMGANDetector(epochs=1, ema=1.5, **QUICK).fit(sine_with_anomalies)


def test_mask_dropout_drops_at_rate_p_and_keeps_the_mean():
    import torch

    from smallgan.nets.lstm import MaskDropout

    layer = MaskDropout(0.25)
    x = torch.ones(200_000)
    out = layer(x)
    assert (out == 0).float().mean().item() == pytest.approx(0.25, abs=0.01)
    assert out.mean().item() == pytest.approx(1.0, abs=0.01)  # survivors scaled by 1 / (1 - p)
    assert torch.equal(layer.eval()(x), x)
    with pytest.raises(ValueError, match="dropout probability"):
        MaskDropout(1.0)


def test_critic_steps_encode_each_batch_once_and_use_fresh_noise():
    import torch

    from smallgan.detect.tadgan import TadGANSteps
    from smallgan.nets import MLP
    from smallgan.nets.lstm import LSTMDecoder, LSTMEncoder, WindowCritic

    torch.manual_seed(0)
    encoder, generator = LSTMEncoder(1, 4, hidden=8), LSTMDecoder(4, 10, 1, hidden=8)
    steps = TadGANSteps(encoder, generator, WindowCritic(10, 1), MLP(4, (8,), 1), latent_dim=4, lr=1e-3, n_critic=2)
    calls = {"encoder": 0, "generator": 0}
    encoder.register_forward_hook(lambda *_: calls.__setitem__("encoder", calls["encoder"] + 1))
    generator.register_forward_hook(lambda *_: calls.__setitem__("generator", calls["generator"] + 1))
    seen, prepare = [], steps._critic_inputs
    steps._critic_inputs = lambda x: seen.append(prepare(x)) or seen[-1]
    for batch in torch.randn(3, 16, 10, 1).tanh():
        for _ in range(2):
            steps.discriminator_step((batch,))
        steps.generator_step((batch,))
    seen = [noise for noise, _, _ in seen]
    # per batch: one E and one G call for both critic steps, then one E and one (joint) G call in the E/G step
    assert calls == {"encoder": 6, "generator": 6}
    assert not torch.equal(seen[0], seen[1]) and not torch.equal(seen[1], seen[2])  # fresh noise per critic step


def test_critic_refit_trains_only_the_critics(fitted_gan, sine_with_anomalies):
    """critic_epochs: after training, the critics alone train on; encoder and generator stay as they were."""
    import torch

    refit = LSTMGANDetector(epochs=10, random_state=2, critic_epochs=3, **QUICK).fit(sine_with_anomalies)
    for name in ("encoder_", "generator_"):
        for mine, theirs in zip(getattr(refit, name).parameters(), getattr(fitted_gan, name).parameters(),
                                strict=True):
            assert torch.equal(mine, theirs)
    assert not all(torch.equal(a, b) for a, b in zip(refit.critic_x_.parameters(), fitted_gan.critic_x_.parameters(),
                                                     strict=True))
    losses = refit.critic_history_["critic_x"]
    assert len(losses) == 3 and np.isfinite(losses).all()
    assert fitted_gan.critic_history_ == {}
    assert not np.allclose(refit.decision_scores_, fitted_gan.decision_scores_)  # the critic score changed
    original = copy.deepcopy(fitted_gan)  # the module fixture stays as it is
    refit.combine = original.combine = "rec"  # the reconstructions did not change
    np.testing.assert_allclose(refit.decision_function(sine_with_anomalies),
                               original.decision_function(sine_with_anomalies), rtol=1e-6)
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], refit.detect_intervals(padding=5))
    assert counts["tp"] == 2
    with pytest.raises(ValueError, match="critic_epochs"):
        LSTMGANDetector(epochs=1, critic_epochs=-1, **QUICK).fit(sine_with_anomalies)


def test_critic_feature_residual_flags_the_spike_from_the_critic_alone(fitted_gan, sine_with_anomalies):
    """critic_score="features": the same training (same networks), but the critic contributes the residual between
    its features of each window and of the window's reconstruction; scored by it alone it flags the planted spike."""
    import torch

    residual = LSTMGANDetector(epochs=10, random_state=2, critic_score="features", **QUICK).fit(sine_with_anomalies)
    for mine, theirs in zip(residual.critic_x_.parameters(), fitted_gan.critic_x_.parameters(), strict=True):
        assert torch.equal(mine, theirs)  # scoring only: training is unchanged
    rescored = copy.deepcopy(fitted_gan).rescore(sine_with_anomalies, critic_score="features")
    np.testing.assert_array_equal(rescored.decision_scores_, residual.decision_scores_)  # = fitting with the option
    assert rescored.threshold_ == residual.threshold_
    original = copy.deepcopy(fitted_gan)
    residual.combine = original.combine = "critic"
    scores = residual.decision_function(sine_with_anomalies)
    assert not np.allclose(scores, original.decision_function(sine_with_anomalies))
    normal = np.r_[0:SPIKE_AT - 20, SPIKE_AT + 20:SHIFT[0] - 20, SHIFT[1] + 20:len(scores)]
    assert scores[SPIKE_AT - 10:SPIKE_AT + 11].max() > np.quantile(scores[normal], 0.99)
    assert scores.std() > 0
    with pytest.raises(ValueError, match="critic_score"):
        LSTMGANDetector(epochs=1, critic_score="logits", **QUICK).fit(sine_with_anomalies)


def test_rescore_refuses_training_options_and_bad_input_and_leaves_the_detector_unchanged(fitted_gan,
                                                                                           sine_with_anomalies):
    gan = copy.deepcopy(fitted_gan)
    before = gan.decision_scores_.copy()
    with pytest.raises(ValueError, match=r"\['epochs'\] need a refit"):
        gan.rescore(sine_with_anomalies, epochs=5, combine="rec")
    with pytest.raises(DataValidationError, match="training series had"):
        gan.rescore(sine_with_anomalies[:-10], combine="rec")
    with pytest.raises(ValueError, match="combine"):
        gan.rescore(sine_with_anomalies, combine="bogus")
    assert (gan.combine, gan.epochs) == (fitted_gan.combine, fitted_gan.epochs)
    np.testing.assert_array_equal(gan.decision_scores_, before)
    rec = gan.rescore(sine_with_anomalies, combine="rec").decision_scores_
    assert gan.combine == "rec" and not np.allclose(rec, before)
    np.testing.assert_allclose(gan.decision_function(sine_with_anomalies), rec)
    with pytest.raises(NotFittedError):
        LSTMGANDetector().rescore(sine_with_anomalies, combine="rec")


def test_reconstruction_critic_learns_to_tell_windows_from_their_reconstructions(fitted_gan, sine_with_anomalies):
    """critic_fake="reconstruction": C_x judges real windows against G(E(x)) (AEGAN-AD style); it ends up scoring
    the real windows above their reconstructions, the detector still flags both planted anomalies, and its critic
    feature residual (the AEGAN-AD score) is highest at the spike."""
    import torch

    from smallgan.detect.series_windows import sliding_windows

    gan = LSTMGANDetector(epochs=10, random_state=2, critic_fake="reconstruction", **QUICK).fit(sine_with_anomalies)
    counts = segment_counts([(SPIKE_AT, SPIKE_AT), SHIFT], gan.detect_intervals(padding=5))
    assert counts["tp"] == 2
    scaled = gan._scaled(sine_with_anomalies.reshape(-1, 1))
    windows = torch.as_tensor(sliding_windows(scaled, gan.window_size), dtype=torch.float32)

    def margin(model: LSTMGANDetector) -> float:
        with torch.no_grad():
            reconstructions = model.generator_(model.encoder_(windows))
            return float(model.critic_x_(windows).mean() - model.critic_x_(reconstructions).mean())

    # a WGAN critic of real against reconstructed windows scores the real ones higher, by more than TadGAN's critic
    # (trained against decoded noise) does on the same seed
    assert margin(gan) > max(margin(fitted_gan), 0.0)
    assert np.isfinite(gan.history_["eg_adversarial"][5:]).all()  # after the cycle-only warm-up (half the epochs)
    scores = gan.rescore(sine_with_anomalies, critic_score="features", combine="critic").decision_scores_
    normal = np.r_[0:SPIKE_AT - 20, SPIKE_AT + 20:SHIFT[0] - 20, SHIFT[1] + 20:len(scores)]
    assert scores[SPIKE_AT - 10:SPIKE_AT + 11].max() > np.quantile(scores[normal], 0.99)
    with pytest.raises(ValueError, match="critic_fake"):
        LSTMGANDetector(epochs=1, critic_fake="noise", **QUICK).fit(sine_with_anomalies)
