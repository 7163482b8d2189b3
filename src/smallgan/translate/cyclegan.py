"""`CycleGAN`: unpaired image-to-image translation with cycle consistency (Zhu et al. 2017)."""

from __future__ import annotations

import itertools
import numbers
from typing import Any, ClassVar

import numpy as np

from .._rng import torch_seeded
from .._validation import Interval, StrOptions
from ..exceptions import DataValidationError
from ._common import ImageTranslator, check_net_fits
from ._pool import ImagePool


class CycleGANSteps:
    """CycleGAN updates. A batch is `(index,)`: rows `index % n_A` of domain A and random rows of B (drawn
    from torch's RNG, seeded by the Trainer). D_A, D_B see real images vs pooled fakes; G_AB, G_BA minimise
    the adversarial loss + `lambda_cycle` * (|G_BA(G_AB(a)) - a| + |G_AB(G_BA(b)) - b|) + identity terms."""

    def __init__(self, nets: dict[str, Any], a, b, *, loss: str, lambda_cycle: float, lambda_identity: float,
                 lr: float, pool_size: int) -> None:
        from .._optim import adam
        from ..losses import get_loss

        self.nets, self.a, self.b = nets, a, b
        self.loss = get_loss(loss)
        self.lambda_cycle, self.lambda_identity = lambda_cycle, lambda_identity
        generators = itertools.chain(nets["generator_ab"].parameters(), nets["generator_ba"].parameters())
        critics = itertools.chain(nets["discriminator_a"].parameters(), nets["discriminator_b"].parameters())
        self.opt_g = adam(generators, lr=lr, betas=(0.5, 0.999))
        self.opt_d = adam(critics, lr=lr, betas=(0.5, 0.999))
        self.pool_a, self.pool_b = ImagePool(pool_size), ImagePool(pool_size)
        self._cached: tuple | None = None

    def modules(self) -> dict[str, Any]:
        return dict(self.nets)

    def optimizers(self) -> dict[str, Any]:
        return {"generators": self.opt_g, "discriminators": self.opt_d}

    def _batch(self, batch: tuple) -> tuple:
        import torch

        index = batch[0]
        a = self.a[index % self.a.shape[0]]
        b = self.b[torch.randint(self.b.shape[0], (index.shape[0],), device=index.device)]
        return a, b

    def discriminator_step(self, batch: tuple) -> dict[str, float]:
        a, b = self._batch(batch)
        for net in self.nets.values():
            net.train()
        fake_b, fake_a = self.nets["generator_ab"](a), self.nets["generator_ba"](b)
        self._cached = (batch[0], a, b, fake_a, fake_b)
        d_a, d_b = self.nets["discriminator_a"], self.nets["discriminator_b"]
        loss_a = self.loss.discriminator(d_a(a), d_a(self.pool_a.query(fake_a)))
        loss_b = self.loss.discriminator(d_b(b), d_b(self.pool_b.query(fake_b)))
        self.opt_d.zero_grad(set_to_none=True)
        (0.5 * (loss_a + loss_b)).backward()
        self.opt_d.step()
        return {"d_a": float(loss_a.detach()), "d_b": float(loss_b.detach())}

    def generator_step(self, batch: tuple) -> dict[str, float]:
        if self._cached is None or self._cached[0] is not batch[0]:
            a, b = self._batch(batch)
            fake_a, fake_b = self.nets["generator_ba"](b), self.nets["generator_ab"](a)
        else:
            _, a, b, fake_a, fake_b = self._cached
        self._cached = None
        g_ab, g_ba = self.nets["generator_ab"], self.nets["generator_ba"]
        adversarial = (self.loss.generator(self.nets["discriminator_b"](fake_b))
                       + self.loss.generator(self.nets["discriminator_a"](fake_a)))
        cycle = (g_ba(fake_b) - a).abs().mean() + (g_ab(fake_a) - b).abs().mean()
        loss = adversarial + self.lambda_cycle * cycle
        record = {"g_loss": float(adversarial.detach()), "cycle": float(cycle.detach())}
        if self.lambda_identity > 0:
            identity = (g_ab(b) - b).abs().mean() + (g_ba(a) - a).abs().mean()
            loss = loss + self.lambda_cycle * self.lambda_identity * identity
            record["identity"] = float(identity.detach())
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        return record


