"""What each tab computes, as plain functions: images and numbers in, images, numbers and dicts out.

Arguments are the raw values a client sent; they are checked here (see models.operations.common.validation)
so the same rules hold for the UI, the API and the tests. Everything random takes a seed:
the same arguments give the same output.
"""
from __future__ import annotations

import torch
from PIL import Image

from models.datasets import DEFAULT_DATASET
from models.operations.noise import noise
from models.operations.common.images import as_shown, for_display, upscale
from models.loading.loader import Family
from models.operations.common.preprocess import preprocess
from models.operations.common.validation import InputError, parse_int, parse_label, parse_seed
from models.operations.noise.request import MAX_COUNT, NoiseRequest

MAX_POSTERIOR_SAMPLES = 16
NOISE_HEAD = 8  # how many entries of each noise vector the Generate tab shows

Captioned = list[tuple[Image.Image, str]]


def _rng(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def model_input(image, dataset: str = DEFAULT_DATASET) -> Image.Image:
    """The 28x28 picture the models see for this upload, enlarged for display."""
    return upscale(preprocess(image, dataset)[1])


@torch.inference_mode()
def classify(family: Family, image) -> dict[str, float]:
    """P(Y|X): a probability for every class."""
    x, _ = preprocess(image, family.dataset)
    probs = family.classifier.predict_proba(x)[0]
    return {name: float(p) for name, p in zip(family.class_names, probs)}


def _posterior_draws(family: Family, x: torch.Tensor, samples: int, seed: int, scale: float):
    """q(z|x)'s mean and log-variance, and `samples` seeded draws from it with its sigma times `scale`."""
    mu, logvar = family.vae.encode(x)
    z = family.vae.reparameterize(mu.expand(samples, -1), logvar.expand(samples, -1), generator=_rng(seed), scale=scale)
    return mu, logvar, z


@torch.inference_mode()
def reconstruct(family: Family, image, samples=4, seed=0, noise_scale=1.0) -> Captioned:
    """Model input, decoding of the posterior mean, and `samples` decoded draws from q(z|x).

    `noise_scale` multiplies the posterior's standard deviation (0: every draw is the mean)."""
    samples = parse_int(samples, "samples", 0, MAX_POSTERIOR_SAMPLES)
    seed = parse_seed(seed)
    scale = noise.parse_scale(noise_scale, noise.POSTERIOR_SCALE_MAX)
    x, seen = preprocess(image, family.dataset)
    mu, _, z = _posterior_draws(family, x, samples, seed, scale)
    out = [(upscale(seen), "model input"), (for_display(family.vae.decode(mu)[0]), "mean reconstruction")]
    if samples:
        out += [(for_display(img), f"posterior sample {i + 1}") for i, img in enumerate(family.vae.decode(z))]
    return out


@torch.inference_mode()
def posterior_width(family: Family, image, samples=4, seed=0, noise_scale=1.0) -> dict:
    """How wide q(z|x) is (its sigma per latent dimension, against the prior's 1) and how much the
    decoded draws that /reconstruct shows for the same arguments differ from each other."""
    samples = parse_int(samples, "samples", 0, MAX_POSTERIOR_SAMPLES)
    seed = parse_seed(seed)
    scale = noise.parse_scale(noise_scale, noise.POSTERIOR_SCALE_MAX)
    mu, logvar, z = _posterior_draws(family, preprocess(image, family.dataset)[0], samples, seed, scale)
    sigma = (0.5 * logvar[0]).exp()
    images = family.vae.decode(z)
    return {"mean_sigma": round(float(sigma.mean()), 4), "min_sigma": round(float(sigma.min()), 4),
            "max_sigma": round(float(sigma.max()), 4), "latent_dims": int(sigma.numel()),
            "mean_norm": round(float(mu.norm()), 3), "noise_scale": scale,
            "sample_spread": noise.spread(images, torch.zeros(len(images), dtype=torch.long))}


@torch.inference_mode()
def sample_vae(family: Family, seed=0, count=16, noise_scale=1.0, label="any") -> Captioned:
    """The decoder alone, from random latent points (`noise_scale` is the prior's temperature).

    "any": the (unconditional) VAE decodes `count` points from its prior N(0, I), as it always has.
    A class name: the class-conditional VAE decodes `count` points from that class's prior p(z|y).
    """
    count = parse_int(count, "count", 1, MAX_COUNT)
    seed = parse_seed(seed)
    scale = noise.parse_scale(noise_scale)
    label = parse_label(label, family.class_names, family.dataset)
    if label == "any":
        images = family.vae.sample_prior(count, generator=_rng(seed), temperature=scale)
        return [(for_display(img), f"prior sample {i + 1}") for i, img in enumerate(images)]
    y = torch.full((count,), _class_index(family, label), dtype=torch.long)
    images = family.cvae.sample(y, generator=_rng(seed), scale=scale)
    return [(for_display(img), f"{label} · sample {i + 1}") for i, img in enumerate(images)]


def _class_index(family: Family, label: str) -> int:
    return family.class_names.index(label)


def noise_request(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0):
    """The checked arguments of /generate turned into its noise vectors z (count, noise_dim) and classes y."""
    return NoiseRequest.parse(family, seed, count, label, noise_text, noise_scale).draw(family)


@torch.inference_mode()
def judged(family: Family, z: torch.Tensor, y: torch.Tensor, first_index: int = 0) -> tuple[Captioned, list[dict]]:
    """G(z, y), each image captioned and described with D's P(real), the classifier's view and z's first entries."""
    gan = family.gan
    images = as_shown(gan.generate(z, y))  # judged as the PNG shows it: the same verdict wherever it is sent
    p_real = torch.sigmoid(gan.discriminate(images, y))
    seen = family.classifier.predict_proba(images)
    gallery, details = [], []
    for i in range(len(z)):
        name = family.class_names[int(y[i])]
        p = round(float(p_real[i]), 4)  # one value for caption and details, so they never round apart
        gallery.append((for_display(images[i]), f"{name} · P(real)={p:.2f}"))
        guess = int(seen[i].argmax())
        details.append({
            "index": first_index + i,
            "class": name,
            "p_real": p,
            "classifier_says": family.class_names[guess],
            "classifier_p": round(float(seen[i, guess]), 4),
            "z_head": [round(float(v), 3) for v in z[i, :NOISE_HEAD]],
        })
    return gallery, details


@torch.inference_mode()
def generate(family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0) -> tuple[Captioned, list[dict]]:
    """G(z, y) for `count` noise vectors drawn with `seed`; each image scored by D and the classifier.

    `noise_text` (e.g. "[-5 6.2 8]") gives the first entries of every z; `noise_scale` multiplies
    the seeded rest (0: no noise, so every image of a class is the same). Returns the captioned
    images and, per image, its class, D's P(real), what the classifier thinks it shows, and the
    first entries of the noise vector z it came from.
    """
    z, y = noise_request(family, seed, count, label, noise_text, noise_scale)
    return judged(family, z, y)


@torch.inference_mode()
def discriminate(family: Family, image, label="any") -> dict:
    """D's probability that `image` is a real item of class `label`.

    D judges an image *together with* a class. For "any", the class is the one the
    classifier predicts for the image, and the answer says so.
    """
    label = parse_label(label, family.class_names, family.dataset)
    x, _ = preprocess(image, family.dataset)
    if label == "any":
        probs = family.classifier.predict_proba(x)[0]
        index = int(probs.argmax())
        source = f"predicted by the classifier (P={float(probs[index]):.2f})"
    else:
        index, source = _class_index(family, label), "chosen"
    p_real = torch.sigmoid(family.gan.discriminate(x, torch.tensor([index])))[0]
    return {"p_real": round(float(p_real), 4), "label": family.class_names[index], "label_source": source}


def noise_table(details: list[dict]) -> list[list]:
    """Rows for a table: #, class, P(real), classifier's view, then z[0..NOISE_HEAD-1]."""
    return [[d["index"], d["class"], d["p_real"], f'{d["classifier_says"]} ({d["classifier_p"]:.2f})', *d["z_head"]]
            for d in details]


__all__ = ["InputError", "classify", "model_input", "reconstruct", "posterior_width", "sample_vae", "generate",
           "discriminate", "noise_table"]
