"""Which dataset an upload looks like: the one whose VAE reconstructs it best.

A classifier spreads all of its probability over its own classes, whatever the image: a
dog photo is "T-shirt/top 37%" to the Fashion-MNIST classifier, which cannot know that it
does not know. A generative model can tell: each dataset's VAE reconstructs images like its
training data well and others badly. Measured on the real test images shipped with the
latent maps (320 per dataset, tests/test_learner_answers.py), the rule below flags 0% of
Fashion-MNIST's and 0.6% of Animal-MNIST's own test images, and 99.7% of Fashion-MNIST
images under the animal models, 98.1% of Animal-MNIST images under the Fashion-MNIST ones.
"""
from __future__ import annotations

import torch

from models.loading.loader import Family
from models.operations.common.preprocess import preprocess

MARGIN = 1.1  # the other VAE must reconstruct at least this many times better (mean squared error)


@torch.inference_mode()
def reconstruction_error(family: Family, x: torch.Tensor) -> torch.Tensor:
    """Mean squared error per image of the VAE's reconstruction from the posterior mean."""
    mu, _ = family.vae.encode(x)
    return (family.vae.decode(mu) - x).pow(2).flatten(1).mean(1)


def better_fits(selected: Family, others: list[Family], x: torch.Tensor) -> list[tuple[str, float]]:
    """(dataset, how many times better its VAE reconstructs x than the selected one's) where that passes MARGIN."""
    own = float(reconstruction_error(selected, x)[0])
    ratios = [(other.dataset, own / max(float(reconstruction_error(other, x)[0]), 1e-12)) for other in others]
    return sorted(((d, r) for d, r in ratios if r >= MARGIN), key=lambda item: -item[1])


def better_fits_for_upload(selected: Family, others: list[Family], image) -> list[tuple[str, float]]:
    """better_fits for an upload, framed as the selected dataset frames uploads (what its classifier
    saw). Every VAE gets those same pixels: errors on differently framed images would not compare
    (a smaller object leaves more empty background, hence a smaller mean error)."""
    x, _ = preprocess(image, selected.dataset)
    return better_fits(selected, others, x)
