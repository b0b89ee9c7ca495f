"""The public API of the Explore, Training timeline and Compare tabs: one function per api_name.

Like space/endpoints/inference.py: each function checks the dataset, picks that dataset's models and
calls the pure functions in models/. Animations are returned as GIF files (named after
their content, so the same request gives the same file); single images as PNG.
"""
from __future__ import annotations

import copy
import functools
import hashlib
from pathlib import Path

import gradio as gr

from models.loading import artefacts

from models.operations.explore import explore
from models.operations.gan import timeline
from models.operations.explore import compare as comparison
from models.operations.vae import latent_map as latent
from models.datasets import DEFAULT_DATASET
from models.datasets import weights_folder as bundled_folder
from models.loading.loader import Family, WeightsError
from space.compat import cache_expiry
from space.compat.cache_writes import write_once
from space.endpoints.inference import class_choices, family, user_errors

def gif_file(data: bytes, stem: str) -> str:
    """The GIF as a file in Gradio's cache (space/compat/cache_expiry.py expires it like Gradio's own files)."""
    folder = cache_expiry.gif_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.gif"
    return str(write_once(path, data))


@functools.lru_cache(maxsize=8)
def _load_map(path: str, modified: float) -> latent.LatentMap:  # keyed on mtime: a rewritten file is reread
    return latent.load(Path(path))


def latent_map_file(fam: Family) -> Path:
    path = artefacts.find_file(fam, "vae", latent.FILENAME)
    if path is None:
        raise WeightsError(
            f"the latent map of {fam.dataset} has not been made yet: "
            f"{bundled_folder(fam.dataset, 'vae') / latent.FILENAME} does not exist. Make it with "
            f"`python -m train.latent_map --dataset {fam.dataset}` (it reads the test split once, after the VAE is trained).")
    return path


def load_latent_map(fam: Family, path: Path | None = None) -> latent.LatentMap:
    path = path or latent_map_file(fam)
    try:
        return _load_map(str(path), path.stat().st_mtime)
    except Exception as err:
        raise WeightsError(f"{path} could not be read ({type(err).__name__}: {err}); make it again with "
                           f"`python -m train.latent_map --dataset {fam.dataset}`") from None


@functools.lru_cache(maxsize=8)
def _plain_latent_map(dataset: str, path: str, modified: float):
    """The map without an upload is the same picture for every request: drawn once per map file."""
    fam = family(dataset)
    return latent.view(fam.vae, load_latent_map(fam, Path(path)), fam.class_names, fam.dataset)


@functools.lru_cache(maxsize=8)
def star_backdrop(dataset: str, path: str, modified: float):
    """The map an upload's star is painted on (models.operations.vae.latent_plot): drawn once per map file."""
    fam = family(dataset)
    return latent.plot(load_latent_map(fam, Path(path)), fam.class_names, fam.dataset, star_legend=True)


@user_errors
def interpolate_noise(seed_a=0, seed_b=1, steps=8, label="any", method="slerp", dataset=DEFAULT_DATASET):
    """GAN: images along the path from seed_a's noise to seed_b's (slerp or linear), class fixed; strip and GIF."""
    strip, gif = explore.interpolate_noise(family(dataset), seed_a, seed_b, steps, label, method)
    return strip, gif_file(gif, "noise")


@user_errors
def interpolate_classes(seed=0, label_a=None, label_b=None, steps=8, dataset=DEFAULT_DATASET):
    """GAN: fixed noise, class blended from label_a to label_b in the generator's conditional batch-norm."""
    strip, gif = explore.interpolate_classes(family(dataset), seed, label_a, label_b, steps)
    return strip, gif_file(gif, "classes")


@user_errors
def interpolate_images(image_a=None, image_b=None, steps=8, dataset=DEFAULT_DATASET):
    """VAE: decodes the line between two uploads' posterior means; strip (inputs at both ends) and GIF."""
    strip, gif = explore.interpolate_images(family(dataset), image_a, image_b, steps)
    return strip, gif_file(gif, "images")


@user_errors
def latent_map(image=None, dataset=DEFAULT_DATASET):
    """VAE: PCA map of test images' posterior means, coloured by class; a star where `image` lands."""
    fam = family(dataset)
    path = latent_map_file(fam)
    if image is None:
        picture, info = _plain_latent_map(fam.dataset, str(path), path.stat().st_mtime)
        return picture, copy.deepcopy(info)  # the cached numbers stay as drawn
    backdrop = star_backdrop(fam.dataset, str(path), path.stat().st_mtime)
    return latent.view(fam.vae, load_latent_map(fam, path), fam.class_names, fam.dataset, image, backdrop)


@functools.lru_cache(maxsize=8)
def _timeline_gif_bytes(files: tuple[tuple[int, str, float], ...]) -> bytes:  # keyed on the grids' mtimes
    return timeline.animation([(epoch, Path(path)) for epoch, path, _ in files])


def _timeline_gif(files: tuple[tuple[int, str, float], ...]) -> str:
    """The file is written (or touched) at every call: a cached path could name a file the cache's expiry deleted."""
    return gif_file(_timeline_gif_bytes(files), "timeline")


@user_errors
def training_timeline(epoch=0, dataset=DEFAULT_DATASET):
    """GAN training: the fixed-noise grid after `epoch` (0 = the last), loss and quality curves, and a GIF of all epochs."""
    fam = family(dataset)
    grids = timeline.sample_grids(fam)
    grid, curves, info = timeline.timeline(fam, epoch, grids)
    gif = _timeline_gif(tuple((e, str(p), p.stat().st_mtime) for e, p in grids))
    return grid, curves, gif, info


@user_errors
def compare(seed=0, count=8, label="any", dataset=DEFAULT_DATASET):
    """Real test images, VAE samples and GAN samples, each scored by D and the classifier; FD figures."""
    fam = family(dataset)
    return comparison.compare(fam, load_latent_map(fam), seed, count, label)


# UI-only helpers (not public API) ------------------------------------------------------------

@user_errors
def epoch_slider(dataset=DEFAULT_DATASET):
    """The epoch slider's range for this dataset's GAN, set to its last epoch."""
    epochs = [e for e, _ in timeline.sample_grids(family(dataset))]
    return gr.update(minimum=epochs[0], maximum=epochs[-1], value=epochs[-1])


@user_errors
def class_pair(dataset=DEFAULT_DATASET):
    """Choices for two class-only dropdowns: the dataset's first and last class preselected."""
    names = family(dataset).class_names
    return gr.update(choices=names, value=names[0]), gr.update(choices=names, value=names[-1])


def any_or_class(dataset=DEFAULT_DATASET):
    """One "any"-or-class dropdown reset to "any" for this dataset (the rule of the Generate tab's)."""
    return class_choices(dataset, None)[0]
