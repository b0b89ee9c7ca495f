"""The data module: IDX parsing, the offline path, class names and the validation split."""
import gzip
import struct

import numpy as np
import pytest
import torch

from models.errors import InputError
from models.operations.common import dataset_files as data  # the file readers (train.lib.data re-exports them)
from train.lib import data as train_data


def write_idx(path, array: np.ndarray):
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def fake_fashion_dir(tmp_path, n=12):
    rng = np.random.default_rng(0)
    for prefix in ("train", "t10k"):
        write_idx(tmp_path / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, (n, 28, 28)))
        write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte.gz", np.arange(n) % 10)
    return tmp_path


def test_read_idx_round_trip(tmp_path):
    array = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    write_idx(tmp_path / "x.gz", array)
    assert np.array_equal(data.read_idx(tmp_path / "x.gz"), array)


def test_offline_path_reads_debian_files(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", fake_fashion_dir(tmp_path))
    split = data.load_split("fashion-mnist", "test")
    assert split.images.shape == (12, 1, 28, 28) and split.images.dtype == torch.uint8
    assert split.labels.tolist() == [i % 10 for i in range(12)]


def test_missing_data_offline_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_FASHION_MNIST", tmp_path / "nothing-here")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(FileNotFoundError, match="apt-get install dataset-fashion-mnist"):
        data.load_split("fashion-mnist", "train")


def test_unknown_dataset_and_split():
    with pytest.raises(InputError, match="Unknown dataset 'cifar'"):
        data.load_split("cifar", "train")
    with pytest.raises(ValueError, match="split"):
        data.load_split("fashion-mnist", "validation")


def test_class_names_are_exact():
    assert train_data.class_names("fashion-mnist") == [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]


def test_train_val_split_is_disjoint_and_seeded():
    split = data.Split(torch.arange(100).view(100, 1, 1, 1).to(torch.uint8), torch.arange(100))
    train, val = train_data.train_val_split(split, 20, seed=3)
    again, _ = train_data.train_val_split(split, 20, seed=3)
    assert len(val.labels) == 20 and len(train.labels) == 80
    assert not set(train.labels.tolist()) & set(val.labels.tolist())
    assert torch.equal(train.labels, again.labels)


@pytest.mark.skipif(not data.DEBIAN_FASHION_MNIST.exists(), reason="needs Debian's dataset-fashion-mnist")
def test_real_fashion_mnist_sizes():
    train, test = data.load_split("fashion-mnist", "train"), data.load_split("fashion-mnist", "test")
    assert len(train.labels) == 60_000 and len(test.labels) == 10_000
    assert torch.bincount(test.labels).tolist() == [1000] * 10


def test_animal_split_is_disjoint_by_content_stratified_and_seeded():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (200, 28, 28)).astype(np.uint8)
    labels = np.arange(200) % 4
    images[100:130] = images[0:30]  # duplicates of the same class, as in the real data
    labels[100:130] = labels[0:30]
    split = data.animal_split(images, labels, test_fraction=0.25, seed=7)
    train_set = {bytes(x.numpy().tobytes()) for x in split["train"].images}
    test_set = {bytes(x.numpy().tobytes()) for x in split["test"].images}
    assert not train_set & test_set
    assert len(train_set) + len(test_set) == 170 == len(split["train"].labels) + len(split["test"].labels)
    counts = torch.bincount(split["test"].labels).tolist()
    assert max(counts) - min(counts) <= 1  # stratified: about a quarter of each class
    again = data.animal_split(images, labels, test_fraction=0.25, seed=7)
    assert torch.equal(again["test"].images, split["test"].images)
    other = data.animal_split(images, labels, test_fraction=0.25, seed=8)
    assert not torch.equal(other["test"].images, split["test"].images)


def test_real_animal_mnist_split():
    train, test = data.load_split("animal-mnist", "train"), data.load_split("animal-mnist", "test")
    assert train_data.class_names("animal-mnist")[2:5] == ["cat", "cow", "dog"]
    assert len(train.labels) + len(test.labels) == 9716  # distinct images in the package
    assert {bytes(x.numpy().tobytes()) for x in train.images}.isdisjoint(bytes(x.numpy().tobytes()) for x in test.images)
