"""Recurrent networks for windows of a time series: LSTM encoder / decoder, a 1-D convolutional critic.

Windows are tensors `(n, window_size, channels)`. `adjusted=True` swaps the plain LSTM for the
adjusted LSTM of ALGAN: attention re-weights the time steps of the input and re-weights the output
sequence with a context vector. References: Geiger et al. 2020 (TadGAN); Bashar & Nayak 2023 (ALGAN).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


class TemporalAttention(nn.Module):
    """Softmax weights over the time steps of `(n, T, f)`; returns weights `(n, T, 1)` summing to 1 over T."""

    def __init__(self, features: int, hidden: int = 16) -> None:
        super().__init__()
        self.score = nn.Sequential(nn.Linear(features, hidden), nn.Tanh(), nn.Linear(hidden, 1, bias=False))

    def forward(self, x: Tensor) -> Tensor:
        return torch.softmax(self.score(x), dim=1)


class RecurrentBlock(nn.Module):
    """(Bi)LSTM returning the full output sequence `(n, T, hidden * directions)`.

    With `adjusted=True` (ALGAN's adjusted LSTM, as we read it): the input steps are rescaled by
    `T * attention(x)` (mean weight 1) before the LSTM, and the outputs get an attention-pooled
    context vector added to every step.

    Example:
        >>> RecurrentBlock(1, 8)(torch.zeros(2, 10, 1)).shape
        torch.Size([2, 10, 16])
    """

    def __init__(self, in_features: int, hidden: int, *, bidirectional: bool = True, adjusted: bool = False) -> None:
        super().__init__()
        self.lstm = nn.LSTM(in_features, hidden, batch_first=True, bidirectional=bidirectional)
        self.out_features = hidden * (2 if bidirectional else 1)
        self.input_attention = TemporalAttention(in_features) if adjusted else None
        self.output_attention = TemporalAttention(self.out_features) if adjusted else None

    def forward(self, x: Tensor) -> Tensor:
        if self.input_attention is not None:
            x = x * (x.shape[1] * self.input_attention(x))
        out, _ = self.lstm(x)
        if self.output_attention is not None:
            context = (self.output_attention(out) * out).sum(dim=1, keepdim=True)
            out = out + context
        return out


class LSTMEncoder(nn.Module):
    """Windows `(n, T, channels)` -> codes `(n, latent_dim)`: (Bi)LSTM, mean and last step pooled, Linear."""

    def __init__(self, channels: int, latent_dim: int, *, hidden: int = 32, adjusted: bool = False) -> None:
        super().__init__()
        self.recurrent = RecurrentBlock(channels, hidden, adjusted=adjusted)
        self.head = nn.Linear(2 * self.recurrent.out_features, latent_dim)

    def forward(self, x: Tensor) -> Tensor:
        out = self.recurrent(x)
        return self.head(torch.cat([out.mean(dim=1), out[:, -1]], dim=1))


class LSTMDecoder(nn.Module):
    """Codes `(n, latent_dim)` -> windows `(n, T, channels)` in [-1, 1].

    As in TadGAN's generator: a Linear maps z to a coarse sequence of `T / upsample` steps, which is
    repeated up to T steps and refined by a (Bi)LSTM and a per-step Linear + tanh.
    """

    def __init__(self, latent_dim: int, window_size: int, channels: int, *, hidden: int = 32, upsample: int = 2,
                 adjusted: bool = False) -> None:
        super().__init__()
        self.window_size, self.channels = window_size, channels
        self.coarse = -(-window_size // upsample)
        self.upsample = upsample
        self.project = nn.Linear(latent_dim, self.coarse * channels)
        self.recurrent = RecurrentBlock(channels, hidden, adjusted=adjusted)
        self.head = nn.Linear(self.recurrent.out_features, channels)

    def forward(self, z: Tensor) -> Tensor:
        coarse = self.project(z).view(z.shape[0], self.coarse, self.channels)
        steps = coarse.repeat_interleave(self.upsample, dim=1)[:, : self.window_size]
        return torch.tanh(self.head(self.recurrent(steps)))


class MaskDropout(nn.Module):
    """Dropout as nn.Dropout (zero with probability `p`, scale the rest by 1 / (1 - p)) from a `rand` mask.

    On CPU, `torch.rand` plus a comparison is about twice as fast as the Bernoulli sampling of
    `nn.Dropout`, a tenth of a TadGAN step; the masks follow torch's global generator as nn.Dropout's do.

    Example:
        >>> MaskDropout(0.25).eval()(torch.ones(3)).tolist()
        [1.0, 1.0, 1.0]
    """

    def __init__(self, p: float) -> None:
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        self.p = p

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = (torch.rand_like(x) >= self.p).to(x.dtype)
        return x * keep * (1.0 / (1.0 - self.p))


class WindowCritic(nn.Module):
    """Critic of windows `(n, T, channels)` -> one score per window: strided Conv1d blocks, then Linear.

    `features(x)` returns the flattened convolutional features (feature matching, inspection).
    """

    def __init__(self, window_size: int, channels: int, *, width: int = 32, blocks: int = 3,
                 dropout: float = 0.25) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        length, in_channels = window_size, channels
        for _ in range(blocks):
            layers += [nn.Conv1d(in_channels, width, 5, stride=2, padding=2), nn.LeakyReLU(0.2), MaskDropout(dropout)]
            in_channels, length = width, (length + 1) // 2
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width * length, 1)

    def features(self, x: Tensor) -> Tensor:
        return self.body(x.transpose(1, 2)).flatten(1)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))
