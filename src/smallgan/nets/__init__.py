"""Plain `nn.Module` networks: explicit constructor arguments, no training or data knowledge."""

from .init import dcgan_init
from .mlp import MLP, SpanActivation, TabularGenerator, dense_block

__all__ = ["MLP", "SpanActivation", "TabularGenerator", "dense_block", "dcgan_init"]
