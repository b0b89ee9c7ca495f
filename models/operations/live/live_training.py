"""Training a small GAN from scratch, live, in the app's own process (no Gradio here; the VAE is in live_vae.py).

A session owns its networks, optimisers, a fixed batch to show, and the history of every
update. The Train live tab and the /train_live endpoint drive it in slices of about a
second (`train_for`) and show a `snapshot` after each; the tab's step buttons call
`step_d` / `step_g` one update at a time and show what that update changed.
"""
from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass

import torch
from torch import nn

from models import datasets
from models.networks.gan import hinge_critic_loss
from models.networks.live import LiveDiscriminator, LiveGenerator
from models.operations.common.dataset_files import Split, load_split
from models.operations.common.validation import InputError, parse_float, parse_int, parse_seed, shown

MAX_SECONDS = 120  # one run's limit, for the API and the tab alike
NOISE_DIM_RANGE = (1, 256)
LR_RANGE = (1e-5, 1e-1)
LOSSES = ("hinge", "bce")
_init_lock = threading.Lock()  # seeded initialisation goes through torch's global generator


def parse_lr(value) -> float:
    low, high = LR_RANGE
    try:
        return parse_float(value, "lr (learning rate)", low, high)
    except InputError:  # the tab's own wording: "must be from"
        raise InputError(f"lr (learning rate) must be from {low:g} to {high:g}, got {shown(value)}.") from None


def parse_seconds(value) -> int:
    return parse_int(value, "seconds", 1, MAX_SECONDS)


@dataclass(frozen=True)
class GanSettings:
    """Defaults measured to train fastest in a minute on one CPU thread (benchmarks/train_live.py)."""

    lr: float = 2e-3
    noise_dim: int = 64
    batch_size: int = 128
    hidden: int = 256
    loss: str = "hinge"  # or "bce", the original GAN loss (non-saturating for G)
    conditioning: str = "projection"  # how D sees the class: "projection" or "concat" (models/networks/live.py)
    spectral_norm: bool = True
    betas: tuple[float, float] = (0.0, 0.9)  # Adam's; (0.5, 0.999) is the classic DCGAN choice
    seed: int = 0
    samples_per_class: int = 8

    def checked(self) -> "GanSettings":
        """The same settings with every value checked; a bad one is an InputError naming it."""
        if self.loss not in LOSSES:
            raise InputError(f"loss must be one of {', '.join(LOSSES)}, got {shown(self.loss)}.")
        return GanSettings(lr=parse_lr(self.lr), noise_dim=parse_int(self.noise_dim, "noise_dim", *NOISE_DIM_RANGE),
                           batch_size=parse_int(self.batch_size, "batch_size", 1, 1024),
                           hidden=parse_int(self.hidden, "hidden", 8, 2048), loss=self.loss, betas=tuple(self.betas),
                           conditioning=self.conditioning, spectral_norm=bool(self.spectral_norm),
                           seed=parse_seed(self.seed),
                           samples_per_class=parse_int(self.samples_per_class, "samples_per_class", 1, 16))


# The calibration baseline (docs/train-live.md): a plain two-layer MLP conditional GAN (one-hot class
# beside the pixels, no spectral norm, binary cross-entropy, Adam 2e-4 with betas 0.5/0.999).
BASELINE = GanSettings(lr=2e-4, loss="bce", betas=(0.5, 0.999), conditioning="concat", spectral_norm=False)


def seeded(seed: int, build):
    """`build()` with torch's global generator seeded, restored afterwards (nn.Module init uses it)."""
    with _init_lock, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


class Session:
    """What both sessions share: the data, a private random generator, the clock and a lock."""

    def __init__(self, data: Split, class_names: list[str], seed: int, batch_size: int):
        if len(data.images) == 0:
            raise InputError("no training images")
        self.images, self.labels, self.class_names = data.images, data.labels, list(class_names)
        self.rng = torch.Generator().manual_seed(seed)
        self.batch_size = batch_size
        self.seconds = 0.0  # time spent updating the networks, not waiting or drawing
        self.lock = threading.Lock()  # one update at a time: the training loop and the step buttons

    def real_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """A random batch of training images as floats in [0, 1], with their classes."""
        index = torch.randint(0, len(self.labels), (self.batch_size,), generator=self.rng)
        return self.images[index].float().div_(255.0), self.labels[index]

    def train_for(self, seconds: float) -> None:
        """Updates until `seconds` of wall time have passed (at least one update)."""
        with self.lock:
            start = time.monotonic()
            while True:
                self._update()
                if time.monotonic() - start >= seconds:
                    break
            self.seconds += time.monotonic() - start

    def _update(self) -> None:
        raise NotImplementedError


