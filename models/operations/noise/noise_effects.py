"""What the noise does to the GAN's images: how varied a batch is as the scale moves, and one
image whose first noise entries a learner holds (the Generate tab's sliders).

Both start from exactly the noise /generate draws for the same arguments (models.operations.noise.noise.draw).
"""
from __future__ import annotations

import torch

from models.loading.loader import Family
from models.operations.noise import noise
from models.operations.common.images import to_8bit
from models.operations.inference import NOISE_HEAD, Captioned, judged
from models.operations.noise.request import NoiseRequest
from models.operations.common.validation import parse_int

CURVE_SCALES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)


@torch.inference_mode()
def diversity(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0) -> dict:
    """How varied /generate's batch is for these arguments, and how that changes with the scale.

    `spread`: mean RMS pixel difference between two images of the same class (models.operations.noise.noise.spread;
    0 = identical); `classes_seen`: how many different classes the classifier sees in the batch.
    `curve`: both figures for the same seed, classes and typed numbers at each scale of
    CURVE_SCALES and at `noise_scale`, all in one pass through the generator and the classifier.
    """
    request = NoiseRequest.parse(family, seed, count, label, noise_text, noise_scale)  # checked once
    scale = request.scale
    scales = sorted({*CURVE_SCALES, scale})
    draws = [request.at_scale(s).draw(family) for s in scales]  # the same rule at every scale
    z, y = torch.cat([z for z, _ in draws]), draws[0][1]
    images = as_shown(family.gan.generate(z, y.repeat(len(scales))))
    guesses = family.classifier.predict_proba(images).argmax(1)
    curve = []
    for k, s in enumerate(scales):
        part = slice(k * len(y), (k + 1) * len(y))
        spread = noise.spread(images[part], y)
        curve.append({"noise_scale": s, "spread": None if spread is None else round(spread, 4),
                      "classes_seen": int(guesses[part].unique().numel())})
    here = next(point for point in curve if point["noise_scale"] == scale)
    return {**here, "count": len(y), "curve": curve}


def as_shown(images: torch.Tensor) -> torch.Tensor:
    """The 8-bit pixels the page shows (models.operations.common.images.to_8bit), back in [0, 1]: two images a
    learner sees as the same measure 0, whatever float rounding a large batch brings."""
    return to_8bit(images).float() / 255.0


@torch.inference_mode()
def held_image(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0, index=0,
               head=()) -> tuple[Captioned, list[dict]]:
    """Image `index` of /generate's batch for these arguments, with the first entries of its z set to `head`.

    The same as /generate with `head` (followed by the rest of the typed numbers) as `noise`,
    for that one image: a slider's move costs one image, not a batch.
    """
    head = noise.parse_noise(list(head), NOISE_HEAD)  # the sliders' values, checked as typed numbers are
    z, y = NoiseRequest.parse(family, seed, count, label, noise_text, noise_scale).with_head(head).draw(family)
    index = parse_int(index, "index", 0, len(z) - 1)
    return judged(family, z[index:index + 1], y[index:index + 1], first_index=index)
