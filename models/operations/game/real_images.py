"""The real test images of the real-or-fake game, shipped next to the GAN's weights.

`python -m train.real_or_fake_images --dataset D` picks a seeded, class-balanced handful of the
test split and writes them, uint8 and lossless, to `<gan folder>/real_or_fake_test_images.safetensors`
with where they came from (the metadata). The Space reads only this file, never the dataset.
Kept apart from the VAE's latent map (which carries real test images of its own for the
Compare tab) so that remaking either file never changes the other feature.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from models.loading import artefacts
from models.errors import WeightsError
from models.loading.loader import Family

FILENAME = "real_or_fake_test_images.safetensors"
TENSORS = ("images", "labels", "test_indices")


@dataclass(frozen=True)
class RealImages:
    images: torch.Tensor        # (N, 1, 28, 28) uint8
    labels: torch.Tensor        # (N,) int64, their classes
    test_indices: torch.Tensor  # (N,) int64, where each lies in the dataset's test split
    metadata: dict[str, str] = field(default_factory=dict)


def digest(images: torch.Tensor) -> str:
    """SHA-256 of the images' bytes: names exactly which pixels were shipped."""
    return hashlib.sha256(images.contiguous().numpy().tobytes()).hexdigest()


def save(real: RealImages, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {name: getattr(real, name).contiguous() for name in TENSORS}
    save_file(tensors, str(path), metadata={**real.metadata, "images_sha256": digest(real.images)})


def read(path: Path) -> RealImages:
    with safe_open(str(path), framework="pt") as f:
        missing = [name for name in TENSORS if name not in f.keys()]
        if missing:
            raise WeightsError(f"{path} lacks {', '.join(missing)}")
        real = RealImages(**{name: f.get_tensor(name) for name in TENSORS}, metadata=f.metadata() or {})
    if real.images.dtype != torch.uint8 or real.images.shape[1:] != (1, 28, 28) or len(real.labels) != len(real.images):
        raise WeightsError(f"{path} does not hold (N, 1, 28, 28) uint8 images with one label each")
    return real


def load(family: Family) -> RealImages:
    """The game's real test images for `family`'s dataset."""
    path = artefacts.find_file(family, "gan", FILENAME)
    if path is None:
        raise WeightsError(f"no real test images for the real-or-fake game of {family.dataset}: {FILENAME} is not "
                           f"next to the GAN weights (make it with `python -m train.real_or_fake_images "
                           f"--dataset {family.dataset}`)")
    return _read_cached(path, path.stat().st_mtime)


@functools.lru_cache(maxsize=4)
def _read_cached(path: Path, modified: float) -> RealImages:  # keyed on mtime: a remade file is reread
    return read(path)
