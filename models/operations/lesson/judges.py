"""Steps 9 and 12 of the lesson: the discriminator D and the classifier judging the same images.

D answers "is this a real image of class y?" (P(real | x, y), the sigmoid of its score, as on the
Generate tab); the classifier answers "which class is it?" (P(class | x)). Both are functions of
the image alone: discriminative models, with different questions.
"""
from __future__ import annotations

import torch

from models.loading.loader import Family

RANDOM_SEED = 0


def random_pixels(seed: int = RANDOM_SEED, size: int = 28) -> torch.Tensor:
    """(1, 1, size, size): every pixel uniform in [0, 1], seeded. No animal, no dataset image."""
    return torch.rand((1, 1, size, size), generator=torch.Generator().manual_seed(seed))


@torch.inference_mode()
def p_real(family: Family, x: torch.Tensor, class_index: int) -> float:
    """D's P(real) for image(s) `x` (B, C, 28, 28) in [0, 1], judged as class `class_index`; the first image's."""
    y = torch.full((len(x),), class_index, dtype=torch.long)
    return float(torch.sigmoid(family.gan.discriminate(x, y))[0])


@torch.inference_mode()
def both_answers(family: Family, x: torch.Tensor, class_index: int) -> dict:
    """{"p_real": D's P(real | x, class), "classes": the classifier's P(class | x) per class name}."""
    probabilities = family.classifier.predict_proba(x)[0]
    return {"p_real": round(p_real(family, x, class_index), 4),
            "classes": {name: round(float(p), 4) for name, p in zip(family.class_names, probabilities)}}