class GanSession(Session):
    """A class-conditional GAN; each training update is one D step then one G step.

    P(real) is the sigmoid of D's score, as in the Generate tab. With the "bce" loss that is
    exactly the probability D is trained to output; with the hinge loss (the default, which
    learned faster here) D's score is a margin, and its sigmoid a probability-like reading
    of it: above 0.5 means D leans "real".
    """

    def __init__(self, data: Split, class_names: list[str], settings: GanSettings = GanSettings()):
        s = settings.checked()
        super().__init__(data, class_names, s.seed, s.batch_size)
        self.settings, k = s, len(class_names)
        self.generator, self.discriminator = seeded(s.seed, lambda: (
            LiveGenerator(noise_dim=s.noise_dim, num_classes=k, hidden=s.hidden),
            LiveDiscriminator(num_classes=k, hidden=s.hidden, conditioning=s.conditioning,
                              spectral_norm=s.spectral_norm)))
        self.opt_g = torch.optim.Adam(self.generator.parameters(), s.lr, betas=s.betas)
        self.opt_d = torch.optim.Adam(self.discriminator.parameters(), s.lr, betas=s.betas)
        self.fixed_z = torch.randn(k * s.samples_per_class, s.noise_dim, generator=self.rng)
        self.fixed_y = torch.arange(k).repeat_interleave(s.samples_per_class)
        self.history: dict[str, list[float]] = {"d_loss": [], "g_loss": [], "d_real": [], "d_fake": []}

    # -- the two updates ------------------------------------------------------------------
    def _noise(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        return (torch.randn(n, self.settings.noise_dim, generator=self.rng),
                torch.randint(0, len(self.class_names), (n,), generator=self.rng))

    def _d_update(self, real: torch.Tensor, real_y: torch.Tensor, fake: torch.Tensor, fake_y: torch.Tensor) -> None:
        score_real = self.discriminator(real * 2 - 1, real_y)
        score_fake = self.discriminator(fake.detach(), fake_y)
        if self.settings.loss == "hinge":
            loss = hinge_critic_loss(score_real, score_fake)
        else:
            bce = nn.functional.binary_cross_entropy_with_logits
            loss = bce(score_real, torch.ones_like(score_real)) + bce(score_fake, torch.zeros_like(score_fake))
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        h = self.history
        h["d_loss"].append(loss.item())
        h["d_real"].append(torch.sigmoid(score_real.detach()).mean().item())
        h["d_fake"].append(torch.sigmoid(score_fake.detach()).mean().item())

    def _g_update(self, z: torch.Tensor, y: torch.Tensor) -> None:
        score = self.discriminator(self.generator(z, y), y)
        if self.settings.loss == "hinge":
            loss = -score.mean()
        else:  # the non-saturating form: G maximises log D(G(z)) rather than minimising log(1 - D(G(z)))
            loss = nn.functional.binary_cross_entropy_with_logits(score, torch.ones_like(score))
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        self.history["g_loss"].append(loss.item())

    def _update(self) -> None:
        real, real_y = self.real_batch()
        z, y = self._noise(self.batch_size)
        self._d_update(real, real_y, self.generator(z, y), y)
        self._g_update(*self._noise(self.batch_size))

    # -- single steps, for the step buttons -------------------------------------------------
    @torch.no_grad()
    def _p_real(self, z: torch.Tensor, y: torch.Tensor) -> float:
        return torch.sigmoid(self.discriminator(self.generator(z, y), y)).mean().item()

    def step_d(self) -> dict:
        """One discriminator update; D's mean P(real) on the same fake batch before and after it."""
        with self.lock:
            start = time.monotonic()
            real, real_y = self.real_batch()
            z, y = self._noise(self.batch_size)
            before = self._p_real(z, y)
            with torch.no_grad():
                fake = self.generator(z, y)
            self._d_update(real, real_y, fake, y)
            after = self._p_real(z, y)
            self.seconds += time.monotonic() - start
        return {"network": "discriminator", "p_real_fake_before": before, "p_real_fake_after": after}

    def step_g(self) -> dict:
        """One generator update; D's mean P(real) on the same noise's images before and after it."""
        with self.lock:
            start = time.monotonic()
            z, y = self._noise(self.batch_size)
            before = self._p_real(z, y)
            self._g_update(z, y)
            after = self._p_real(z, y)
            self.seconds += time.monotonic() - start
        return {"network": "generator", "p_real_fake_before": before, "p_real_fake_after": after}

    # -- what is shown --------------------------------------------------------------------
    @torch.no_grad()
    def samples(self) -> torch.Tensor:
        """G's images for the fixed noise, (classes, samples_per_class, 1, 28, 28) in [0, 1]."""
        with self.lock:
            images = (self.generator(self.fixed_z, self.fixed_y) + 1) / 2
        return images.view(len(self.class_names), self.settings.samples_per_class, 1, 28, 28)

    def stats(self) -> dict:
        h, last = self.history, lambda key: round(self.history[key][-1], 4) if self.history[key] else None
        d_steps, g_steps = len(h["d_loss"]), len(h["g_loss"])
        seen = d_steps * self.batch_size  # real images D has been shown
        return {"step": g_steps, "d_steps": d_steps, "g_steps": g_steps, "seconds": round(self.seconds, 2),
                "d_loss": last("d_loss"), "g_loss": last("g_loss"), "d_real": last("d_real"),
                "d_fake": last("d_fake"),
                "images_per_second": round(seen / self.seconds, 1) if self.seconds > 0 else 0.0}


def stream(session: Session, seconds: float, every: float = 1.0):
    """Yields the session first untouched, then after every `every` seconds of training, for `seconds` in all.

    The caller draws what it needs from the session at each yield; stopping the iteration
    (a visitor leaving) stops the training within one slice.
    """
    yield session
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        session.train_for(min(every, left))
        yield session


@functools.lru_cache(maxsize=None)  # read once per dataset and process: ~50 MB for Fashion-MNIST
def training_data(dataset: str) -> Split:
    return load_split(dataset, "train")


@functools.lru_cache(maxsize=None)
def shown_images(dataset: str) -> torch.Tensor:
    """The first test image of every class, in class order: what the live VAE reconstructs."""
    test = load_split(dataset, "test")
    firsts = [int((test.labels == c).nonzero()[0]) for c in range(int(test.labels.max()) + 1)]
    return test.images[firsts]


def gan_session(dataset: str, settings: GanSettings = GanSettings()) -> GanSession:
    return GanSession(training_data(dataset), datasets.class_names(dataset), settings)
