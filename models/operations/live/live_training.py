"""Training a small GAN from scratch, live, in the app's own process (no Gradio here; the VAE is in live_vae.py).

A session owns its networks, optimisers, a fixed batch to show, and the history of every
update. The Train live tab and the /train_live endpoint drive it in slices of about a
second (`train_for`) and show a snapshot after each; the tab's step buttons call
`step_d` / `step_g` one update at a time and show what that update changed.

Besides the losses, the session records how strong each network is (live_strength.py):
D's accuracy on real against G's current images, G's fooling rate against the current D,
D's verdict on a fixed set of G's early images, and a judge's (a trained classifier's) verdict on G's.
"""
from __future__ import annotations

import copy
import functools
import threading
import time
from typing import Callable

import torch
from torch import nn

from models import datasets
from models.networks.gan import hinge_critic_loss
from models.networks.live import LiveDiscriminator, live_generator
from models.loading import live_data
from models.operations.common.dataset_files import Split
from models.operations.common.precision import native_bf16  # the project's one rule for where bf16 pays
from models.operations.common.validation import InputError
from models.operations.live.live_augment import augment
from models.operations.live.live_settings import (  # noqa: F401  (the live package's one import point)
    AUGMENTS, BASELINE, LOSSES, LR_RANGE, MAX_SECONDS, NOISE_DIM_RANGE, GanSettings, parse_lr, parse_seconds)
from models.operations.live.live_strength import Judge, Strength

_init_lock = threading.Lock()  # seeded initialisation goes through torch's global generator


def seeded(seed: int, build):
    """`build()` with torch's global generator seeded, restored afterwards (nn.Module init uses it)."""
    with _init_lock, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


