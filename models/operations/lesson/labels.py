"""Step 2 of the lesson: how many labelled images the classifier learned from, and which models used labels.

The counts come from the training records (`training.json` next to the weights: epochs, the
held-out validation size and seed) and the size of the training split, which the live-training data
shipped with the app records (models/loading/live_data.py), so no dataset files are needed.
"""
from __future__ import annotations

from models.loading import artefacts
from models.loading.loader import Family, WeightsError
from models.loading import live_data
from models.operations.common.dataset_files import validation_size

# Which served model learned from labels, and what for. A fact of the networks, checked by
# tests/test_lesson.py against their signatures: the classifier outputs classes, the
# class-conditional VAE and the GAN take a class as input, the VAE takes images alone.
USES_LABELS = {"classifier": True, "vae": False, "cvae": True, "gan": True}


def training_split_size(dataset: str) -> int:
    """The full training split's size, as the shipped live-training data records it (no dataset files needed)."""
    return int(live_data.provenance(dataset)["training_split_size"])


def labelled_images(family: Family) -> dict:
    """{"train", "validation", "epochs", "label_looks"}: the classifier's labelled training images
    (the split less its validation part), the validation images, and how often it saw a label."""
    record = artefacts.read_json(family, "classifier", "training.json")
    if not record or "epochs" not in record:
        raise WeightsError(f"no training record (training.json with epochs) next to the {family.dataset} classifier")
    total = training_split_size(family.dataset)
    held_out = validation_size(total, record.get("val_size"))
    train = total - held_out
    epochs = int(record["epochs"])
    return {"train": train, "validation": held_out, "epochs": epochs, "label_looks": train * epochs}
