"""The training images Train live learns from: the same bounded Hub-then-bundled rule as the weights.

The data of a dataset is a small, class-balanced subset of its training split (train/live_data.py
makes it, `python -m train.publish weights/<dataset>-live-data` publishes it), so the app needs no dataset package or
download. It is looked for, in order:

1. the Hub dataset repo `<DATASET>_LIVE_DATA_REPO`, else `<HUB_NAMESPACE>/<dataset>-live-data`
   (revision `<DATASET>_LIVE_DATA_REVISION`), within `HUB_TIMEOUT` seconds, unless HF_HUB_OFFLINE
   or an earlier silent Hub (models/loading/loader.py) rules the Hub out;
2. the bundled folder `<WEIGHTS_DIR>/<dataset>-live-data/`;
3. whatever huggingface_hub already has cached.

A Hub copy that does not read as the expected tensors falls back to the bundled folder.
The training scripts keep reading the full datasets (models/operations/common/dataset_files.py).
"""
from __future__ import annotations

import functools
import json
import logging
import threading
from pathlib import Path

import torch
from huggingface_hub import snapshot_download
from safetensors.torch import load_file

from models import datasets
from models.errors import WeightsError
from models.loading import loader
from models.operations.common.dataset_files import Split

log = logging.getLogger(__name__)

DATA_FILE = "data.safetensors"
PROVENANCE_FILE = "provenance.json"
HUB_FILES = [DATA_FILE, PROVENANCE_FILE, "README.md", "LICENSE"]
REPO_TYPE = "dataset"


def repo_id(dataset: str) -> str:
    return datasets.repo_id(dataset, datasets.LIVE_DATA)


def _download(dataset: str, **kwargs) -> Path:
    return Path(snapshot_download(repo_id(dataset), repo_type=REPO_TYPE, allow_patterns=HUB_FILES,
                                  revision=datasets.revision(dataset, datasets.LIVE_DATA), **kwargs))


def _from_hub(dataset: str, timeout: float) -> Path | None:
    """The Hub snapshot, or None when it fails or takes longer than `timeout` (then the Hub is given up)."""
    found: dict[str, Path] = {}

    def fetch() -> None:
        try:
            found["path"] = _download(dataset, etag_timeout=timeout)
        except Exception as err:  # any Hub failure means: use the fallback
            log.info("Hub download of %s failed: %s: %s", repo_id(dataset), type(err).__name__, err)

    thread = threading.Thread(target=fetch, daemon=True, name=f"hub-{dataset}-live-data")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        loader._hub_state["gave_up"] = True  # one silent Hub costs the timeout once, weights and data together
        log.warning("the Hub did not answer within %.1f s; using local files from now on", timeout)
    return found.get("path")


def _from_hub_cache(dataset: str) -> Path | None:
    try:
        return _download(dataset, local_files_only=True)
    except Exception:
        return None


def read_folder(folder: Path) -> dict[str, torch.Tensor]:
    """The folder's tensors, checked: images (N, 28, 28) uint8, labels (N,) int64, shown (K, 28, 28) uint8."""
    path = Path(folder) / DATA_FILE
    try:
        tensors = load_file(str(path))
    except Exception as err:
        raise WeightsError(f"{path} cannot be read as safetensors: {err}") from err
    images, labels, shown = (tensors.get(k) for k in ("images", "labels", "shown"))
    ok = (images is not None and labels is not None and shown is not None
          and images.dtype == torch.uint8 and images.dim() == 3 and images.shape[1:] == (28, 28)
          and labels.dtype == torch.int64 and labels.shape == images.shape[:1]
          and shown.dtype == torch.uint8 and shown.shape[1:] == (28, 28))
    if not ok:
        raise WeightsError(f"{path} does not hold images (N, 28, 28) uint8, labels (N,) int64 and shown uint8")
    return tensors


def _locate(dataset: str) -> list[tuple[Path, str]]:
    """Candidate folders in order of preference, each with where it came from."""
    places = []
    if loader._hub_enabled():
        hub = _from_hub(dataset, loader.hub_timeout())
        if hub is not None:
            places.append((hub, f"Hub dataset {repo_id(dataset)}"))
    bundled = datasets.weights_folder(dataset, datasets.LIVE_DATA)
    if (bundled / DATA_FILE).is_file():
        places.append((bundled, f"bundled folder {loader._shown(bundled)}"))
    elif (cached := _from_hub_cache(dataset)) is not None:
        places.append((cached, f"huggingface_hub cache of {repo_id(dataset)}"))
    return places


@functools.lru_cache(maxsize=None)  # read once per dataset and process (~2.4 MB each)
def _loaded(dataset: str) -> tuple[dict[str, torch.Tensor], dict, str]:
    places = _locate(dataset)
    if not places:
        raise FileNotFoundError(
            f"no training images for {dataset}: the Hub dataset {repo_id(dataset)} was offline, unreachable or "
            f"empty, and {datasets.weights_folder(dataset, datasets.LIVE_DATA)} does not exist "
            f"(make it with `python -m train.live_data --dataset {dataset}`, or set WEIGHTS_DIR)")
    for i, (folder, origin) in enumerate(places):
        try:
            tensors = read_folder(folder)
        except WeightsError as err:
            if i + 1 == len(places):
                raise
            log.warning("%s; using the next copy instead", err)
            continue
        provenance_path = folder / PROVENANCE_FILE
        provenance = json.loads(provenance_path.read_text()) if provenance_path.is_file() else {}
        log.info("%s live-training data (%d images) loaded from %s", dataset, len(tensors["labels"]), origin)
        return tensors, provenance, origin
    raise AssertionError("unreachable")


def training_images(dataset: str) -> Split:
    """The shipped training subset as (N, 1, 28, 28) uint8 images and int64 labels."""
    tensors = _loaded(datasets.get(dataset).id)[0]
    return Split(tensors["images"].unsqueeze(1), tensors["labels"])


def shown_images(dataset: str) -> torch.Tensor:
    """The first test image of every class, in class order, (K, 1, 28, 28) uint8: what the live VAE redraws."""
    return _loaded(datasets.get(dataset).id)[0]["shown"].unsqueeze(1)


def provenance(dataset: str) -> dict:
    """provenance.json of the copy in use (the source files, the split, the seed, the full split's size)."""
    return _loaded(datasets.get(dataset).id)[1]


def origin(dataset: str) -> str:
    return _loaded(datasets.get(dataset).id)[2]
