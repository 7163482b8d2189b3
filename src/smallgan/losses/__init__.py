"""Losses shared by every GAN in smallgan."""

from .adversarial import ADVERSARIAL, AdversarialLoss, get_loss, register_loss
from .penalty import clip_weights, critic_pass, gradient_penalty, interpolate, penalty_at
from .reconstruction import feature_matching, l1, l2, per_sample_l1, per_sample_l2, rbf_mmd

__all__ = ["ADVERSARIAL", "AdversarialLoss", "get_loss", "register_loss", "clip_weights", "gradient_penalty",
           "interpolate", "penalty_at", "critic_pass",
           "feature_matching", "l1", "l2", "per_sample_l1", "per_sample_l2", "rbf_mmd"]
