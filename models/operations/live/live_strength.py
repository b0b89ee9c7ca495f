"""How strong each player of a live GAN is, measured while it trains (no Gradio here).

Losses of a GAN do not say who is winning: both move when either network learns. These do:
- D's accuracy (recorded by the session at every D step): how often D is right on a training
  batch, real images called real and G's current images called fake.
- G's fooling rate (at every G step): how often the current D takes G's current images for real.
  Against each other the two see-saw around a balance; strength shows against fixed opponents:
- D against G's early images: at step EARLY_STEP (G's "blurry average shape" stage, a few seconds
  in) the session keeps a set of G's images; every PROBE_EVERY steps, the share of them the
  current D calls fake. Rising: D has learned what those images lack.
- G against a fixed judge, when the session has one (the Space's trained classifier): the share of
  G's shown images it recognises as the class asked for. Rising: G draws the classes better.

Measured before choosing these (docs/train-live.md): D's verdicts on images G drew at step 100
go from 35% rejected to ~90% by step 400, while G's fooling rate against a frozen early D stays
flat (an old D is not simply a weaker judge of good images), so G's strength is read off the judge.
"""
from __future__ import annotations

import contextlib
from typing import Callable

import torch

EARLY_STEP = 100  # a few seconds in: G draws blurry average shapes, which D at first accepts a third of
PROBE_EVERY = 10
JUDGE_EVERY = 40  # the judge (a CNN) costs ~0.4 ms per image: 5 per class every 40 steps is ~3% of training
PROBE_PER_CLASS = 10
JUDGED_PER_CLASS = 5
RECENT = 25  # steps averaged for the accuracy and fooling rate in the numbers

Judge = Callable[[torch.Tensor], torch.Tensor]  # images (N, 1, 28, 28) in [0, 1] -> predicted classes (N,)


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
    def __init__(self, session, judge: Judge | None = None):
        self.session, self.judge = session, judge
        k, s = len(session.class_names), session.settings
        own = torch.Generator().manual_seed(s.seed + 104_729)  # apart from training's, so probing changes no update
        self.z = torch.randn(k * PROBE_PER_CLASS, s.noise_dim, generator=own)
        self.y = torch.arange(k).repeat_interleave(PROBE_PER_CLASS)
        self.early_images: torch.Tensor | None = None
        self.probes: dict[str, list[tuple[int, float]]] = {"early_rejected": [], "recognised": []}

    @torch.no_grad()
    def after_d_step(self) -> None:
        n = self.session.d_steps
        if n == EARLY_STEP:
            with evaluating(self.session.generator):
                self.early_images = self.session.generator(self.z, self.y)
        if n % PROBE_EVERY == 0:
            self.probe(judge=n % JUDGE_EVERY == 0)

    @torch.no_grad()
    def probe(self, judge: bool = True) -> None:
        """One point of each fixed-opponent curve, at the current D step (of the judge's too if `judge`)."""
        s, n = self.session, self.session.d_steps
        if self.early_images is not None:
            with evaluating(s.discriminator):
                rejected = (s.discriminator(self.early_images, self.y) < 0).float().mean().item()
            self.probes["early_rejected"].append((n, rejected))
        if judge and self.judge is not None:
            z, y = self.z[::PROBE_PER_CLASS // JUDGED_PER_CLASS], self.y[::PROBE_PER_CLASS // JUDGED_PER_CLASS]
            with evaluating(s.shown_generator):
                images = (s.shown_generator(z, y) + 1) / 2
            self.probes["recognised"].append((n, (self.judge(images) == y).float().mean().item()))

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
                "early_rejected": last("early_rejected"), "recognised": last("recognised")}
