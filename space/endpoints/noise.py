"""The noise in the learner's hands: /decode_latent, and the UI helpers behind the noise controls.

Like space/endpoints/inference.py: each function checks the dataset, picks that dataset's models and calls
the pure functions in models/; our errors become gr.Error messages naming the parameter.
"""
from __future__ import annotations

import functools
from pathlib import Path

import gradio as gr

from models.datasets import DEFAULT_DATASET
from models.loading.loader import Family
from models.operations import inference
from models.operations.noise import noise_effects
from models.operations.noise.diversity_plot import diversity_plot
from models.operations.vae import latent_map as latent
from models.operations.common.images import for_display
from models.operations.inference import NOISE_HEAD
from models.operations.common.validation import InputError
from space.endpoints.inference import family, user_errors
from space.endpoints.explore import star_backdrop, latent_map_file, load_latent_map


@user_errors
def decode_latent(x=0.0, y=0.0, dataset=DEFAULT_DATASET):
    """VAE: decodes the point (x, y) of the latent map's plane (its two principal directions); the map's classes around it."""
    fam = family(dataset)
    image, info = latent.decode_point(fam.vae, load_latent_map(fam), x, y, fam.class_names)
    return for_display(image[0]), info


# UI-only helpers (not public API) ------------------------------------------------------------

def _plot(fam: Family, path: str, marker=None, star_legend=False):
    return latent.plot(load_latent_map(fam, Path(path)), fam.class_names, fam.dataset, marker, star_legend)


@functools.lru_cache(maxsize=8)
def _plain_frame(dataset: str, path: str, modified: float):
    return _plot(family(dataset), path)[1]


@functools.lru_cache(maxsize=32)
def _redrawn_frame(dataset: str, path: str, modified: float, marker: tuple[float, float]):
    return _plot(family(dataset), path, marker)[1]


def shown_frame(fam: Family, info: dict | None):
    """Where data points lie in the map picture /latent_map returned with `info`.

    The rule of models.latent_map.view: without an upload, the plain map; with one, the star is
    painted on the cached backdrop when it falls inside its axes, otherwise the plot is redrawn.
    """
    path = latent_map_file(fam)
    key = (fam.dataset, str(path), path.stat().st_mtime)
    placed = (info or {}).get("image")
    if not placed:
        return _plain_frame(*key)
    marker = (placed["x"], placed["y"])
    backdrop = star_backdrop(*key)[1]
    return backdrop if backdrop.pixel(*marker) is not None else _redrawn_frame(*key, marker)


@user_errors
def pick_point(info, dataset, evt: gr.SelectData):
    """A click on the map picture -> the (x, y) sliders' values at that point."""
    if (info or {}).get("dataset") not in (None, family(dataset).dataset):
        raise InputError("The map shows another dataset: press \"Show the map\" again.")
    where = shown_frame(family(dataset), info).data(*evt.index) if evt.index else None
    if where is None:
        raise InputError("Click inside the map's axes to pick a point.")
    return round(where[0], 2), round(where[1], 2)


@user_errors
def axes_ranges(info, dataset=DEFAULT_DATASET):
    """The x and y sliders span the shown map's axes."""
    (x0, x1), (y0, y1) = shown_frame(family(dataset), info).limits()
    return gr.update(minimum=round(x0, 2), maximum=round(x1, 2)), gr.update(minimum=round(y0, 2), maximum=round(y1, 2))


def describe_point(info: dict) -> str:
    classes = ", ".join(f"{name} ({n})" for name, n in info["nearest_classes_on_map"].items())
    return (f'Decoded the point ({info["x"]:g}, {info["y"]:g}) of the map. Its {sum(info["nearest_classes_on_map"].values())} '
            f"nearest test images on the map: **{classes}**; the nearest lies "
            f'{info["distance_to_nearest_map_point"]:.2f} away.')


@user_errors
def diversity(seed=0, count=16, label="any", dataset=DEFAULT_DATASET, noise="", noise_scale=1.0):
    """The Generate tab's diversity sentence and the plot of its spread against the noise scale."""
    result = noise_effects.diversity(family(dataset), seed, count, label, noise, noise_scale)
    if result["spread"] is None:
        spread = "no two images share a class, so their spread is not measured (choose a class, or more images)"
    else:
        spread = f'images of one class differ by **{result["spread"]:.3f}** on average (RMS pixel difference; 0 = identical)'
    seen = result["classes_seen"]
    classes = "one class" if seen == 1 else f"**{seen}** different classes"
    text = (f'**Diversity of this batch** at noise scale {result["noise_scale"]:g}: {spread}; the classifier sees '
            f'{classes} in {result["count"]} images.')
    return text, diversity_plot(result["curve"], result["noise_scale"])


@user_errors
def held_image(seed, count, label, dataset, noise, noise_scale, index, *head):
    """Image `index` of the batch with its first entries set by the sliders: the picture and a caption."""
    gallery, details = noise_effects.held_image(family(dataset), seed, count, label, noise, noise_scale, index, head)
    (picture, caption), d = gallery[0], details[0]
    return picture, (f'Image #{d["index"]}: {caption}; the classifier says {d["classifier_says"]} '
                     f'({d["classifier_p"]:.2f}). z starts {d["z_head"]}.')


def slider_values(details, index=0):
    """The sliders set to the first entries of image `index`'s z (from /generate's details)."""
    if not details:
        return tuple(gr.update() for _ in range(NOISE_HEAD + 1))
    index = index if isinstance(index, (int, float)) and 0 <= index < len(details) else 0
    return (int(index), *details[int(index)]["z_head"])


def pick_image(details, evt: gr.SelectData):
    """A click on a generated image: hold its noise."""
    return slider_values(details, evt.index)


@user_errors
def posterior_width(image=None, samples=4, seed=0, dataset=DEFAULT_DATASET, noise_scale=1.0) -> str:
    """The Reconstruct tab's sentence on how wide q(z|x) is and how much its shown draws differ."""
    w = inference.posterior_width(family(dataset), image, samples, seed, noise_scale)
    spread = ("" if w["sample_spread"] is None else
              f' The {samples} posterior samples differ by **{w["sample_spread"]:.3f}** on average (RMS pixel difference).')
    return (f'**How wide is q(z | image)?** Its standard deviation is **{w["mean_sigma"]:.3f}** on average over the '
            f'{w["latent_dims"]} latent dimensions ({w["min_sigma"]:.3f} to {w["max_sigma"]:.3f}), against 1 for the prior '
            f'N(0, I); the mean itself lies {w["mean_norm"]:.1f} from the origin. The samples are drawn with '
            f'{w["noise_scale"]:g} × that width.{spread}')
