"""What the GAN's discriminator says of real test images: the yardstick for its P(real) on anything else.

D's P(real) of a generated image means little alone (is 0.3 good?). Scored on the real test
images shipped with the latent map, once with their true class and once with a wrong one,
it gets a reference, and the second number shows how much D checks the class at all: it
was trained on real images with their true class and fakes with the class asked for, and
never on a real image paired with a wrong class.
"""
from __future__ import annotations

import torch

from models.loading.loader import Family
from models.operations.vae.latent_map import LatentMap


def _quartiles(p: torch.Tensor) -> dict:
    q = torch.quantile(p, torch.tensor([0.25, 0.5, 0.75]))
    return {"q25": round(float(q[0]), 4), "median": round(float(q[1]), 4), "q75": round(float(q[2]), 4)}


@torch.inference_mode()
def real_scores(family: Family, latent_map: LatentMap) -> dict:
    """D's P(real) over the map's real test images: with their own class, with a wrong one, and per class."""
    images, labels = latent_map.real_images.float() / 255.0, latent_map.real_labels
    classes = len(family.class_names)
    shift = 1 + torch.arange(len(labels)) % (classes - 1)  # a wrong class for each image, every wrong class used
    own = torch.sigmoid(family.gan.discriminate(images, labels))
    wrong = torch.sigmoid(family.gan.discriminate(images, (labels + shift) % classes))
    per_class = {name: round(float(own[labels == i].median()), 4)
                 for i, name in enumerate(family.class_names) if bool((labels == i).any())}
    return {"images": len(labels), "own_class": _quartiles(own), "wrong_class": _quartiles(wrong),
            "per_class_median": per_class}