class Session:
    """What both sessions share: the data, a private random generator, the clock and a lock.

    `data` may be a function that returns it: it is then called at the first update, so a new
    session (and its step-0 picture) does not wait for the dataset's files to be read."""

    def __init__(self, data: Split | Callable[[], Split], class_names: list[str], seed: int, batch_size: int):
        self._data = data
        self.class_names = list(class_names)
        self.rng = torch.Generator().manual_seed(seed)
        self.batch_size = batch_size
        self.seconds = 0.0  # time spent updating the networks, not waiting or drawing
        self.lock = threading.Lock()  # one update at a time: the training loop and the step buttons
        self.paused = threading.Event()  # set by the tab's Pause: its run ends after the slice in flight

    @functools.cached_property
    def data(self) -> Split:
        data = self._data() if callable(self._data) else self._data
        if len(data.images) == 0:
            raise InputError("no training images")
        return data

    def real_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """A random batch of training images as floats in [0, 1], with their classes."""
        images, labels = self.data
        index = torch.randint(0, len(labels), (self.batch_size,), generator=self.rng)
        return images[index].float().div_(255.0), labels[index]

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
    exactly the probability D is trained to output; with the hinge loss (the default) D's
    score is a margin, and its sigmoid a probability-like reading of it: above 0.5 means D
    leans "real". The images shown come from `shown_generator`: a running average of G's
    weights when settings.ema > 0 (smoother images for the same training), else G itself.
    """

    def __init__(self, data: Split | Callable[[], Split], class_names: list[str], settings: GanSettings = GanSettings(),
                 judge: Judge | None = None):
        s = settings.checked()
        super().__init__(data, class_names, s.seed, s.batch_size)
        self.settings, k = s, len(class_names)
        self.generator, self.discriminator = seeded(s.seed, lambda: (
            live_generator(s.generator, noise_dim=s.noise_dim, num_classes=k, hidden=s.g_hidden or s.hidden,
                           class_bias=s.class_bias, depth=s.g_depth),
            LiveDiscriminator(num_classes=k, hidden=s.hidden, conditioning=s.conditioning,
                              spectral_norm=s.spectral_norm, classifier=s.aux_weight > 0, depth=s.d_depth)))
        self.shown_generator = copy.deepcopy(self.generator).requires_grad_(False) if s.ema > 0 else self.generator
        self.fixed_z = torch.randn(k * s.samples_per_class, s.noise_dim, generator=self.rng)
        self.fixed_y = torch.arange(k).repeat_interleave(s.samples_per_class)
        self.history: dict[str, list[float]] = {"d_loss": [], "g_loss": [], "d_real": [], "d_fake": [],
                                                "d_accuracy": [], "g_fooling": []}
        self.strength = Strength(self, judge)  # judge: a trained classifier, for G's strength curve
        self.low_precision = s.precision == "bfloat16" or (s.precision == "auto" and native_bf16("cpu"))
        self.markers: list[tuple[int, str]] = []  # (step, "D" or "G") of every manual step

    # The optimisers are made at the first update: the first one made in a process imports torch's
    # compiler stack (seconds on a busy machine), which the step-0 picture should not wait for.
    @functools.cached_property
    def opt_g(self) -> torch.optim.Adam:
        return torch.optim.Adam(self.generator.parameters(), self.settings.lr, betas=self.settings.betas)

    @functools.cached_property
    def opt_d(self) -> torch.optim.Adam:
        return torch.optim.Adam(self.discriminator.parameters(), self.settings.d_lr, betas=self.settings.betas)

    @property
    def d_steps(self) -> int:
        return len(self.history["d_loss"])

    @property
    def g_steps(self) -> int:
        return len(self.history["g_loss"])

    # -- the two updates ------------------------------------------------------------------
    def _noise(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        return (torch.randn(n, self.settings.noise_dim, generator=self.rng),
                torch.randint(0, len(self.class_names), (n,), generator=self.rng))

    def _autocast(self):
        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.low_precision)

    def _critic(self, images: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """D's scores (float32) for images in [-1, 1], through the augmentation when there is one, and
        its class logits when it has the auxiliary classifier (else None)."""
        with self._autocast():
            scores, classes = self.discriminator.score_and_classes(augment(images, self.settings.augment, self.rng), y)
        return scores.float(), (classes.float() if classes is not None else None)

    def _aux_loss(self, classes: torch.Tensor | None, y: torch.Tensor) -> torch.Tensor | float:
        """The auxiliary classifier's weighted cross-entropy against the classes `y` (0 without one)."""
        if classes is None:
            return 0.0
        return self.settings.aux_weight * nn.functional.cross_entropy(classes, y)

    def _d_update(self, real: torch.Tensor, real_y: torch.Tensor, fake: torch.Tensor, fake_y: torch.Tensor) -> None:
        # one pass over real and fake together: one spectral-norm power iteration, one matrix product
        scores, classes = self._critic(torch.cat([real * 2 - 1, fake.detach().to(real.dtype)]), torch.cat([real_y, fake_y]))
        score_real, score_fake = scores[:len(real)], scores[len(real):]
        if self.settings.loss == "hinge":
            loss = hinge_critic_loss(score_real, score_fake)
        else:
            bce = nn.functional.binary_cross_entropy_with_logits
            loss = bce(score_real, torch.ones_like(score_real)) + bce(score_fake, torch.zeros_like(score_fake))
        # the class head learns from the training images' labels (and, with aux_fake, G's requested classes)
        taught = len(scores) if self.settings.aux_fake else len(real)
        aux_loss = self._aux_loss(None if classes is None else classes[:taught], torch.cat([real_y, fake_y])[:taught])
        self.opt_d.zero_grad(set_to_none=True)
        (loss + aux_loss).backward()
        self.opt_d.step()
        h, scores = self.history, scores.detach()
        h["d_loss"].append(loss.item())
        h["d_real"].append(torch.sigmoid(score_real.detach()).mean().item())
        h["d_fake"].append(torch.sigmoid(score_fake.detach()).mean().item())
        # right answers: real images scored as real (> 0), G's images as fake (< 0)
        h["d_accuracy"].append(((score_real > 0).sum() + (score_fake < 0).sum()).item() / len(scores))
        self.strength.after_d_step()

    def _g_update(self, z: torch.Tensor, y: torch.Tensor) -> None:
        with self._autocast():
            fake = self.generator(z, y)
        score, classes = self._critic(fake, y)
        if self.settings.loss == "hinge":
            loss = -score.mean()
        else:  # the non-saturating form: G maximises log D(G(z)) rather than minimising log(1 - D(G(z)))
            loss = nn.functional.binary_cross_entropy_with_logits(score, torch.ones_like(score))
        self.opt_g.zero_grad(set_to_none=True)
        (loss + self._aux_loss(classes, y)).backward()  # and make D's class head name the requested class
        self.opt_g.step()
        self.history["g_loss"].append(loss.item())
        self.history["g_fooling"].append((score.detach() > 0).float().mean().item())  # D took G's image for real
        self._average_generator()

    @torch.no_grad()
    def _average_generator(self) -> None:
        """shown_generator <- decay * shown_generator + (1 - decay) * generator; the decay grows from
        1 / ema_warmup to settings.ema over the first steps, so the average does not hold on to the noise of step 0."""
        if self.shown_generator is self.generator:
            return
        t = self.g_steps
        decay = min(self.settings.ema, (1 + t) / (self.settings.ema_warmup + t))
        torch._foreach_lerp_(list(self.shown_generator.parameters()), list(self.generator.parameters()), 1 - decay)

    def _update(self) -> None:
        real, real_y = self.real_batch()
        z, y = self._noise(self.batch_size)
        with torch.no_grad(), self._autocast():  # D's step needs G's images, not G's gradients
            fake = self.generator(z, y)
        self._d_update(real, real_y, fake, y)
        self._g_update(*self._noise(self.batch_size))

    # -- single steps, for the step buttons -------------------------------------------------
    def step_d(self) -> dict:
        """One discriminator update; D's P(real) on G's images before and after it (its batch's mean,
        and each shown image's: one per class), and the images themselves."""
        with self.lock:
            start = time.monotonic()
            real, real_y = self.real_batch()
            z, y = self._noise(self.batch_size)
            before, pair_before = self.strength.p_real(z, y), self.strength.shown_pair()
            with torch.no_grad():
                fake = self.generator(z, y)
            self._d_update(real, real_y, fake, y)
            self.markers.append((self.d_steps, "D"))
            after, pair_after = self.strength.p_real(z, y), self.strength.shown_pair()
            self.seconds += time.monotonic() - start
        return {"network": "discriminator", "p_real_fake_before": before, "p_real_fake_after": after,
                "before": pair_before, "after": pair_after}

    def step_g(self) -> dict:
        """One generator update; D's P(real) on the same noise's images before and after it, as step_d."""
        with self.lock:
            start = time.monotonic()
            z, y = self._noise(self.batch_size)
            before, pair_before = self.strength.p_real(z, y), self.strength.shown_pair()
            self._g_update(z, y)
            self.markers.append((self.g_steps, "G"))
            after, pair_after = self.strength.p_real(z, y), self.strength.shown_pair()
            self.seconds += time.monotonic() - start
        return {"network": "generator", "p_real_fake_before": before, "p_real_fake_after": after,
                "before": pair_before, "after": pair_after}

    # -- what is shown --------------------------------------------------------------------
    @torch.no_grad()
    def samples(self) -> torch.Tensor:
        """The shown generator's images for the fixed noise, (classes, samples_per_class, 1, 28, 28) in [0, 1]."""
        with self.lock:
            images = (self.shown_generator(self.fixed_z, self.fixed_y) + 1) / 2
        return images.view(len(self.class_names), self.settings.samples_per_class, 1, 28, 28)

    def stats(self) -> dict:
        h, last = self.history, lambda key: round(self.history[key][-1], 4) if self.history[key] else None
        d_steps, g_steps = self.d_steps, self.g_steps
        seen = d_steps * self.batch_size  # real images D has been shown
        return {"step": g_steps, "d_steps": d_steps, "g_steps": g_steps, "seconds": round(self.seconds, 2),
                "d_loss": last("d_loss"), "g_loss": last("g_loss"), "d_real": last("d_real"),
                "d_fake": last("d_fake"), **self.strength.latest(),
                "images_per_second": round(seen / self.seconds, 1) if self.seconds > 0 else 0.0}


