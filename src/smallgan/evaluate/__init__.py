"""Evaluation: downstream-classifier protocols, detection metrics, fidelity and privacy of synthetic data."""

from .._lazy import lazy_exports

_EXPORTS = {
    "binary_metrics": ".classification",
    "youden_stats": ".classification",
    "top_fraction_stats": ".classification",
    "evaluate_oversampling": ".protocols",
    "summarize": ".protocols",
    "paired_comparison": ".stats",
    "quality_report": ".fidelity",
    "column_distances": ".fidelity",
    "correlation_gap": ".fidelity",
    "detectability_auc": ".fidelity",
    "memorisation_rate": ".privacy",
    "distance_to_closest_record": ".privacy",
    "ssim": ".image",
    "psnr": ".image",
    "mae": ".image",
    "image_metrics": ".image",
    "one_class_split": ".detection",
    "detection_metrics": ".detection",
    "evaluate_detectors": ".detection",
    "segment_scores": ".segments",
    "point_scores": ".segments",
    "train_feature_extractor": ".image_quality",
    "frechet_distance": ".image_quality",
    "precision_recall": ".image_quality",
    "compare_samplers": ".protocols",
    "mean_std": ".stats",
    "holm": ".stats",
}


__getattr__, __all__ = lazy_exports(__name__, _EXPORTS)
