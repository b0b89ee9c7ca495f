"""What a live session looks like: G's class x noise grid, the before/after pair of a single step,
curves with a sentence each, and the API's captioned rows (PIL images and dicts, no Gradio)."""
from __future__ import annotations

import torch
from PIL import Image

from models.operations.common.images import to_pil, upscale
from models.operations.live.live_plot import Panel, Series, curves, put_text, text_width
from models.operations.live.live_strength import EARLY_STEP
from models.operations.live.live_training import GanSession
from models.operations.live.live_vae import VaeSession

ROW_SCALE = 3  # the API's rows: 28 px -> 84 px per image
GRID_SCALE = 2  # the tab's grid: 28 px -> 56 px per image, the whole grid on one screen
GAP, HEADER, LABEL_PAD = 2, 26, 8
WIDE_COLUMNS, NARROW_COLUMNS = 8, 4  # images per class on a computer's screen and on a phone's
BLUE, ORANGE, GREEN, RED, PURPLE = (31, 119, 180), (230, 110, 0), (44, 160, 44), (214, 39, 40), (130, 80, 180)
WHITE, INK = (255, 255, 255), (30, 30, 30)

LOSS_NAMES = {"hinge": "hinge", "bce": "binary cross-entropy"}
MARK_COLOURS = {"D": BLUE, "G": ORANGE}

Captioned = list[tuple[Image.Image, str]]


def image_row(images: torch.Tensor, scale: int = ROW_SCALE) -> Image.Image:
    """(N, 1, 28, 28) in [0, 1] -> one picture of the N images side by side, enlarged."""
    row = torch.cat(list(images[:, 0]), dim=1)  # (28, 28 * N)
    return upscale(to_pil(row), scale)


def gan_rows(session: GanSession) -> Captioned:
    """One row of generated images per class, for the session's fixed noise, captioned with the class (the API's gallery)."""
    return [(image_row(row), name) for row, name in zip(session.samples(), session.class_names)]


def tiles(rows: list[torch.Tensor], columns: int) -> Image.Image:
    """The first `columns` images of each row, (N, 1, 28, 28) in [0, 1], as one enlarged picture
    with white gaps between them (laid out as one tensor: one conversion, not one per image)."""
    gap = GAP // GRID_SCALE
    images = torch.stack([row[:columns, 0] for row in rows])  # (R, C, 28, 28)
    padded = torch.nn.functional.pad(images, (0, gap, 0, gap), value=1.0)
    r, c = images.shape[:2]
    canvas = padded.permute(0, 2, 1, 3).reshape(r * (28 + gap), c * (28 + gap))[:-gap, :-gap]
    return upscale(to_pil(canvas), GRID_SCALE).convert("RGB")


