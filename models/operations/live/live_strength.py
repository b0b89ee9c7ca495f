"""How strong each player of a live GAN is, measured while it trains (no Gradio here).

Losses of a GAN do not say who is winning: both move when either network learns. These do:
- D's accuracy (recorded by the session at every D step): how often D is right on a training
  batch, real images called real and G's current images called fake.
- G's fooling rate (at every G step): how often the current D takes G's current images for real.
- Against the early self: at step EARLY_STEP (the first second or so) the session keeps a set of
  G's images and a copy of D. Every PROBE_EVERY steps, how surely the current D rejects those
  early images (its mean P(fake) on them: rises as D grows stronger), and how often the current
  G fools the early D (rises as G grows stronger). Each opponent is frozen, so a rise is a
  network getting stronger, not the other getting weaker.
"""
from __future__ import annotations

import contextlib
import copy

import torch

EARLY_STEP = 30  # ~1 s of training at the default settings
PROBE_EVERY = 10
PROBE_PER_CLASS = 10
RECENT = 25  # steps averaged for the accuracy and fooling rate in the numbers


@contextlib.contextmanager
def evaluating(*modules):
    """The modules in eval mode for the block: a measurement must not update spectral norm's estimate."""
    modes = [m.training for m in modules]
    for m in modules:
        m.eval()
    try:
        yield
    finally:
        for m, mode in zip(modules, modes):
            m.train(mode)


def _mean_of_last(values: list[float], n: int) -> float | None:
    return round(sum(values[-n:]) / len(values[-n:]), 4) if values else None


class Strength:
    def __init__(self, session):
        self.session = session
        k, s = len(session.class_names), session.settings
        own = torch.Generator().manual_seed(s.seed + 104_729)  # apart from training's, so probing changes no update
        self.z = torch.randn(k * PROBE_PER_CLASS, s.noise_dim, generator=own)
        self.y = torch.arange(k).repeat_interleave(PROBE_PER_CLASS)
        self.early_images: torch.Tensor | None = None
        self.early_discriminator = None
        self.probes: dict[str, list[tuple[int, float]]] = {"early_rejected": [], "early_d_fooled": []}

    @torch.no_grad()
    def after_d_step(self) -> None:
        n = self.session.d_steps
        if n == EARLY_STEP:
            with evaluating(self.session.generator):
                self.early_images = self.session.generator(self.z, self.y)
            self.early_discriminator = copy.deepcopy(self.session.discriminator).eval().requires_grad_(False)
        if self.early_images is not None and n % PROBE_EVERY == 0:
            self.probe()

    @torch.no_grad()
    def probe(self) -> None:
        """One point of each early-self curve, at the current D step."""
        if self.early_images is None:
            return
        s, n = self.session, self.session.d_steps
        with evaluating(s.discriminator, s.generator):
            rejected = 1 - torch.sigmoid(s.discriminator(self.early_images, self.y)).mean().item()
            fooled = (self.early_discriminator(s.generator(self.z, self.y), self.y) > 0).float().mean().item()
        self.probes["early_rejected"].append((n, rejected))
        self.probes["early_d_fooled"].append((n, fooled))

    @torch.no_grad()
    def p_real(self, z: torch.Tensor, y: torch.Tensor) -> float:
        """D's mean P(real) on G's images for (z, y)."""
        s = self.session
        with evaluating(s.discriminator, s.generator):
            return torch.sigmoid(s.discriminator(s.generator(z, y), y)).mean().item()

    @torch.no_grad()
    def shown_pair(self) -> dict:
        """G's image for the first fixed noise vector of every class, and D's P(real) on each."""
        s = self.session
        z, y = s.fixed_z[::s.settings.samples_per_class], s.fixed_y[::s.settings.samples_per_class]
        with evaluating(s.discriminator, s.generator):
            images = s.generator(z, y)
            p_real = torch.sigmoid(s.discriminator(images, y))
        return {"images": (images + 1) / 2, "p_real": [round(p, 4) for p in p_real.tolist()]}

    def latest(self) -> dict:
        h, last = self.session.history, lambda key: round(self.probes[key][-1][1], 4) if self.probes[key] else None
        return {"d_accuracy": _mean_of_last(h["d_accuracy"], RECENT), "g_fooling": _mean_of_last(h["g_fooling"], RECENT),
                "early_rejected": last("early_rejected"), "early_d_fooled": last("early_d_fooled")}
