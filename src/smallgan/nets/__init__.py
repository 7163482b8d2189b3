"""Plain `nn.Module` networks: explicit constructor arguments, no training or data knowledge."""

from .dcgan import ConvDecoder, ConvEncoder, upsampling_plan
from .init import dcgan_init
from .mlp import MLP, SpanActivation, TabularGenerator, dense_block

__all__ = ["MLP", "SpanActivation", "TabularGenerator", "dense_block", "dcgan_init", "ConvDecoder", "ConvEncoder",
           "upsampling_plan"]