def labelled_grid(rows: list[torch.Tensor], labels: list[str], title: str, columns: int) -> Image.Image:
    """Rows of (N, 1, 28, 28) images in [0, 1], the first `columns` of each, a label left of each row
    and a title line on top: one picture."""
    label_width = max(text_width(label) for label in labels) + 2 * LABEL_PAD
    cell = 28 * GRID_SCALE + GAP
    body = tiles(rows, columns)
    width = max(label_width + body.width, text_width(title) + 2 * LABEL_PAD)
    image = Image.new("RGB", (width, HEADER + body.height), WHITE)
    image.paste(body, (label_width, HEADER))
    put_text(image, (LABEL_PAD, HEADER // 2), title, INK, "lm")
    for r, label in enumerate(labels):
        put_text(image, (label_width - LABEL_PAD, HEADER + r * cell + cell // 2), label, INK, "rm")
    return image


def _header(session, seconds: float) -> str:
    return f"step {session.stats()['step']} · {seconds:.1f} s of training"


WIDE_PANEL, NARROW_PANEL = 600, 340  # curve pictures' widths in pixels: a computer's half screen, a phone's
PHONE_CONTENT = 358  # pixels a 390 px phone leaves for a picture inside the page's margins


def gan_grid(session: GanSession, columns: int = WIDE_COLUMNS) -> Image.Image:
    """G's images, one row per class (the fixed noise, in order), with the step and seconds on top."""
    samples = session.samples()
    return labelled_grid(list(samples), session.class_names, _header(session, session.seconds),
                         min(columns, samples.shape[1]))


def step_pair(result: dict, class_names: list[str], columns: int = 10) -> Image.Image:
    """Before and after one manual step: G's image for each class and D's P(real) under each."""
    network = "D" if result["network"] == "discriminator" else "G"
    rows = [("before", result["before"]), ("after", result["after"])]
    n = len(result["before"]["p_real"])
    per_line = min(columns, n)
    lines = (n + per_line - 1) // per_line
    cell, text = 28 * GRID_SCALE + 6, 30
    label_width = 60
    block = lines * (cell + text)
    width = label_width + per_line * cell
    image = Image.new("RGB", (max(width, 420), HEADER + 2 * block + 4), WHITE)
    put_text(image, (LABEL_PAD, HEADER // 2), f"One {network} step: D's P(real) on G's image of each class, before and after",
             INK, "lm")
    for b, (name, shown) in enumerate(rows):
        top0 = HEADER + b * block
        put_text(image, (LABEL_PAD, top0 + cell // 2), name, INK, "lm")
        for i, (tile, p) in enumerate(zip(shown["images"], shown["p_real"])):
            line, col = divmod(i, per_line)
            x, y = label_width + col * cell, top0 + line * (cell + text)
            image.paste(upscale(to_pil(tile), GRID_SCALE).convert("RGB"), (x, y))
            put_text(image, (x, y + cell - 4), f"{p:.3f}", INK, size=11)
            if name == "after":
                change = p - result["before"]["p_real"][i]
                put_text(image, (x, y + cell + 9), f"{change:+.3f}", GREEN if change > 0 else RED, size=11)
            else:
                put_text(image, (x, y + cell + 9), class_names[i][:9], (110, 110, 110), size=11)
    return image


def _markers(session: GanSession) -> list[tuple[float, str, tuple[int, int, int]]]:
    return [(step, network, MARK_COLOURS[network]) for step, network in session.markers]


# What each panel's curves mean, one sentence per curve: under each picture in the tab, inside the API's picture.
SENTENCES = [
    "Each loss rises when the other network learns, so neither goes to zero: "
    "the losses alone do not say who is winning.",
    "Blue rising: D tells real images from G's current ones more often. "
    f"Purple rising: D calls more of the images G drew at step {EARLY_STEP} fake; they never change, so D has grown stronger.",
    "Orange rising: the current D takes more of G's images for real. "
    "Green rising: the Space's trained classifier recognises more of G's images as the class asked for; "
    "it never changes, so G has grown stronger.",
]


def gan_panels(session: GanSession) -> list[Panel]:
    h, probes, marks = session.history, session.strength.probes, _markers(session)
    probe = lambda key: ([v for _, v in probes[key]], [s for s, _ in probes[key]])
    rejected, rejected_at = probe("early_rejected")
    recognised, recognised_at = probe("recognised")
    g_series = [Series("G's fooling rate against the current D", h["g_fooling"], ORANGE, smooth=25)]
    if session.strength.judge is not None:
        g_series.append(Series("recognised by the classifier", recognised, GREEN, steps=recognised_at))
    return [
        Panel(f"Losses ({LOSS_NAMES[session.settings.loss]})",
              [Series("D's loss", h["d_loss"], BLUE), Series("G's loss", h["g_loss"], ORANGE)], markers=marks,
              sentence=SENTENCES[0]),
        Panel("The discriminator D: how strong",
              [Series("accuracy, real vs G's current images", h["d_accuracy"], BLUE, smooth=25),
               Series(f"calls G's step-{EARLY_STEP} images fake", rejected, PURPLE, steps=rejected_at)],
              limits=(0.0, 1.0), guide=0.5, markers=marks, sentence=SENTENCES[1]),
        Panel("The generator G: how strong", g_series, limits=(0.0, 1.0), guide=0.5, markers=marks,
              sentence=SENTENCES[2]),
    ]


def gan_curves(session: GanSession, sentences: bool = True) -> Image.Image:
    """Every panel stacked in one picture (the API's), each with its sentence under it."""
    return curves(gan_panels(session), steps=max(session.d_steps, session.g_steps), sentences=sentences)


WIDE_PANEL, NARROW_PANEL = 600, 340  # pixels: a computer's half screen, a phone's width


def p_real_curves(session: GanSession) -> Image.Image:
    """The losses and D's mean P(real) on a real batch and on a batch of G's images (the lesson's
    20-second match reads these two colours)."""
    h = session.history
    return curves([
        Panel(f"Losses ({LOSS_NAMES[session.settings.loss]})",
              [Series("D's loss", h["d_loss"], BLUE), Series("G's loss", h["g_loss"], ORANGE)]),
        Panel("D's mean P(real)", [Series("on real images", h["d_real"], GREEN), Series("on G's images", h["d_fake"], RED)],
              limits=(0.0, 1.0), guide=0.5),
    ], steps=max(session.d_steps, session.g_steps))


def gan_panel_images(session: GanSession, width: int = WIDE_PANEL, height: int = 180) -> list[Image.Image]:
    """Each panel as its own picture (the tab writes each sentence under its picture as text)."""
    steps = max(session.d_steps, session.g_steps)
    return [curves([p], steps, width, height) for p in gan_panels(session)]


def vae_picture(session: VaeSession, narrow: bool = False) -> Image.Image:
    """The shown test images with the VAE's current reconstruction of each under it: one picture,
    in two rows (a phone's: four rows of five)."""
    shown, redrawn, title = session.shown, session.reconstructions(), _header(session, session.seconds)
    if not narrow:
        return labelled_grid([shown, redrawn], ["test image", "redrawn"], title, len(shown))
    half = (len(shown) + 1) // 2
    rows = [shown[:half], redrawn[:half], shown[half:], redrawn[half:]]
    return labelled_grid(rows, ["image", "redrawn"] * 2, title, half)


def vae_rows(session: VaeSession) -> Captioned:
    """The shown images and, below each, the VAE's current reconstruction of it."""
    return [(image_row(session.shown), "original images"),
            (image_row(session.reconstructions()), f"reconstructions after {len(session.history['kl'])} steps")]


def vae_curves(session: VaeSession, narrow: bool = False) -> Image.Image:
    """The two terms of the negative ELBO, each on its own axis: the KL term's from 0 up, the
    reconstruction term's fitted after its first steps (it starts ~2x higher and would flatten the rest)."""
    h, steps = session.history, len(session.history["kl"])
    panels = [Panel("Reconstruction term: how badly it redraws (nats per image)",
                    [Series("reconstruction", h["reconstruction"], BLUE)], floor=0.0, fit_after=0.05),
              Panel("KL term: how far q(z|x) is from N(0, I) (nats per image)",
                    [Series("KL(q(z|x) || p(z))", h["kl"], ORANGE)], from_zero=True)]
    if narrow:  # one above the other
        return curves(panels, steps, width=NARROW_PANEL, panel_height=160)
    pictures = [curves([p], steps, width=WIDE_PANEL, panel_height=160) for p in panels]  # side by side
    joined = Image.new("RGB", (2 * WIDE_PANEL + 16, 160), WHITE)
    for i, picture in enumerate(pictures):
        joined.paste(picture, (i * (WIDE_PANEL + 16), 0))
    return joined
