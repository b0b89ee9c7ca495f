"""Makes the training images Train live learns from, shipped with the app like the weights:

    python -m train.live_data [--dataset fashion-mnist|animal-mnist|all] [--per-class 300] [--seed 0] [--out DIR]

From the real sources (train/lib/data.py: Debian's Fashion-MNIST files, the `animal-mnist`
package), a class-balanced, seeded subset of the TRAINING split, as uint8 safetensors:
`images` (N, 28, 28) uint8 and `labels` (N,) int64, plus `shown` (the first test image of every
class, what the live VAE redraws). Beside it: provenance.json (the source files and their sha256,
the split, the seed, the counts), LICENSE and a README (the Hub dataset card). A rerun on the same
sources writes byte-identical files. Publish a folder as a Hub dataset with
`python -m train.publish weights/<dataset>-live-data`.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

from models import datasets
from models.operations.common import dataset_files
from train.lib.data import load_split

DATA_FILE = "data.safetensors"
PROVENANCE_FILE = "provenance.json"


def source_files(dataset: str) -> list[Path]:
    """The files the dataset's splits are read from (dataset_files.py reads them)."""
    if dataset == datasets.FASHION_MNIST.id:
        root = dataset_files.DEBIAN_FASHION_MNIST
        if not (root / "t10k-images-idx3-ubyte.gz").exists():
            root = dataset_files.TORCHVISION_ROOT / "FashionMNIST" / "raw"
        return [root / f"{p}-{kind}-idx{d}-ubyte.gz" for p in ("train", "t10k")
                for kind, d in (("images", 3), ("labels", 1))]
    spec = importlib.util.find_spec("animal_mnist")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Animal-MNIST is not installed: `pip install --no-deps animal-mnist==0.4`")
    folder = Path(spec.submodule_search_locations[0]) / "data" / "Animal_MNIST"
    return [folder / "animal_data_version_3.gz", folder / "animal_label_version_3.gz"]


def balanced_indices(labels: torch.Tensor, per_class: int, seed: int) -> np.ndarray:
    """`per_class` indices of every class, drawn without replacement by a seeded permutation, sorted."""
    labels = labels.numpy()
    rng = np.random.default_rng(seed)
    chosen = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        if len(members) < per_class:
            raise ValueError(f"class {c} has only {len(members)} training images, fewer than {per_class}")
        chosen.append(rng.permutation(members)[:per_class])
    return np.sort(np.concatenate(chosen))


def first_of_each_class(split: dataset_files.Split) -> torch.Tensor:
    firsts = [int((split.labels == c).nonzero()[0]) for c in range(int(split.labels.max()) + 1)]
    return split.images[firsts, 0].contiguous()


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(dataset: str, out: Path, per_class: int = datasets.LIVE_DATA_PER_CLASS, seed: int = 0) -> Path:
    entry = datasets.get(dataset)
    train, test = load_split(entry.id, "train"), load_split(entry.id, "test")
    keep = torch.from_numpy(balanced_indices(train.labels, per_class, seed))
    tensors = {"images": train.images[keep, 0].contiguous(), "labels": train.labels[keep].contiguous(),
               "shown": first_of_each_class(test)}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out / DATA_FILE))
    provenance = {
        "dataset": entry.id, "name": entry.name, "licence": datasets.LICENCE.upper(),
        "split": "train", "training_split_size": len(train.labels), "seed": seed, "per_class": per_class,
        "images": len(keep), "shown": "the first test image of every class, in class order",
        "selection": "per class: numpy default_rng(seed).permutation of its training indices, first per_class, sorted",
        "command": f"python -m train.live_data --dataset {entry.id} --per-class {per_class} --seed {seed}",
        "sources": [{"file": p.name, "sha256": sha256(p)} for p in source_files(entry.id)],
        "data_sha256": sha256(out / DATA_FILE),
    }
    (out / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=1) + "\n")
    (out / "LICENSE").write_text(licence_text(entry))
    (out / "README.md").write_text(card(entry, provenance))
    return out


def source_licence(dataset: str) -> str:
    """The source's own licence notice, word for word (MIT asks that it travel with every copy)."""
    if dataset == datasets.FASHION_MNIST.id:
        debian = Path("/usr/share/doc/dataset-fashion-mnist/copyright")  # Debian's record of Zalando's licence
        if debian.is_file():
            return debian.read_text()
        raise FileNotFoundError(f"{debian} is missing: the licence notice of Fashion-MNIST must ship with its images")
    files = importlib.metadata.files("animal-mnist") or []
    notice = [f for f in files if f.name.upper().startswith("LICENSE")]
    if not notice:
        raise FileNotFoundError("the animal-mnist package carries no LICENSE file to ship with its images")
    return notice[0].read_text()


def licence_text(entry: datasets.Dataset) -> str:
    return (f"The images and labels in this folder are a subset of {entry.name}, under the MIT licence of its\n"
            f"authors. Their licence notice, as the source ships it, follows.\n\n" + source_licence(entry.id))


def card(entry: datasets.Dataset, provenance: dict) -> str:
    sources = "\n".join(f"- `{s['file']}` sha256 `{s['sha256']}`" for s in provenance["sources"])
    return f"""---
license: {datasets.LICENCE}
tags:
- {entry.id}
- generative-models
size_categories:
- 1K<n<10K
---
# {entry.name}: Train live's training images

{provenance['images']:,} training images ({provenance['per_class']} per class, seed {provenance['seed']}) of the
{provenance['training_split_size']:,}-image training split, and the first test image of every class: what the
app's Train live tab learns from, so it needs no dataset package or download. The models themselves were trained
on the full split.

{entry.about}: {', '.join(entry.class_names)}.

`{DATA_FILE}`: `images` (N, 28, 28) uint8, `labels` (N,) int64, `shown` (classes, 28, 28) uint8.
Made by `{provenance['command']}` from:

{sources}

Licence: MIT (see LICENSE), the licence of {entry.name}.
"""


def main(argv=None) -> list[Path]:
    p = argparse.ArgumentParser(prog="python -m train.live_data", description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default="all", choices=[*datasets.DATASETS, "all"])
    p.add_argument("--per-class", type=int, default=datasets.LIVE_DATA_PER_CLASS)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=None, help="folder (one dataset) or root (all); default weights/")
    args = p.parse_args(argv)
    chosen = datasets.DATASETS if args.dataset == "all" else (args.dataset,)
    written = []
    for dataset in chosen:
        if args.out is not None and len(chosen) == 1:
            out = args.out
        else:
            out = datasets.weights_folder(dataset, datasets.LIVE_DATA, args.out)
        written.append(build(dataset, out, args.per_class, args.seed))
        print(f"{dataset}: {written[-1]}")
    return written


if __name__ == "__main__":
    main()
