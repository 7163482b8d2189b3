"""`Pix2Pix`: paired image-to-image translation, U-Net generator + PatchGAN, loss cGAN + lambda * L1."""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

import numpy as np

from .._adversarial import AdversarialSteps
from .._rng import torch_seeded
from .._validation import Interval, StrOptions
from ..exceptions import DataValidationError
from ._common import ImageTranslator, check_net_fits

_MONITOR_PAIRS = 256


class Pix2PixSteps:
    """One pix2pix update per batch `(a, b)`: D sees (a, b) as real and (a, G(a)) as fake; G minimises the
    adversarial loss plus `lambda_l1` * |G(a) - b|. Without a discriminator it is an L1-trained U-Net.
    G(a) is computed once per batch (in the D step) and reused by the G step, as in the reference code."""

    def __init__(self, generator, discriminator, *, loss: str | None, lambda_l1: float, lr: float,
                 monitor=None) -> None:
        from .._optim import adam
        from ..losses import get_loss

        self.generator, self.discriminator = generator, discriminator
        self.loss = None if loss is None else get_loss(loss)
        self.lambda_l1 = lambda_l1
        self.opt_g = adam(generator.parameters(), lr=lr, betas=(0.5, 0.999))
        self.opt_d = (None if discriminator is None
                      else adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.999)))
        self._monitor = monitor
        self._cached: tuple[Any, Any] | None = None

    def modules(self) -> dict[str, Any]:
        found = {"generator": self.generator}
        if self.discriminator is not None:
            found["discriminator"] = self.discriminator
        return found

    def optimizers(self) -> dict[str, Any]:
        found = {"generator": self.opt_g}
        if self.opt_d is not None:
            found["discriminator"] = self.opt_d
        return found

    def discriminator_step(self, batch: tuple) -> dict[str, float]:
        a, b = batch
        self.generator.train()
        fake = self.generator(a)
        self._cached = (a, fake)
        if self.discriminator is None:
            return {}
        self.discriminator.train()
        loss = self.loss.discriminator(self.discriminator(b, a), self.discriminator(fake.detach(), a))
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return {"d_loss": float(loss.detach())}

    def generator_step(self, batch: tuple) -> dict[str, float]:
        a, b = batch
        fake = self._cached[1] if self._cached is not None and self._cached[0] is a else self.generator(a)
        self._cached = None
        l1 = (fake - b).abs().mean()
        loss = self.lambda_l1 * l1
        record = {"l1": float(l1.detach())}
        if self.discriminator is not None:
            adversarial = self.loss.generator(self.discriminator(fake, a))
            loss = loss + adversarial
            record["g_loss"] = float(adversarial.detach())
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return record

    # the monitor in eval mode, without gradients: the same as the standard adversarial update
    evaluate = AdversarialSteps.evaluate


