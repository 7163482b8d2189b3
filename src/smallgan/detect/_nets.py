"""Small composite modules used only by the detectors: the BiGAN joint discriminator (EGBAD) and the
encoder-decoder-encoder generator (GANomaly). Pure `nn.Module`s built from `smallgan.nets` parts."""

from __future__ import annotations

from torch import Tensor, nn

from ..nets import dense_block


class JointDiscriminator(nn.Module):
    """D(x, z) of BiGAN/ALI: a data branch and a latent branch joined by a dense layer.

    Args:
        data_branch: module mapping x to (n, width) (an MLP or a conv encoder with out_features=width).
        latent_dim: size of z.
        width: size of each branch's output and of the joint feature layer.
        dropout: dropout of the latent and joint layers (EGBAD uses 0.2).

    References:
        Donahue et al. 2017 (BiGAN); Dumoulin et al. 2017 (ALI); Zenati et al. 2018 (EGBAD).
    """

    def __init__(self, data_branch: nn.Module, latent_dim: int, width: int, *, dropout: float = 0.2) -> None:
        super().__init__()
        self.data_branch = data_branch
        self.latent_branch = dense_block(latent_dim, width, "leaky_relu", dropout)
        self.joint = dense_block(2 * width, width, "leaky_relu", dropout)
        self.head = nn.Linear(width, 1)

    def features(self, x: Tensor, z: Tensor) -> Tensor:
        """Joint feature layer (used for EGBAD's feature-matching score)."""
        import torch

        return self.joint(torch.cat([self.data_branch(x), self.latent_branch(z)], dim=1))

    def forward(self, x: Tensor, z: Tensor) -> Tensor:
        return self.head(self.features(x, z))


class EncoderDecoderEncoder(nn.Module):
    """GANomaly's generator: z = E1(x), x_hat = G(z), z_hat = E2(x_hat); `forward` returns all three.

    References:
        Akcay et al. 2018, GANomaly: semi-supervised anomaly detection via adversarial training.
    """

    def __init__(self, encoder: nn.Module, decoder: nn.Module, second_encoder: nn.Module) -> None:
        super().__init__()
        self.encoder, self.decoder, self.second_encoder = encoder, decoder, second_encoder

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        z = self.encoder(x)
        x_hat = self.decoder(z)
        return z, x_hat, self.second_encoder(x_hat)
