"""What the noise does to the GAN's images: how varied a batch is as the scale moves, and one
image whose first noise entries a learner holds (the Generate tab's sliders).

Both start from exactly the noise /generate draws for the same arguments (models.operations.noise.draw).
"""
from __future__ import annotations

import torch

from models.loading.loader import Family
from models.operations import noise
from models.operations.inference import NOISE_HEAD, Captioned, judged, noise_request
from models.operations.validation import parse_int

CURVE_SCALES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)


@torch.inference_mode()
def diversity(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0) -> dict:
    """How varied /generate's batch is for these arguments, and how that changes with the scale.

    `spread`: mean RMS pixel difference between two images of the same class (models.operations.noise.spread;
    0 = identical); `classes_seen`: how many different classes the classifier sees in the batch.
    `curve`: both figures for the same seed, classes and typed numbers at each scale of
    CURVE_SCALES and at `noise_scale`, all in one pass through the generator and the classifier.
    """
    z, y = noise_request(family, seed, count, label, noise_text, 1.0)  # the scale is applied below, per point
    scale = noise.parse_scale(noise_scale)
    typed = len(noise.parse_noise(noise_text, family.gan.noise_dim))
    scales = sorted({*CURVE_SCALES, scale})
    batch = torch.cat([_scaled(z, s, typed) for s in scales])
    images = as_shown(family.gan.generate(batch, y.repeat(len(scales))))
    guesses = family.classifier.predict_proba(images).argmax(1)
    curve = []
    for k, s in enumerate(scales):
        part = slice(k * len(z), (k + 1) * len(z))
        spread = noise.spread(images[part], y)
        curve.append({"noise_scale": s, "spread": None if spread is None else round(spread, 4),
                      "classes_seen": int(guesses[part].unique().numel())})
    here = next(point for point in curve if point["noise_scale"] == scale)
    return {**here, "count": len(z), "curve": curve}


def as_shown(images: torch.Tensor) -> torch.Tensor:
    """The 8-bit pixels the page shows (models.operations.images.to_pil), back in [0, 1]: two images a
    learner sees as the same measure 0, whatever float rounding a large batch brings."""
    return (images.clamp(0, 1) * 255.0 + 0.5).floor() / 255.0


def _scaled(z: torch.Tensor, scale: float, typed: int) -> torch.Tensor:
    """z with its seeded entries scaled and its first `typed` entries (typed by hand) kept."""
    out = z * scale
    out[:, :typed] = z[:, :typed]
    return out


@torch.inference_mode()
def held_image(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0, index=0,
               head=()) -> tuple[Captioned, list[dict]]:
    """Image `index` of /generate's batch for these arguments, with the first entries of its z set to `head`.

    The same as /generate with `head` (followed by the rest of the typed numbers) as `noise`,
    for that one image: a slider's move costs one image, not a batch.
    """
    z, y = noise_request(family, seed, count, label, noise_text, noise_scale)
    index = parse_int(index, "index", 0, len(z) - 1)
    head = noise.parse_noise(list(head), NOISE_HEAD)  # the sliders' values, checked as typed numbers are
    one = z[index:index + 1].clone()
    one[0, :len(head)] = torch.tensor(head, dtype=one.dtype)
    return judged(family, one, y[index:index + 1], first_index=index)