class Pix2Pix(ImageTranslator):
    """Paired translation A -> B: a U-Net generator with skip connections and a PatchGAN discriminator
    that judges (A, B) pairs; loss = cGAN + `lambda_l1` * L1. `loss="none"` trains the same U-Net with
    L1 only (the usual baseline). Images: (n, h, w), (n, h, w, c) or (n, c, h, w), uint8 or floats in
    [0, 1] / [-1, 1]; h and w must be multiples of 2^depth. Each domain's training range is kept
    (`pixel_range_a_`, `pixel_range_b_`): after a fit on [-1, 1] floats, `transform` reads float images within
    [0, 1] as [-1, 1] too, so one image's output does not depend on its batch. `transform` returns floats in
    [0, 1] laid out like its input. `history_` holds the losses per epoch (`l1`, `d_loss`, `g_loss`).

    Example:
        >>> model = Pix2Pix(epochs=10, random_state=0).fit(edges, images)
        >>> fake_images = model.transform(new_edges)

    References:
        Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional Adversarial Networks".
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **ImageTranslator._parameter_constraints,
        "lambda_l1": [Interval(numbers.Real, 0, None, closed="left")],
        "loss": [StrOptions({"dcgan", "lsgan", "hinge", "none"})],
        "depth": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "norm": [StrOptions({"batch", "instance"}), None],
    }

    def __init__(self, *, lambda_l1=100.0, loss="dcgan", depth=2, base_width=32, n_layers_d=2, dropout=0.0,
                 norm="batch", epochs=20, batch_size=32, lr=2e-4, patience=None, eval_every=1, max_time=None,
                 device="auto", random_state=None, verbose=False):
        self.lambda_l1, self.loss, self.depth, self.base_width = lambda_l1, loss, depth, base_width
        self.n_layers_d, self.dropout, self.norm = n_layers_d, dropout, norm
        self.epochs, self.batch_size, self.lr = epochs, batch_size, lr
        self.patience, self.eval_every, self.max_time = patience, eval_every, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit(self, A: Any, B: Any) -> Pix2Pix:
        """Learn A -> B from aligned pairs (row i of A goes with row i of B)."""
        seed = self._begin_fit()
        if self.loss == "none" and self.lambda_l1 == 0:
            raise ValueError("loss='none' with lambda_l1=0 leaves nothing to train; set lambda_l1 > 0")
        a, b = self._check_domains(A, B)
        if a.shape[0] != b.shape[0]:
            raise DataValidationError(f"paired data needs as many A as B images: A has {a.shape[0]}, B has "
                                      f"{b.shape[0]}; use CycleGAN for unpaired data")
        if a.shape[2:] != b.shape[2:]:
            raise DataValidationError(f"paired images must have the same size: A is {a.shape[2]}x{a.shape[3]}, "
                                      f"B is {b.shape[2]}x{b.shape[3]}; resize one domain first")
        check_net_fits(a.shape, self.depth, None if self.loss == "none" else self.n_layers_d)
        self.shape_a_, self.shape_b_ = tuple(a.shape[1:]), tuple(b.shape[1:])
        with torch_seeded(seed):
            self._build_networks()
        tensors = (self._tensor(a), self._tensor(b))
        self.history_ = self._trainer(f"Pix2Pix[{self.loss}]").fit(self._steps(*tensors), tensors, seed)
        for module in self._fitted_modules().values():
            module.eval()
        return self

    def _build_networks(self) -> None:
        from ..nets import dcgan_init
        from ..nets.patchgan import PatchDiscriminator
        from ..nets.unet import UNet

        self.generator_ = UNet(self.shape_a_[0], self.shape_b_[0], depth=self.depth, base_width=self.base_width,
                               norm=self.norm, dropout=self.dropout).to(self.device_)
        self.generator_.apply(dcgan_init)
        self.discriminator_ = None
        if self.loss != "none":
            self.discriminator_ = PatchDiscriminator(self.shape_a_[0] + self.shape_b_[0], base_width=self.base_width,
                                                     n_layers=self.n_layers_d, norm=self.norm).to(self.device_)
            self.discriminator_.apply(dcgan_init)

    def _steps(self, a, b) -> Pix2PixSteps:
        import torch

        order = torch.randperm(a.shape[0], generator=torch.Generator().manual_seed(self.seed_))[:_MONITOR_PAIRS]
        ref_a, ref_b = a[order.to(a.device)], b[order.to(a.device)]
        return Pix2PixSteps(self.generator_, self.discriminator_, loss=None if self.loss == "none" else self.loss,
                            lambda_l1=self.lambda_l1, lr=self.lr,
                            monitor=lambda: (self.generator_(ref_a) - ref_b).abs().mean())

    def transform(self, A: Any) -> np.ndarray:
        """Translate A-domain images to B; floats in [0, 1] with the layout of `A`."""
        return self._translate("generator_", A, "shape_a_", "A")

    def _fitted_modules(self) -> dict[str, Any]:
        found = {"generator": self.generator_}
        if self.discriminator_ is not None:
            found["discriminator"] = self.discriminator_
        return found
