"""Step 5 of the lesson: how likely an image is under each class (the generative classifier), for an
animal and for an image that is no animal at all, beside the CNN's P(Y|X).

log p(x|y) comes from models/operations/classify/generative_classifier.py (an importance-weighted
bound, in nats). For pixel densities it can be above zero; only differences matter: d nats apart
means e^d times as likely.
"""
from __future__ import annotations

import torch

from models.loading.loader import Family
from models.operations.classify.generative_classifier import classify_generative

# Below this gap the lesson does not say the generative model told the images apart. Whole-image
# likelihoods can rank unfamiliar images wrongly (Nalisnick et al. 2019), so a small gap is no sign.
CLEAR_GAP_NATS = 50.0


def answer(family: Family, x: torch.Tensor) -> dict:
    """Both models on one preprocessed image: log p(x|y) per class, the generative P(y|x), the CNN's pick."""
    result = classify_generative(family.cvae, family.classifier, x)
    log_p = result["log_px_given_y_nats"]
    best = max(log_p, key=log_p.get)
    return {"log_p": log_p, "best_class": best, "best_log_p": log_p[best],
            "generative_p": result["probabilities"], "cnn_class": result["discriminative_pick"],
            "cnn_p": result["discriminative_p"]}


def gap(animal: dict, other: dict) -> float:
    """How many nats less likely `other` is under its likeliest class than `animal` under its own."""
    return animal["best_log_p"] - other["best_log_p"]


def told_apart(animal: dict, other: dict) -> bool:
    return gap(animal, other) > CLEAR_GAP_NATS
