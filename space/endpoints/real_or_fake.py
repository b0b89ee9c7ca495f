"""The public API of the Real or fake? tab: /real_or_fake_round and /real_or_fake_answer.

Stateless and fair: a round is fixed by (seed, dataset, strength); /real_or_fake_round returns
its 8 images and nothing else (no truth, no class, no caption), and /real_or_fake_answer takes
the same three and the learner's guesses and returns the truth and both scores.
"""
from __future__ import annotations

from PIL import Image

from models.datasets import DEFAULT_DATASET
from models.operations.common.images import upscale
from models.operations.game import real_or_fake
from space.endpoints.errors import user_errors
from space.endpoints.inference import family


@user_errors
def real_or_fake_round(seed=0, dataset=DEFAULT_DATASET, strength="early"):
    """Real or fake?: the 8 images of round `seed` (a seeded mix of real test images and the generator's;
    `strength`: early, middle or trained G). No answers: send your guesses to /real_or_fake_answer."""
    played = real_or_fake.make_round(family(dataset), seed, strength)
    return tuple(upscale(Image.fromarray(image[0].numpy())) for image in played.images)


@user_errors
def real_or_fake_answer(seed=0, dataset=DEFAULT_DATASET, strength="early", guesses=""):
    """Real or fake?: `guesses` for round `seed` (8 answers, "real" or "fake", separated by commas) scored:
    the truth per image, the trained D's P(real), the classifier's class, your accuracy and D's."""
    return real_or_fake.score(family(dataset), seed, strength, guesses)


# UI-only helpers (not public API) ------------------------------------------------------------

@user_errors
def d_record(dataset=DEFAULT_DATASET, strength="early") -> dict | None:
    """D's measured accuracy over the first rounds at this strength (benchmarks/real_or_fake.py), if shipped."""
    return real_or_fake.recorded(family(dataset), strength)


@user_errors
def strength_epochs(dataset=DEFAULT_DATASET) -> dict:
    fam = family(dataset)
    return {"epochs": real_or_fake.training_epochs(fam), **real_or_fake.strength_epochs(fam)}
