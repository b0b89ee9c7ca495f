"""The GAN's noise vector z: the one rule that draws it from a seed, the numbers a learner types
into it, how far it is scaled, and how varied the images it makes are.

The lesson writes noise as `[-5 6.2 8]`; /generate takes such text as `noise`: its numbers
become the first entries of every image's z, the rest come from the seed as always.
"""
from __future__ import annotations

import math
import numbers
import re

import torch

from models.operations.common.validation import NUMBER, InputError, parse_float, real_to_float, shown

MAX_ABS = 100.0     # |entry| above this is a typing slip, not noise: N(0, 1) rarely leaves +-4
MAX_TEXT = 2000     # characters; 64 numbers written out in full fit easily
SCALE_MAX = 3.0     # noise_scale of /generate and /sample_vae: 0 (no noise) to 3 (three times the training spread)
# /reconstruct's noise_scale multiplies the posterior's standard deviation, which is small: a mean sigma of
# about 0.1 for the bundled VAEs' uploads against the prior's 1. Measured on the trouser and dog examples,
# 16 samples differ by 0.06-0.09 (RMS pixel difference) at 3x, 0.2-0.26 at 10x, and change class from 10x on.
POSTERIOR_SCALE_MAX = 20.0
EXAMPLE = "[-5 6.2 8]"

_SEPARATOR = re.compile(r"\s*,\s*|\s+")
_BRACKETS = {"[": "]", "(": ")"}


def _accepted(length: int) -> str:
    return (f"up to {length} numbers between -{MAX_ABS:g} and {MAX_ABS:g}, separated by spaces or commas, "
            f"optionally in brackets, e.g. {EXAMPLE}")


def _strip_brackets(text: str, length: int) -> str:
    if text[:1] in _BRACKETS:
        if text[-1:] != _BRACKETS[text[0]]:
            raise InputError(f"noise opens with {text[0]!r} but does not end with {_BRACKETS[text[0]]!r}; "
                             f"expected {_accepted(length)}.")
        text = text[1:-1].strip()
    if any(c in text for c in "[]()"):
        raise InputError(f"noise must be one flat list of numbers, not nested; expected {_accepted(length)}.")
    return text


def _entry(value, position: int, length: int) -> float:
    if isinstance(value, str):
        if not NUMBER.fullmatch(value):
            cut = value if len(value) <= 20 else value[:20] + "..."
            raise InputError(f"noise entry {position} is {cut!r}, not a number; expected {_accepted(length)}.")
        number = float(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = real_to_float(value)
    else:
        raise InputError(f"noise entry {position} is {shown(value)}, not a number; expected {_accepted(length)}.")
    if not math.isfinite(number) or abs(number) > MAX_ABS:
        raise InputError(f"noise entry {position} is {shown(value)}, not a finite number between -{MAX_ABS:g} and "
                         f"{MAX_ABS:g} (standard normal noise stays within about +-4).")
    return number


def parse_noise(value, length: int) -> tuple[float, ...]:
    """The typed numbers of `noise` (text, or a list of numbers); () for none. `length`: entries z has.

    Accepts the ways the lesson writes a vector: `[-5 6.2 8]`, `-5, 6.2, 8`, `-5 6.2 8`.
    """
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        entries = list(value)
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise InputError(f"noise is {len(value)} characters long; at most {MAX_TEXT}: {_accepted(length)}.")
        text = _strip_brackets(value.strip(), length)
        entries = [] if not text else _SEPARATOR.split(text)
        if "" in entries:
            raise InputError(f"noise has an empty entry (two commas in a row, or a comma at an end); "
                             f"expected {_accepted(length)}.")
    else:
        raise InputError(f"noise must be text such as {EXAMPLE!r}; got {shown(value)}.")
    if len(entries) > length:
        raise InputError(f"noise has {len(entries)} numbers but z has only {length} entries; "
                         f"expected {_accepted(length)}.")
    return tuple(_entry(v, i + 1, length) for i, v in enumerate(entries))


def parse_scale(value, high: float = SCALE_MAX) -> float:
    return parse_float(value, "noise_scale", 0.0, high)


def format_noise(values) -> str:
    """Numbers as `noise` text that parse_noise reads back: `[-5 6.2 8]`."""
    return "[" + " ".join(f"{float(v):g}" for v in values) + "]"


def draw(gan, seed: int, count: int, label_index: int | None = None, typed: tuple[float, ...] = (),
         scale: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """The rule: `count` noise vectors z and classes y from `seed`, as /generate and everything that
    must match it (the walks of the Explore tab, Compare's GAN column) draw them.

    z comes first from the seeded generator, then (for label None, "any") the classes; so the
    classes do not depend on `scale` or `typed`. z = scale x the standard normal draw, and the
    typed numbers replace its first entries, kept as typed.
    """
    rng = torch.Generator().manual_seed(seed)
    z = gan.noise(count, generator=rng)
    y = (gan.random_labels(count, generator=rng) if label_index is None
         else torch.full((count,), label_index, dtype=torch.long))
    if scale == 0.0:
        z = torch.zeros_like(z)  # not z * 0, whose -0.0 entries a learner would see printed
    elif scale != 1.0:
        z = z * scale
    if typed:
        z[:, :len(typed)] = torch.tensor(typed, dtype=z.dtype)
    return z, y


def spread(images: torch.Tensor, classes: torch.Tensor) -> float | None:
    """How varied a batch is: the mean root-mean-square pixel difference between two images of
    the same class (0: identical; about 0.3 between two typical Fashion-MNIST items).

    Only pairs of one class count, so with class "any" a batch is not called varied for holding
    several classes. None when no two images share a class.
    """
    flat = images.flatten(1).float()
    same = classes[:, None] == classes[None, :]
    same.fill_diagonal_(False)
    if not bool(same.any()):
        return None
    # exact differences: the faster matrix-product form leaves ~1e-4 between identical images
    distances = torch.cdist(flat, flat, compute_mode="donot_use_mm_for_euclid_dist") / math.sqrt(flat.shape[1])
    return float(distances[same].mean())
