"""GAN anomaly detectors with PyOD's contract (fit on normal data, decision_function, predict...)."""

from .._lazy import lazy_exports

_EXPORTS = {
    "BaseGANDetector": ".base",
    "AnoGAN": ".anogan",
    "FAnoGAN": ".fanogan",
    "EGBAD": ".egbad",
    "GANomaly": ".ganomaly",
    "LSTMGANDetector": ".tadgan",
    "RollingZScoreDetector": ".series_baselines",
    "WindowIForestDetector": ".series_baselines",
    "LSTMAutoencoderDetector": ".series_baselines",
    "SeriesSeedEnsemble": ".series_ensemble",
}


__getattr__, __all__ = lazy_exports(__name__, _EXPORTS)