def stream(session: Session, seconds: float, every: float = 1.0, first: float | None = None):
    """Yields the session first untouched, then after every `every` seconds of training, for `seconds` in all.

    `first`: the length of the first slice, when it should come sooner (the tab's first frames).
    The caller draws what it needs from the session at each yield; stopping the iteration
    (a visitor leaving) or setting `session.paused` (Pause) stops the training within one slice,
    the last yield showing the session as it stays.
    """
    yield session
    end = time.monotonic() + seconds
    slice_seconds = every if first is None else first
    while (left := end - time.monotonic()) > 0 and not session.paused.is_set():
        session.train_for(min(slice_seconds, left))
        slice_seconds = every
        yield session


def training_data(dataset: str) -> Split:
    """The training images live runs learn from: the subset shipped with the app (models/loading/live_data.py)."""
    return live_data.training_images(dataset)


def shown_images(dataset: str) -> torch.Tensor:
    """The first test image of every class, in class order: what the live VAE reconstructs."""
    return live_data.shown_images(dataset)


_reading = threading.Lock()


def training_data_once(dataset: str) -> Split:
    """training_data, one caller at a time: a page's preload and its first update read the files once."""
    with _reading:
        return training_data(dataset)


def warm_up() -> None:
    """Makes a first optimiser, so that torch's imports behind it are done before a visitor's first update."""
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def gan_session(dataset: str, settings: GanSettings = GanSettings(), judge: Judge | None = None) -> GanSession:
    """A new session on `dataset`; its training images are read at its first update (if not read before)."""
    return GanSession(functools.partial(training_data_once, dataset), datasets.class_names(dataset), settings, judge)
