"""The one registry of datasets: every fact about a dataset that code needs lives in its entry.

Adding a dataset is one `Dataset(...)` entry below plus a reader for its files in
`models/operations/common/dataset_files.py` (the served models learn class names and
normalisation from their config.json; Train live reads the subset train/live_data.py ships). Everything else (the dataset switch, the
class lists of new models, Hub repo ids, weights folders, card text and tags, which example
file belongs to which dataset) reads from here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models.errors import InputError, shown

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_KINDS: tuple[str, ...] = ("classifier", "vae", "gan", "cvae")
# The training images Train live learns from ship beside the weights, as weights/<id>-live-data/
# (made by train/live_data.py; a Hub *dataset* repo <HUB_NAMESPACE>/<id>-live-data, pulled like the weights).
LIVE_DATA = "live-data"
LIVE_DATA_PER_CLASS = 300  # enough for a 120 s live run (docs/train-live.md measures it against the full split)
LICENCE = "mit"  # both datasets' licence (Fashion-MNIST: MIT; Animal-MNIST: MIT)


@dataclass(frozen=True)
class Dataset:
    id: str                       # the API's `dataset` value and the weights/<id>-<kind> prefix
    name: str                     # how cards and docs name it
    label: str                    # what visitors read in the dataset switch
    class_names: tuple[str, ...]
    about: str                    # the model cards' sentence on where the data comes from
    hub_dataset: str              # the card's `datasets:` entry (a Hub dataset id, or the source's name)
    example_prefix: str           # examples/<prefix>... images belong to this dataset ("" = the default)
    # Framing of an object in the 28x28 frame: the long side of its bounding box in pixels,
    # (1st percentile, largest) over the training split (measured). Preprocessing brings an
    # upload's object into this range, so an image already framed like the dataset's keeps its size.
    object_long_side: tuple[int, int] = (27, 28)

    @property
    def env_prefix(self) -> str:
        return self.id.upper().replace("-", "_")


FASHION_MNIST = Dataset(
    id="fashion-mnist",
    name="Fashion-MNIST",
    label="Fashion-MNIST",
    class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    about=("[Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist) (Zalando Research, MIT licence): "
           "70,000 grayscale 28×28 images of clothing and accessories, light objects centred on a black "
           "background, 60,000 for training and 10,000 for testing, in 10 balanced classes"),
    hub_dataset="zalando-datasets/fashion_mnist",
    example_prefix="",
    object_long_side=(27, 28),
)

ANIMAL_MNIST = Dataset(
    id="animal-mnist",
    name="Animal-MNIST",
    label="Animals — cats & dogs",
    class_names=("bear", "bird", "cat", "cow", "dog", "elephant", "giraffe", "horse", "sheep", "zebra"),
    about=("Animal-MNIST (PyPI package `animal-mnist==0.4`, MIT licence): 28×28 grayscale animal silhouettes, "
           "10 × 1,000 images of which 9,716 are distinct (exact duplicates are dropped). It has no official "
           "split, so this project makes a stratified, seeded one with no image (by content) on both sides: "
           "7,775 distinct training images (1/12 of them held out for validation) and 1,941 distinct test "
           "images, see `train/lib/data.py`; classes"),
    hub_dataset="animal-mnist",  # not on the Hub: the PyPI package's name
    example_prefix="animal-",
    object_long_side=(20, 28),  # 3% of its silhouettes are 20-23 px long: enlarged, they read as zebras
)

REGISTRY: dict[str, Dataset] = {d.id: d for d in (FASHION_MNIST, ANIMAL_MNIST)}
DATASETS: tuple[str, ...] = tuple(REGISTRY)
DEFAULT_DATASET = FASHION_MNIST.id


def get(dataset: str | Dataset) -> Dataset:
    """The entry of `dataset` (an entry, or its id in any case, spaces around ignored): the one check
    of a dataset argument, wherever it comes from. Anything else is an InputError listing the ids."""
    if isinstance(dataset, Dataset):
        return dataset
    entry = REGISTRY.get(dataset.strip().lower()) if isinstance(dataset, str) else None
    if entry is None:
        raise InputError(f"Unknown dataset {shown(dataset)}. Accepted: {', '.join(DATASETS)}.")
    return entry


def class_names(dataset: str) -> list[str]:
    return list(get(dataset).class_names)


def label(dataset: str) -> str:
    """What visitors read for `dataset`; an id the registry lacks is shown as it is."""
    return REGISTRY[dataset].label if dataset in REGISTRY else str(dataset)


def example_dataset(file_name: str) -> str:
    """The dataset an example image belongs to, from its file name's prefix."""
    prefixed = [d for d in REGISTRY.values() if d.example_prefix and file_name.startswith(d.example_prefix)]
    return prefixed[0].id if prefixed else DEFAULT_DATASET


def hub_tags(dataset: str) -> list[str]:
    """The tags a model card of `dataset` carries besides its kind's own."""
    return ["generative-models", dataset, "pytorch_model_hub_mixin"]


def repo_id(dataset: str, kind: str) -> str:
    """The Hub repo of one model: `<DATASET>_<KIND>_REPO`, else `<HUB_NAMESPACE>/<dataset>-<kind>`."""
    namespace = os.environ.get("HUB_NAMESPACE", "genmodels-intro")
    return os.environ.get(f"{env_key(dataset, kind)}_REPO") or f"{namespace}/{dataset}-{kind}"


def revision(dataset: str, kind: str) -> str | None:
    return os.environ.get(f"{env_key(dataset, kind)}_REVISION") or None


def env_key(dataset: str, kind: str) -> str:
    return f"{dataset}_{kind}".upper().replace("-", "_")


def weights_root() -> Path:
    return Path(os.environ.get("WEIGHTS_DIR") or REPO_ROOT / "weights")


# A classifier folder's reliability diagrams, before and after calibration: train.calibrate and the
# evaluations draw them there, the About tab shows them.
RELIABILITY_FIGURE = "reliability.png"


def weights_folder(dataset: str, kind: str, root: Path | None = None) -> Path:
    """`<root>/<dataset>-<kind>`, root defaulting to WEIGHTS_DIR or the repository's weights/."""
    return Path(root or weights_root()) / f"{dataset}-{kind}"
