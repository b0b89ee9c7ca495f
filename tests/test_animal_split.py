"""The real Animal-MNIST split (what test_data.py checks on synthetic data, here on the package's
images): stratified, reproducible, distinct images on each side; and the app's cat and dog
examples are test images the models never trained on."""
import numpy as np
import pytest
import torch
from PIL import Image

from animal_weights import ANIMALS, CAT, DOG
from train.lib import data


def image_keys(split: data.Split) -> list[bytes]:
    return [x.numpy().tobytes() for x in split.images]


@pytest.fixture(scope="module")
def split():
    return {name: data.load_split("animal-mnist", name) for name in ("train", "test")}


def test_each_class_is_split_in_the_same_proportion(split):
    train, test = (torch.bincount(split[s].labels, minlength=10) for s in ("train", "test"))
    assert (train > 0).all() and (test > 0).all()
    for cls, (n_train, n_test) in enumerate(zip(train.tolist(), test.tolist())):
        assert n_test == round(data.ANIMAL_TEST_FRACTION * (n_train + n_test)), data.class_names("animal-mnist")[cls]


def test_each_side_holds_distinct_images_only(split):
    for side in split.values():
        assert len(set(image_keys(side))) == len(side.labels)


def test_the_split_is_reproducible_and_depends_on_the_seed(split):
    again = data.load_split("animal-mnist", "test")
    assert torch.equal(again.images, split["test"].images) and torch.equal(again.labels, split["test"].labels)
    images, labels = data.read_animal_mnist()
    other = data.animal_split(images, labels, seed=data.ANIMAL_SPLIT_SEED + 1)["test"]
    assert set(image_keys(other)) != set(image_keys(split["test"]))


@pytest.mark.parametrize("path, name", [(CAT, "cat"), (DOG, "dog")])
def test_cat_and_dog_examples_are_test_images(split, path, name):
    pixels = np.asarray(Image.open(path).convert("L"))[::8, ::8]  # saved 8x enlarged, nearest-neighbour
    index = int(path.name.split("-")[2])  # animal-test-<index>-<class>.png
    test = split["test"]
    assert np.array_equal(test.images[index, 0].numpy(), pixels)
    assert ANIMALS[int(test.labels[index])] == name
    assert pixels.tobytes() not in set(image_keys(split["train"]))
