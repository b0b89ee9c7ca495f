"""What a live session looks like: captioned image rows, curves and numbers (PIL and dicts, no Gradio)."""
from __future__ import annotations

import torch
from PIL import Image

from models.operations.common.images import to_pil, upscale
from models.operations.live.live_plot import Panel, Series, curves
from models.operations.live.live_training import GanSession
from models.operations.live.live_vae import VaeSession

ROW_SCALE = 3  # 28 px -> 84 px per image in a row
BLUE, ORANGE, GREEN, RED = (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40)

LOSS_NAMES = {"hinge": "hinge", "bce": "binary cross-entropy"}

Captioned = list[tuple[Image.Image, str]]


def image_row(images: torch.Tensor) -> Image.Image:
    """(N, 1, 28, 28) in [0, 1] -> one picture of the N images side by side, enlarged."""
    row = torch.cat(list(images[:, 0]), dim=1)  # (28, 28 * N)
    return upscale(to_pil(row), ROW_SCALE)


def gan_rows(session: GanSession) -> Captioned:
    """One row of generated images per class, for the session's fixed noise, captioned with the class."""
    return [(image_row(row), name) for row, name in zip(session.samples(), session.class_names)]


def gan_curves(session: GanSession) -> Image.Image:
    h = session.history
    return curves([
        Panel(f"losses ({LOSS_NAMES[session.settings.loss]})", [Series("D loss", h["d_loss"], BLUE), Series("G loss", h["g_loss"], ORANGE)]),
        Panel("D's mean P(real)", [Series("on real images", h["d_real"], GREEN), Series("on G's images", h["d_fake"], RED)],
              limits=(0.0, 1.0), guide=0.5),
    ], steps=len(h["g_loss"]))


def vae_rows(session: VaeSession) -> Captioned:
    """The shown images and, below each, the VAE's current reconstruction of it."""
    return [(image_row(session.shown), "original images"),
            (image_row(session.reconstructions()), f"reconstructions after {len(session.history['kl'])} steps")]


def vae_curves(session: VaeSession) -> Image.Image:
    h = session.history
    return curves([
        Panel("reconstruction term (nats per image)", [Series("reconstruction", h["reconstruction"], BLUE)]),
        Panel("KL term (nats per image)", [Series("KL(q(z|x) || p(z))", h["kl"], ORANGE)]),
    ], steps=len(h["kl"]))
