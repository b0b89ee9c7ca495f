"""Sentences that put the discriminator's P(real) next to what it says of real test images.

The reference (models.d_reference) is computed once per latent-map file and kept; without a
latent map the sentences say nothing rather than fail, and the Generate tab works as before.
"""
from __future__ import annotations

import functools
import statistics
from pathlib import Path

from models.loading.loader import WeightsError
from models.operations.gan import d_reference
from space.endpoints.inference import family
from space.endpoints.explore import latent_map_file, load_latent_map


@functools.lru_cache(maxsize=8)
def _scores(dataset: str, path: str, modified: float) -> dict:  # keyed on mtime: a remade map is rescored
    fam = family(dataset)
    return d_reference.real_scores(fam, load_latent_map(fam, Path(path)))


def reference(dataset) -> dict | None:
    """D's scores of this dataset's real test images, or None when its latent map is missing."""
    try:
        fam = family(dataset)
        path = latent_map_file(fam)
        return _scores(fam.dataset, str(path), path.stat().st_mtime)
    except (WeightsError, ValueError):
        return None


def generated_note(details: list[dict], dataset) -> str:
    """Under the Generate grid: these images' median P(real) against real test images'."""
    ref = reference(dataset)
    if not details or ref is None:
        return ""
    own, wrong = ref["own_class"], ref["wrong_class"]
    median = statistics.median(d["p_real"] for d in details)
    return (f"**How to read P(real):** these {len(details)} generated images get a median of **{median:.2f}**. "
            f"Real test images of this dataset get **{own['median']:.2f}** with their own class "
            f"(middle half {own['q25']:.2f}–{own['q75']:.2f}) and {wrong['median']:.2f} when D is told a wrong "
            f"class ({ref['images']} images).")


def verdict_note(result: dict, dataset) -> str:
    """Under the discriminator's answer: what real test images of the same class get."""
    ref = reference(dataset)
    median = None if ref is None else ref["per_class_median"].get(result["label"])
    if median is None:
        return ""
    return f' For reference, real test images of class **{result["label"]}** get a median P(real) of **{median:.2f}**.'
