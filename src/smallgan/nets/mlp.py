"""Multi-layer perceptrons for tabular generators, discriminators and encoders."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

_ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh, "elu": nn.ELU}


def dense_block(in_features: int, out_features: int, activation: str = "leaky_relu", dropout: float = 0.0,
                norm: str | None = None) -> nn.Sequential:
    """Linear -> (norm) -> activation -> (dropout)."""
    layers: list[nn.Module] = [nn.Linear(in_features, out_features)]
    if norm == "batch":
        layers.append(nn.BatchNorm1d(out_features))
    elif norm == "layer":
        layers.append(nn.LayerNorm(out_features))
    layers.append(_ACTIVATIONS[activation]())
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class MLP(nn.Module):
    """Stack of dense blocks and a final Linear; an optional condition vector is concatenated to the input.

    Example:
        >>> net = MLP(8, (64, 32), 1)
        >>> net(torch.zeros(4, 8)).shape
        torch.Size([4, 1])
    """

    def __init__(self, in_features: int, hidden: Sequence[int], out_features: int, *, cond_features: int = 0,
                 activation: str = "leaky_relu", dropout: float = 0.0, norm: str | None = None) -> None:
        super().__init__()
        widths = [in_features + cond_features, *hidden]
        self.body = nn.Sequential(*[dense_block(a, b, activation, dropout, norm)
                                    for a, b in itertools.pairwise(widths)])
        self.head = nn.Linear(widths[-1], out_features)
        self.cond_features = cond_features

    def _join(self, x: Tensor, cond: Tensor | None) -> Tensor:
        if self.cond_features:
            if cond is None:
                raise ValueError("this network is conditional: pass cond")
            return torch.cat([x, cond], dim=1)
        return x

    def features(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        """Activations of the last hidden layer (used by feature matching and AnoGAN)."""
        return self.body(self._join(x, cond))

    def forward(self, x: Tensor, cond: Tensor | None = None) -> Tensor:
        return self.head(self.features(x, cond))


class SpanActivation(nn.Module):
    """Per-span output activation for mixed tabular rows: identity, tanh or (Gumbel-)softmax spans.

    Args:
        spans: (start, end, kind) with kind in {"identity", "tanh", "softmax"}.
        tau: Gumbel-softmax temperature for softmax spans during training (CTGAN uses 0.2).
    """

    def __init__(self, spans: Sequence[tuple[int, int, str]], tau: float = 0.2) -> None:
        super().__init__()
        self.spans = _merge_elementwise([tuple(span) for span in spans])
        self.tau = tau

    def forward(self, x: Tensor) -> Tensor:
        if len(self.spans) == 1 and self.spans[0][2] == "identity":
            return x
        parts = []
        for start, end, kind in self.spans:
            part = x[:, start:end]
            if kind == "tanh":
                part = torch.tanh(part)
            elif kind == "softmax":
                part = F.gumbel_softmax(part, tau=self.tau, hard=False) if self.training else F.softmax(part, dim=1)
            parts.append(part)
        return torch.cat(parts, dim=1)


def _merge_elementwise(spans: list[tuple]) -> list[tuple]:
    """Join neighbouring identity (or tanh) spans: one slice per run instead of one per column."""
    merged: list[tuple] = []
    for start, end, kind in spans:
        if merged and kind != "softmax" and merged[-1][2] == kind and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end, kind)
        else:
            merged.append((start, end, kind))
    return merged


class TabularGenerator(nn.Module):
    """MLP generator followed by per-span output activations."""

    def __init__(self, latent_dim: int, hidden: Sequence[int], spans: Sequence[tuple[int, int, str]], *,
                 cond_features: int = 0, tau: float = 0.2) -> None:
        super().__init__()
        out_features = max(end for _, end, _ in spans)
        self.mlp = MLP(latent_dim, hidden, out_features, cond_features=cond_features, activation="relu",
                       norm="layer")
        self.activation = SpanActivation(spans, tau)

    def forward(self, z: Tensor, cond: Tensor | None = None) -> Tensor:
        return self.activation(self.mlp(z, cond))
