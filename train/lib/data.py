"""Datasets for training: the files are read by models/operations/common/dataset_files.py (shared
with the app's live training); this module adds what only training needs (a validation
split carved from the training data, subsets, float conversion).
"""
import json
from pathlib import Path

import torch

from models.datasets import DATASETS, class_names  # noqa: F401 (the training scripts' names for them)
from models.operations.common.dataset_files import (  # noqa: F401 (training code and tests use them from here)
    ANIMAL_SPLIT_SEED, ANIMAL_TEST_FRACTION, READERS, ArrayUnpickler, Split, animal_split, load_split,
    read_animal_mnist, read_idx, validation_size,
)


def train_val_split(split: Split, val_size: int | None = None, seed: int = 0) -> tuple[Split, Split]:
    """Carves a seeded validation set from the training data (the test split only reports).

    The default size is 1/12 of the training data: 5000 images for Fashion-MNIST."""
    val_size = validation_size(len(split.labels), val_size)
    order = torch.randperm(len(split.labels), generator=torch.Generator().manual_seed(seed))
    val, train = order[:val_size], order[val_size:]
    return Split(split.images[train], split.labels[train]), Split(split.images[val], split.labels[val])


def split_as_trained(dataset: str, folder: Path) -> tuple[Split, Split]:
    """The training and validation parts exactly as the model in `folder` was trained on them (the
    seed and size its training.json records; no size recorded: the default one): choices and measurements
    on validation stay off its training images."""
    training = json.loads((Path(folder) / "training.json").read_text())
    return train_val_split(load_split(dataset, "train"), training.get("val_size"), seed=training["seed"])


def subset(split: Split, n: int) -> Split:
    return Split(split.images[:n], split.labels[:n])


def to_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N,1,H,W) -> float in [0, 1]."""
    return images.float().div_(255.0)
