"""Datasets as uint8 tensors: Debian's Fashion-MNIST files offline, torchvision's download online.

Everything returns `Split(images, labels)` with images of shape (N, 1, 28, 28), uint8, and
labels int64, so training code only ever sees one format.
"""
import gzip
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

FASHION_MNIST_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
DEBIAN_FASHION_MNIST = Path(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
TORCHVISION_ROOT = Path(os.environ.get("TORCHVISION_DATA", Path.home() / ".cache" / "torchvision-data"))
DATASETS = ("fashion-mnist",)


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


def load_split(dataset: str, split: str) -> Split:
    """Returns the `train` or `test` split of `dataset`."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    if dataset != "fashion-mnist":
        raise ValueError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    if (DEBIAN_FASHION_MNIST / "t10k-images-idx3-ubyte.gz").exists():
        return _fashion_from_debian(split, DEBIAN_FASHION_MNIST)
    if os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("NO_DOWNLOAD") == "1":
        raise FileNotFoundError(_missing_message())
    try:
        return _fashion_from_torchvision(split)
    except Exception as exc:  # network errors come in many types
        raise FileNotFoundError(_missing_message()) from exc


def _missing_message() -> str:
    return (
        f"Fashion-MNIST not found in {DEBIAN_FASHION_MNIST} and could not be downloaded. "
        "Install it with `apt-get install dataset-fashion-mnist` (Debian), point FASHION_MNIST_DIR "
        "at a folder with the four *-ubyte.gz files, or connect to the internet so torchvision can download it."
    )


def class_names(dataset: str) -> list[str]:
    if dataset != "fashion-mnist":
        raise ValueError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    return list(FASHION_MNIST_CLASSES)


def train_val_split(split: Split, val_size: int, seed: int = 0) -> tuple[Split, Split]:
    """Carves a seeded validation set from the training data (the test split only reports)."""
    order = torch.randperm(len(split.labels), generator=torch.Generator().manual_seed(seed))
    val, train = order[:val_size], order[val_size:]
    return Split(split.images[train], split.labels[train]), Split(split.images[val], split.labels[val])


def subset(split: Split, n: int) -> Split:
    return Split(split.images[:n], split.labels[:n])


def to_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N,1,H,W) -> float in [0, 1]."""
    return images.float().div_(255.0)