class CycleGAN(ImageTranslator):
    """Unpaired translation between domains A and B: generators G_AB, G_BA (ResNet or U-Net), two PatchGAN
    discriminators, LSGAN loss, cycle loss weight `lambda_cycle`, identity loss weight
    `lambda_identity * lambda_cycle` (needs equal channel counts), and a pool of past fakes. A and B may hold
    different numbers of images but need the same height and width. `transform` maps A -> B,
    `inverse_transform` B -> A; both return floats in [0, 1] laid out like their input. Images are uint8 or
    floats in [0, 1] / [-1, 1]; each domain's training range is kept (`pixel_range_a_`, `pixel_range_b_`), so
    after a fit on [-1, 1] floats a float batch within [0, 1] is read as [-1, 1] too. `history_` keeps
    `cycle`, `identity`, `g_loss`, `d_a`, `d_b` per epoch.

    Example:
        >>> model = CycleGAN(epochs=20, random_state=0).fit(digits_28px, mnist_images)
        >>> mnist_like = model.transform(digits_28px)

    References:
        Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent
        Adversarial Networks"; Mao et al. 2017 (LSGAN).
    """

    _parameter_constraints: ClassVar[dict[str, list]] = {
        **ImageTranslator._parameter_constraints,
        "generator": [StrOptions({"resnet", "unet"})],
        "n_blocks": [Interval(numbers.Integral, 0, None, closed="left")],
        "depth": [Interval(numbers.Integral, 1, None, closed="left")],
        "loss": [StrOptions({"lsgan", "dcgan", "hinge"})],
        "lambda_cycle": [Interval(numbers.Real, 0, None, closed="left")],
        "lambda_identity": [Interval(numbers.Real, 0, None, closed="left")],
        "pool_size": [Interval(numbers.Integral, 0, None, closed="left")],
    }

    def __init__(self, *, generator="resnet", n_blocks=3, depth=2, base_width=32, n_layers_d=2, loss="lsgan",
                 lambda_cycle=10.0, lambda_identity=0.5, pool_size=50, epochs=20, batch_size=16, lr=2e-4,
                 patience=None, eval_every=1, max_time=None, device="auto", random_state=None, verbose=False):
        self.generator, self.n_blocks, self.depth, self.base_width = generator, n_blocks, depth, base_width
        self.n_layers_d, self.loss, self.lambda_cycle, self.lambda_identity = n_layers_d, loss, lambda_cycle, \
            lambda_identity
        self.pool_size, self.epochs, self.batch_size, self.lr = pool_size, epochs, batch_size, lr
        self.patience, self.eval_every, self.max_time = patience, eval_every, max_time
        self.device, self.random_state, self.verbose = device, random_state, verbose

    def fit(self, A: Any, B: Any) -> CycleGAN:
        """Learn A <-> B from two unpaired image sets (an epoch covers the larger one)."""
        import torch

        seed = self._begin_fit()
        a, b = self._check_domains(A, B)
        if a.shape[2:] != b.shape[2:]:
            raise DataValidationError(f"A is {a.shape[2]}x{a.shape[3]} and B is {b.shape[2]}x{b.shape[3]}: the "
                                      "generators keep the size, so resize one domain to the other's size")
        if self.lambda_identity > 0 and a.shape[1] != b.shape[1]:
            raise DataValidationError(f"the identity loss needs the same channels in A ({a.shape[1]}) and B "
                                      f"({b.shape[1]}); set lambda_identity=0")
        check_net_fits(a.shape, self.depth, self.n_layers_d, "ResNet generator" if self.generator == "resnet"
                       else "U-Net")
        self.shape_a_, self.shape_b_ = tuple(a.shape[1:]), tuple(b.shape[1:])
        with torch_seeded(seed):
            self._build_networks()
        steps = CycleGANSteps(self._fitted_modules(), self._tensor(a), self._tensor(b), loss=self.loss,
                              lambda_cycle=self.lambda_cycle, lambda_identity=self.lambda_identity, lr=self.lr,
                              pool_size=self.pool_size)
        index = torch.arange(max(a.shape[0], b.shape[0]), device=self.device_)
        self.history_ = self._trainer(f"CycleGAN[{self.generator}]").fit(steps, (index,), seed)
        for module in self._fitted_modules().values():
            module.eval()
        return self

    def _generator_net(self, channels_in: int, channels_out: int):
        from ..nets.resnet_gen import ResnetGenerator
        from ..nets.unet import UNet

        if self.generator == "resnet":
            return ResnetGenerator(channels_in, channels_out, base_width=self.base_width,
                                   n_downsampling=self.depth, n_blocks=self.n_blocks, norm="instance")
        return UNet(channels_in, channels_out, depth=self.depth, base_width=self.base_width, norm="instance")

    def _build_networks(self) -> None:
        from ..nets import dcgan_init
        from ..nets.patchgan import PatchDiscriminator

        (ca, cb) = self.shape_a_[0], self.shape_b_[0]
        nets = {"generator_ab": self._generator_net(ca, cb), "generator_ba": self._generator_net(cb, ca),
                "discriminator_a": PatchDiscriminator(ca, base_width=self.base_width, n_layers=self.n_layers_d,
                                                      norm="instance"),
                "discriminator_b": PatchDiscriminator(cb, base_width=self.base_width, n_layers=self.n_layers_d,
                                                      norm="instance")}
        for name, net in nets.items():
            net.apply(dcgan_init)
            setattr(self, f"{name}_", net.to(self.device_))

    def transform(self, A: Any) -> np.ndarray:
        """Translate A-domain images into domain B (floats in [0, 1], layout of `A`)."""
        return self._translate("generator_ab_", A, "shape_a_", "A")

    def inverse_transform(self, B: Any) -> np.ndarray:
        """Translate B-domain images into domain A (floats in [0, 1], layout of `B`)."""
        return self._translate("generator_ba_", B, "shape_b_", "B")

    def _fitted_modules(self) -> dict[str, Any]:
        return {name: getattr(self, f"{name}_") for name in
                ("generator_ab", "generator_ba", "discriminator_a", "discriminator_b")}
