"""Walks through the models' latent spaces: GAN noise, GAN classes, and VAE codes of two real images.

Each walk returns captioned frames (a strip for a gallery) and an animated GIF of the same
frames. Everything random takes a seed, so the same arguments give the same pictures.
"""
from __future__ import annotations

import torch
from PIL import Image

from models.operations.noise import noise
from models.operations.common.animation import gif_bytes, ping_pong
from models.operations.common.images import as_shown, for_display, upscale
from models.loading.loader import Family
from models.operations.common.preprocess import preprocess
from models.operations.common.validation import InputError, parse_int, parse_label, parse_seed, shown

MIN_STEPS, MAX_STEPS = 2, 32
METHODS = ("slerp", "linear")
FRAME_MS = 160

Captioned = list[tuple[Image.Image, str]]


def lerp(a: torch.Tensor, b: torch.Tensor, ts: torch.Tensor) -> torch.Tensor:
    """Points (1 - t) a + t b for each t in `ts`: shape (len(ts), *a.shape)."""
    ts = ts.reshape(-1, *([1] * a.dim()))
    return (1 - ts) * a + ts * b


def slerp(a: torch.Tensor, b: torch.Tensor, ts: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation along the great circle from a to b (Shoemake 1985).

    Gaussian noise in many dimensions lives near a sphere; the straight line between two
    samples dips inside it, to vectors far shorter than any the generator was trained on.
    """
    cos = torch.dot(a, b) / (a.norm() * b.norm()).clamp_min(1e-12)
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    if float(omega.sin()) < 1e-6:  # (anti)parallel: the great circle is not defined, the line is fine
        return lerp(a, b, ts)
    ts = ts.reshape(-1, 1)
    return (torch.sin((1 - ts) * omega) * a + torch.sin(ts * omega) * b) / omega.sin()


def parse_method(value) -> str:
    if not isinstance(value, str) or value.strip().lower() not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}; got {shown(value)}.")
    return value.strip().lower()


def parse_steps(value) -> int:
    return parse_int(value, "steps", MIN_STEPS, MAX_STEPS)


def path(a: torch.Tensor, b: torch.Tensor, steps: int, method: str = "slerp") -> torch.Tensor:
    ts = torch.linspace(0.0, 1.0, steps)
    return slerp(a, b, ts) if method == "slerp" else lerp(a, b, ts)


def _classifier_view(family: Family, images: torch.Tensor) -> list[str]:
    probs = family.classifier.predict_proba(as_shown(images))  # as the PNGs show them
    best = probs.argmax(1)
    return [f"{family.class_names[int(i)]} {float(probs[k, i]):.2f}" for k, i in enumerate(best)]


def _strip_and_gif(family: Family, images: torch.Tensor, ts: torch.Tensor) -> tuple[Captioned, bytes]:
    frames = [for_display(img) for img in images]
    views = _classifier_view(family, images)
    strip = [(frame, f"t={float(t):.2f} · {view}") for frame, t, view in zip(frames, ts, views)]
    return strip, gif_bytes(ping_pong(frames), FRAME_MS)


def noise_and_class(family: Family, seed: int, label: str) -> tuple[torch.Tensor, int]:
    """The z and class that /generate uses for its first image with this seed and label (and count 1)."""
    z, y = noise.draw(family.gan, seed, 1, None if label == "any" else family.class_names.index(label))
    return z[0], int(y[0])


@torch.inference_mode()
def interpolate_noise(family: Family, seed_a=0, seed_b=1, steps=8, label="any", method="slerp") -> tuple[Captioned, bytes]:
    """G(z, y) with z walking from seed_a's noise to seed_b's, the class fixed.

    With label "any" the class is the one /generate draws for seed_a, so both ends are
    exactly the first images /generate shows for these seeds with that class.
    """
    seed_a, seed_b = parse_seed(seed_a), parse_seed(seed_b)
    steps, method = parse_steps(steps), parse_method(method)
    label = parse_label(label, family.class_names, family.dataset)
    z_a, y = noise_and_class(family, seed_a, label)
    z_b = noise_and_class(family, seed_b, label)[0]
    images = family.gan.generate(path(z_a, z_b, steps, method), torch.full((steps,), y, dtype=torch.long))
    return _strip_and_gif(family, images, torch.linspace(0, 1, steps))


def _one_class(value, name: str, family: Family, default: int) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    label = parse_label(value, family.class_names, family.dataset)
    if label == "any":
        raise InputError(f"{name} must be a class name (not 'any'). Accepted for {family.dataset}: "
                         f"{', '.join(family.class_names)}.")
    return family.class_names.index(label)


@torch.inference_mode()
def interpolate_classes(family: Family, seed=0, label_a=None, label_b=None, steps=8) -> tuple[Captioned, bytes]:
    """G(z, y) with z fixed and the class blended from label_a to label_b.

    The generator takes its class through conditional batch-norm: a scale and a shift per
    class. Blending those (one-hot weights mixed linearly) gives images between classes.
    Defaults: the dataset's first and last class.
    """
    seed, steps = parse_seed(seed), parse_steps(steps)
    a = _one_class(label_a, "label_a", family, 0)
    b = _one_class(label_b, "label_b", family, len(family.class_names) - 1)
    z = noise.draw(family.gan, seed, 1, a)[0]  # /generate's noise for this seed
    ts = torch.linspace(0.0, 1.0, steps)
    eye = torch.eye(family.gan.num_classes)
    images = family.gan.generate(z.expand(steps, -1), lerp(eye[a], eye[b], ts))
    return _strip_and_gif(family, images, ts)


@torch.inference_mode()
def interpolate_images(family: Family, image_a=None, image_b=None, steps=8) -> tuple[Captioned, bytes]:
    """The VAE decodes points on the line between the posterior means of two uploads.

    The strip starts and ends with the two 28x28 model inputs, the decoded steps between.
    """
    steps = parse_steps(steps)
    for value, name in ((image_a, "image_a"), (image_b, "image_b")):
        if value is None:
            raise InputError(f"{name} is missing: give two images to walk between.")
    (x_a, seen_a), (x_b, seen_b) = preprocess(image_a, family.dataset), preprocess(image_b, family.dataset)
    mu_a, mu_b = family.vae.encode(x_a)[0][0], family.vae.encode(x_b)[0][0]
    ts = torch.linspace(0.0, 1.0, steps)
    images = family.vae.decode(lerp(mu_a, mu_b, ts))
    strip, gif = _strip_and_gif(family, images, ts)
    return [(upscale(seen_a), "model input A"), *strip, (upscale(seen_b), "model input B")], gif
