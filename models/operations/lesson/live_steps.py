"""Steps 7 and 10 of the lesson, on the Train live machinery (models/operations/live/), through its public
functions: a small VAE learning to redraw one dog from scratch, and a 20-second GAN match.

Both are generators: the caller shows each yielded state as it comes, so the first picture (the
untrained network) is on screen at once and the rest follow while the network trains.
"""
from __future__ import annotations

from collections.abc import Iterator

import torch

from models import datasets
from models.operations.live import live_training as live
from models.operations.live import live_vae

# VAE updates after which the dog is redrawn: doubling, so the early changes are seen close up.
# About 4 s in all on one busy CPU thread (160 updates of a batch of 128).
CHECKPOINTS = (0, 10, 20, 40, 80, 160)
MATCH_SECONDS = 20
MATCH_EVERY = 1.0  # seconds of training between two pictures of the match


def decoder_from_scratch(dataset: str, x: torch.Tensor, checkpoints: tuple[int, ...] = CHECKPOINTS,
                         seed: int = 0) -> Iterator[tuple[int, torch.Tensor]]:
    """(updates so far, the dog redrawn (1, 1, 28, 28) in [0, 1]) at each checkpoint, the first before any update.

    `x`: the image to redraw (1, 1, 28, 28) in [0, 1]; the VAE trains on the dataset's training split.
    Seeded and counted in updates, not seconds: the same pictures on any machine."""
    session = live_vae.VaeSession(live.training_data(dataset), datasets.class_names(dataset), x,
                                  live_vae.VaeSettings(seed=seed))
    done = 0
    for checkpoint in checkpoints:
        while done < checkpoint:
            session.step()
            done += 1
        yield done, session.reconstructions()


def match(dataset: str, seconds: float = MATCH_SECONDS, seed: int = 0) -> Iterator[live.GanSession]:
    """A fresh conditional GAN, yielded untrained and then after every MATCH_EVERY seconds of training."""
    session = live.gan_session(dataset, live.GanSettings(seed=seed))
    yield from live.stream(session, seconds, MATCH_EVERY)


def class_row(session: live.GanSession, class_index: int) -> torch.Tensor:
    """G's current images of one class for the session's fixed noise, (samples_per_class, 1, 28, 28)."""
    return session.samples()[class_index]
