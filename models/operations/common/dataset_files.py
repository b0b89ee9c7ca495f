"""Reads the datasets' files into uint8 tensors: Fashion-MNIST (Debian's files offline,
torchvision's download online) and Animal-MNIST (PyPI package `animal-mnist==0.4`, which
has no official split).

Everything returns `Split(images, labels)` with images of shape (N, 1, 28, 28), uint8, and
labels int64. Gradio-free and free of training code: training (train/lib/data.py) reads the data
through it; the app reads only the subset shipped with it (train/live_data.py, models/loading/live_data.py).
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import pickle
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

from models import datasets

DEBIAN_FASHION_MNIST = Path(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
TORCHVISION_ROOT = Path(os.environ.get("TORCHVISION_DATA", Path.home() / ".cache" / "torchvision-data"))
ANIMAL_TEST_FRACTION = 0.2
ANIMAL_SPLIT_SEED = 0
VALIDATION_SHARE = 12  # training scripts hold out 1/12 of the training split for validation


class Split(NamedTuple):
    images: torch.Tensor  # (N, 1, 28, 28) uint8
    labels: torch.Tensor  # (N,) int64


def read_idx(path: Path) -> np.ndarray:
    """Reads a gzipped IDX file (the MNIST format): magic, dims, then big-endian data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    if raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _fashion_from_debian(split: str, root: Path) -> Split:
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(root / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(root / f"{prefix}-labels-idx1-ubyte.gz")
    return Split(torch.from_numpy(images.copy()).unsqueeze(1), torch.from_numpy(labels.astype(np.int64)))


def _fashion_from_torchvision(split: str) -> Split:
    from torchvision.datasets import FashionMNIST

    ds = FashionMNIST(str(TORCHVISION_ROOT), train=split == "train", download=True)
    return Split(ds.data.unsqueeze(1).clone(), ds.targets.long().clone())


def validation_size(training_images: int, requested: int | None = None) -> int:
    """How many of a training split's images the training scripts hold out for validation: `requested`,
    or by default 1/VALIDATION_SHARE of them (5000 of Fashion-MNIST's 60,000)."""
    return training_images // VALIDATION_SHARE if requested is None else requested


def load_split(dataset: str, split: str) -> Split:
    """Returns the `train` or `test` split of `dataset`."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    return READERS[datasets.get(dataset).id](split)


def _fashion_mnist(split: str) -> Split:
    if (DEBIAN_FASHION_MNIST / "t10k-images-idx3-ubyte.gz").exists():
        return _fashion_from_debian(split, DEBIAN_FASHION_MNIST)
    if os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("NO_DOWNLOAD") == "1":
        raise FileNotFoundError(_missing_message())
    try:
        return _fashion_from_torchvision(split)
    except Exception as exc:  # network errors come in many types
        raise FileNotFoundError(_missing_message()) from exc


def _animal_mnist(split: str) -> Split:
    return animal_split(*read_animal_mnist())[split]


# How each registered dataset's files are read (models/datasets.py holds everything else about it).
READERS = {"fashion-mnist": _fashion_mnist, "animal-mnist": _animal_mnist}


def _missing_message() -> str:
    return (
        f"Fashion-MNIST not found in {DEBIAN_FASHION_MNIST} and could not be downloaded. "
        "Install it with `apt-get install dataset-fashion-mnist` (Debian), point FASHION_MNIST_DIR "
        "at a folder with the four *-ubyte.gz files, or connect to the internet so torchvision can download it."
    )


def read_animal_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The package's two gzipped pickles: uint8 images (10000, 28, 28) and int labels.

    The only pickles this project opens: data files of a pinned registry package, never weights.
    """
    spec = importlib.util.find_spec("animal_mnist")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Animal-MNIST is not installed: `pip install --no-deps animal-mnist==0.4`")
    folder = Path(spec.submodule_search_locations[0]) / "data" / "Animal_MNIST"
    with gzip.open(folder / "animal_data_version_3.gz") as f:
        images = np.asarray(ArrayUnpickler(f).load(), dtype=np.uint8)
    with gzip.open(folder / "animal_label_version_3.gz") as f:
        labels = np.asarray(ArrayUnpickler(f).load(), dtype=np.int64)
    return images, labels


class ArrayUnpickler(pickle.Unpickler):
    """Admits only what a pickled numpy array needs; any other global (a function to call, a
    class to build) is refused, so a tampered data file cannot run code."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"), ("numpy", "dtype"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refusing {module}.{name}: this data file may hold only numpy arrays")
        return super().find_class(module, name)


def animal_split(images: np.ndarray, labels: np.ndarray, test_fraction: float = ANIMAL_TEST_FRACTION,
                 seed: int = ANIMAL_SPLIT_SEED) -> dict[str, Split]:
    """A stratified, seeded split in which no image (by content) is on both sides.

    Exact duplicates are dropped first (the data repeats some images), so each side holds
    distinct images; then each class's distinct images are shuffled and the first
    `test_fraction` of them become the test split.
    """
    seen, keep = set(), []
    for i, image in enumerate(images):
        digest = hashlib.sha1(image.tobytes()).digest()
        if digest not in seen:
            seen.add(digest)
            keep.append(i)
    keep = np.asarray(keep)
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for c in np.unique(labels):
        members = rng.permutation(keep[labels[keep] == c])
        n_test = int(round(test_fraction * len(members)))
        test_idx.append(members[:n_test])
        train_idx.append(members[n_test:])
    make = lambda idx: Split(torch.from_numpy(images[np.sort(np.concatenate(idx))]).unsqueeze(1),
                             torch.from_numpy(labels[np.sort(np.concatenate(idx))]))
    return {"train": make(train_idx), "test": make(test_idx)}
