"""The live GAN's settings and their checks: what a visitor or a client may change, and the defaults.

The defaults are the design measured fastest to learn the classes in a minute on one CPU
thread (docs/train-live.md, benchmarks/train_live.py); BASELINE is the plain conditional GAN
they are compared with.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.networks.live import CONDITIONINGS, GENERATORS
from models.operations.common.validation import InputError, parse_float, parse_int, parse_seed, shown

MAX_SECONDS = 120  # one run's limit, for the API and the tab alike
NOISE_DIM_RANGE = (1, 256)
LR_RANGE = (1e-5, 1e-1)
LOSSES = ("hinge", "bce")
AUGMENTS = ("none", "translation", "translation,cutout")
PRECISIONS = ("float32", "bfloat16", "auto")  # auto: bfloat16 where the CPU multiplies it natively


def parse_lr(value) -> float:
    low, high = LR_RANGE
    try:
        return parse_float(value, "lr (learning rate)", low, high)
    except InputError:  # the tab's own wording: "must be from"
        raise InputError(f"lr (learning rate) must be from {low:g} to {high:g}, got {shown(value)}.") from None


def parse_seconds(value) -> int:
    return parse_int(value, "seconds", 1, MAX_SECONDS)


def _one_of(value, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, got {shown(value)}.")
    return value


@dataclass(frozen=True)
class GanSettings:
    """Every knob of a live GAN run. `lr` is G's learning rate; D's is `lr * d_lr_ratio`
    (two time-scale updates, Heusel et al. 2017, when the ratio is not 1)."""

    lr: float = 1e-3
    d_lr_ratio: float = 1.0
    noise_dim: int = 64
    batch_size: int = 128
    hidden: int = 256  # D's hidden units, and G's unless g_hidden is given
    g_hidden: int | None = None
    # two hidden layers each: on an idle core the one-layer pair plateaued at ~80% label fidelity by
    # ~2,000 steps; a second layer raised the plateau (docs/train-live.md)
    g_depth: int = 2  # hidden layers of the MLP generator
    d_depth: int = 2  # hidden layers of the discriminator
    generator: str = "mlp"  # or "conv" (models/networks/live.py)
    class_bias: bool = False  # the MLP generator's learned picture per class (models/networks/live.py)
    loss: str = "hinge"  # or "bce", the original GAN loss (non-saturating for G)
    conditioning: str = "projection"  # how D sees the class: "projection" or "concat"
    spectral_norm: bool = True
    # AC-GAN's auxiliary classifier (Odena et al. 2017): D also names the class of real images
    # (cross-entropy, this weight) and G is trained to make it name the requested class; 0: none
    aux_weight: float = 0.0
    aux_fake: bool = False  # D's head is also taught that G's images are of their requested class
    betas: tuple[float, float] = (0.0, 0.9)  # Adam's; (0.5, 0.999) is the classic DCGAN choice
    # decay of the running average of G's weights that draws the shown images (0: none, G itself);
    # a running average (0.995 at first) drew images the classifier recognised ~10 points more often;
    # a longer one, over about the last half of the run (up to 2,000 steps), 3-5 points more again
    ema: float = 0.9995
    # the decay ramps up as (1 + t) / (ema_warmup + t) until it reaches `ema`: the average covers
    # about the last t / (ema_warmup - 1) of t steps, so it does not hold on to step 0's noise
    ema_warmup: float = 3.0
    augment: str = "none"  # DiffAugment-style changes to every image D sees (Zhao et al. 2020)
    # of the training steps' matrix products (the shown images are drawn in float32); auto: bfloat16
    # where the CPU multiplies it natively, ~1.4x the steps per second of float32 there
    precision: str = "auto"
    seed: int = 0
    samples_per_class: int = 8

    @property
    def d_lr(self) -> float:
        return self.lr * self.d_lr_ratio

    def checked(self) -> "GanSettings":
        """The same settings with every value checked; a bad one is an InputError naming it."""
        aux_weight = parse_float(self.aux_weight, "aux_weight", 0.0, 10.0)
        if aux_weight > 0 and self.conditioning == "concat":  # D's features then carry the label itself
            raise InputError("aux_weight needs conditioning projection: with concat D is told the class.")
        return GanSettings(
            lr=parse_lr(self.lr), d_lr_ratio=parse_float(self.d_lr_ratio, "d_lr_ratio", 0.1, 10.0),
            noise_dim=parse_int(self.noise_dim, "noise_dim", *NOISE_DIM_RANGE),
            batch_size=parse_int(self.batch_size, "batch_size", 1, 2048),
            hidden=parse_int(self.hidden, "hidden", 8, 2048),
            g_hidden=None if self.g_hidden is None else parse_int(self.g_hidden, "g_hidden", 8, 2048),
            g_depth=parse_int(self.g_depth, "g_depth", 1, 4), d_depth=parse_int(self.d_depth, "d_depth", 1, 4),
            generator=_one_of(self.generator, "generator", GENERATORS), class_bias=bool(self.class_bias),
            loss=_one_of(self.loss, "loss", LOSSES), precision=_one_of(self.precision, "precision", PRECISIONS),
            conditioning=_one_of(self.conditioning, "conditioning", CONDITIONINGS),
            spectral_norm=bool(self.spectral_norm), aux_weight=aux_weight, aux_fake=bool(self.aux_fake), betas=tuple(self.betas),
            ema=parse_float(self.ema, "ema", 0.0, 0.9999), ema_warmup=parse_float(self.ema_warmup, "ema_warmup", 1.5, 1000.0), augment=_one_of(self.augment, "augment", AUGMENTS),
            seed=parse_seed(self.seed), samples_per_class=parse_int(self.samples_per_class, "samples_per_class", 1, 16))


# The calibration baseline: a plain two-layer MLP conditional GAN (one-hot class beside the
# pixels, no spectral norm, binary cross-entropy, Adam 2e-4 with betas 0.5/0.999, G itself shown).
BASELINE = GanSettings(lr=2e-4, loss="bce", betas=(0.5, 0.999), conditioning="concat", spectral_norm=False, ema=0.0,
                       g_depth=1, d_depth=1, precision="float32")
