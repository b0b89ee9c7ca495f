"""Real test images, VAE samples and GAN samples side by side, all judged by the same two critics.

The GAN's discriminator D gives P(real) for an image *and a class*; the classifier gives
its predicted class and confidence. D is a discriminative model living inside the GAN;
here it judges the GAN's own samples, the VAE's, and real images it never trained on.
"""
from __future__ import annotations

import torch
from PIL import Image

from models.loading import artefacts
from models.operations.noise import noise
from models.operations.common.images import as_shown, for_display
from models.operations.vae.latent_map import LatentMap
from models.loading.loader import Family
from models.loading.serving import concurrently, in_halves
from models.operations.common.validation import parse_int, parse_label, parse_seed

MAX_COUNT = 16
FD_KEYS = {  # metrics.json key -> what it measures
    "fd_train_vs_test": "real train images vs test (the floor)",
    "fd_gan_vs_test": "GAN samples vs test",
    "fd_vae_prior_vs_test": "VAE prior samples vs test",
}

VAE_SOURCES = {  # what the VAE column holds, said in the summary
    "any": "decoded draws from the prior N(0, I)",
    "class": "decoded draws from a Gaussian fitted to the latent codes of this class's test images "
             "(the VAE has no class input)",
}

Captioned = list[tuple[Image.Image, str]]


def _real(latent_map: LatentMap, count: int, label_index: int | None, rng: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    pool = torch.arange(len(latent_map.real_labels))
    if label_index is not None:
        pool = pool[latent_map.real_labels == label_index]
    picked = pool[torch.randperm(len(pool), generator=rng)[:count]].sort().values
    return latent_map.real_images[picked].float() / 255.0, latent_map.real_labels[picked]


def class_codes_sampler(latent_map: LatentMap, label_index: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and Cholesky factor of a Gaussian fitted to one class's test-image codes on the latent map.

    A class with fewer than two codes on the map (a small test map) gets N(0, I), the prior.
    """
    codes = latent_map.latents[latent_map.labels == label_index].double()
    dim = latent_map.latents.shape[1]
    if len(codes) < 2:
        return torch.zeros(dim), torch.eye(dim)
    covariance = torch.cov(codes.T) + 1e-4 * torch.eye(dim, dtype=torch.float64)
    return codes.mean(0).float(), torch.linalg.cholesky(covariance).float()


def _vae(family: Family, latent_map: LatentMap, count: int, label_index: int | None, rng: torch.Generator) -> torch.Tensor:
    """Prior samples; for one class, decoded draws from a Gaussian fitted to that class's test codes.

    The VAE has no class input. Sampling the prior until the classifier agrees took seconds
    and could find no image of a rare class; this is one decoder pass and always `count` images.
    """
    if label_index is None:
        return family.vae.sample_prior(count, generator=rng)
    mean, factor = class_codes_sampler(latent_map, label_index)
    z = mean + torch.randn(count, mean.numel(), generator=rng) @ factor.T
    return family.vae.decode(z)


def _gan(family: Family, count: int, label_index: int | None, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    z, y = noise.draw(family.gan, seed, count, label_index)  # the noise /generate draws for this seed
    return family.gan.generate(z, y), y


def _judge(family: Family, columns: list[tuple[torch.Tensor, torch.Tensor | None]]) -> list[tuple[Captioned, dict]]:
    """For each column of (images, known classes or None): captions with D's P(real) and the
    classifier's view, and the column's averages. All columns go through each network in one batch.

    D needs a class: the known one (real label, GAN condition) or else the classifier's guess.
    """
    names = family.class_names
    sizes = [len(images) for images, _ in columns]
    images = as_shown(torch.cat([images for images, _ in columns]))  # judged as the PNGs show them
    probs = in_halves(family.classifier.predict_proba, images)  # the costliest network: both cores
    guess = probs.argmax(1)
    asked = torch.cat([g if classes is None else classes
                       for g, (_, classes) in zip(guess.split(sizes), columns)])
    p_real = torch.sigmoid(in_halves(family.gan.discriminate, images, asked))
    confidence = probs.gather(1, guess[:, None])[:, 0]
    judged = []
    for (column, classes), g, a, p, c in zip(columns, *(t.split(sizes) for t in (guess, asked, p_real, confidence))):
        if len(column) == 0:
            judged.append(([], {"images": 0}))
            continue
        # short captions: the gallery shows one line under each thumbnail
        strip = [(for_display(img), f"{names[int(a[i])]} · P(real)={float(p[i]):.2f} · "
                  f"clf: {names[int(g[i])]} {float(c[i]):.2f}") for i, img in enumerate(column)]
        summary = {"images": len(column), "mean_p_real": round(float(p.mean()), 4),
                   "mean_classifier_confidence": round(float(c.mean()), 4)}
        if classes is not None:
            summary["classifier_agrees"] = round(float((g == classes).float().mean()), 4)
        judged.append((strip, summary))
    return judged


def fd_figures(family: Family) -> dict:
    """The Fréchet distances from the model cards' metrics.json (classifier features; lower is closer)."""
    metrics = {**(artefacts.read_json(family, "vae", "metrics.json") or {}),
               **(artefacts.read_json(family, "gan", "metrics.json") or {})}
    return {key: {"value": metrics[key], "meaning": meaning} for key, meaning in FD_KEYS.items() if key in metrics}


@torch.inference_mode()
def compare(family: Family, latent_map: LatentMap, seed=0, count=8, label="any") -> tuple[Captioned, Captioned, Captioned, dict]:
    """`count` real, VAE and GAN images (of class `label`, or any), each scored by D and the classifier."""
    seed, count = parse_seed(seed), parse_int(count, "count", 1, MAX_COUNT)
    label = parse_label(label, family.class_names, family.dataset)
    index = None if label == "any" else family.class_names.index(label)
    real_images, real_labels = _real(latent_map, count, index, torch.Generator().manual_seed(seed))
    vae_images, (gan_images, gan_labels) = concurrently(  # one core each
        lambda: _vae(family, latent_map, count, index, torch.Generator().manual_seed(seed + 1)),
        lambda: _gan(family, count, index, seed + 2))
    vae_classes = None if index is None else torch.full((len(vae_images),), index, dtype=torch.long)
    (real, real_summary), (vae, vae_summary), (gan, gan_summary) = _judge(
        family, [(real_images, real_labels), (vae_images, vae_classes), (gan_images, gan_labels)])
    vae_summary["source"] = VAE_SOURCES["any" if index is None else "class"]
    summary = {"label": label, "real": real_summary, "vae": vae_summary, "gan": gan_summary,
               "frechet_distance": fd_figures(family)}
    return real, vae, gan, summary
