"""Uploads of a dataset's own test images score like its test set: the figures.

    python -m benchmarks.uploads [--images 1000] [--datasets fashion-mnist,animal-mnist] [--seed 0]

For each dataset, `--images` random test images are written as files two ways: a plain
28x28 PNG, and a "shop photo" (10x upscaled, dark object on white, RGB JPEG). Each file goes
through the app's upload path (models.operations.common.preprocess) into the bundled classifier,
into the bundled VAE, whose posterior-mean reconstruction the classifier then reads, and into
the generative classifier (the class-conditional VAE by Bayes' rule, scored as
/classify_generative scores an upload).
The accuracies are printed beside the figures recorded in each model's metrics.json by
`python -m train.evaluate` and `python -m train.evaluate_cvae` (full test split, tensors), and beside the same images as
tensors, which shows how much of a gap is the subset rather than the upload path.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from models import VAE, Classifier
from models.datasets import DATASETS, weights_folder
from models.networks.cvae import ConditionalVAE
from models.operations.classify import generative_classifier as gc
from models.operations.common.preprocess import preprocess
from train.lib.data import Split, load_split, subset, to_float
from train.evaluate import evaluate_classifier, vae_test_pass
from train.evaluate_cvae import log_likelihoods
from train.lib.metrics import predict

SHOP_SCALE = 10
# Targets of issue 13: the gap to the recorded figure, in points, that uploads may show.
TARGETS = {"png": 1.0, "shop": 3.0, "vae": 2.0}
# Issue 16 asks for the generative classifier's upload figures, not a gap: the VAE's allowance marks them.
TARGETS["cvae"] = TARGETS["vae"]


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.uploads", description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=1000, help="random test images per dataset (all if fewer)")
    p.add_argument("--datasets", default=",".join(DATASETS))
    p.add_argument("--seed", type=int, default=0, help="picks the images")
    p.add_argument("--weights", type=Path, default=None, help="root of <dataset>-<kind>/ (default: WEIGHTS_DIR or weights/)")
    return p.parse_args(argv)


def write_png(image: np.ndarray, path: Path) -> Path:
    Image.fromarray(image).save(path)
    return path


def write_shop_photo(image: np.ndarray, path: Path) -> Path:
    """The item as a shop would photograph it: large, dark on white, colour JPEG."""
    big = Image.fromarray(255 - image).resize((image.shape[1] * SHOP_SCALE, image.shape[0] * SHOP_SCALE),
                                              Image.Resampling.BICUBIC)
    big.convert("RGB").save(path, quality=90)
    return path


def uploaded(images: np.ndarray, labels: torch.Tensor, dataset: str, writer, folder: Path, suffix: str) -> Split:
    """The 28x28 images the models see for these files, as a Split (preprocess's output is 8-bit)."""
    seen = [preprocess(writer(image, folder / f"{i}{suffix}"), dataset)[1] for i, image in enumerate(images)]
    return Split(torch.from_numpy(np.stack([np.asarray(s) for s in seen]))[:, None], labels)


def measure(dataset: str, n: int, seed: int, root: Path | None) -> dict:
    classifier = Classifier.from_pretrained(weights_folder(dataset, "classifier", root)).eval()
    vae = VAE.from_pretrained(weights_folder(dataset, "vae", root)).eval()
    recorded = json.loads((weights_folder(dataset, "classifier", root) / "metrics.json").read_text())["accuracy"]
    recorded_vae = json.loads((weights_folder(dataset, "vae", root) / "metrics.json").read_text())[
        "classifier_accuracy_on_reconstructions"]
    cvae = ConditionalVAE.from_pretrained(weights_folder(dataset, "cvae", root)).eval()
    recorded_cvae = json.loads((weights_folder(dataset, "cvae", root) / "metrics.json").read_text())["generative_accuracy"]
    test = load_split(dataset, "test")
    order = torch.randperm(len(test.labels), generator=torch.Generator().manual_seed(seed))
    picked = Split(test.images[order[:n]], test.labels[order[:n]])
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        raw = picked.images[:, 0].numpy()
        forms = {"tensors": picked,
                 "png": uploaded(raw, picked.labels, dataset, write_png, Path(tmp), ".png"),
                 "shop": uploaded(raw, picked.labels, dataset, write_shop_photo, Path(tmp), ".jpg")}
    row = {"dataset": dataset, "images": len(picked.labels), "recorded": recorded, "recorded_vae": recorded_vae,
           "recorded_cvae": recorded_cvae}
    for form, split in forms.items():
        row[form] = evaluate_classifier(classifier, split)["accuracy"]
        reconstructions = vae_test_pass(vae, split, seed)[1]
        row[f"vae_{form}"] = round((predict(classifier, reconstructions) == split.labels).float().mean().item(), 4)
        row[f"cvae_{form}"] = generative_accuracy(cvae, split, seed)
    row["pixel_change_png"] = round((forms["png"].images.float() - picked.images.float()).abs().mean().item() / 255, 4)
    row["seconds"] = round(time.time() - started, 1)
    return row


def generative_accuracy(cvae: ConditionalVAE, split: Split, seed: int) -> float:
    """The generative classifier's accuracy, scoring each image as the app does (its K and refined classes)."""
    return round(gc.accuracy(cvae, log_likelihoods(cvae, to_float(split.images), seed), split.labels), 4)


def verdict(value: float, reference: float, allowed: float) -> str:
    gap = 100 * (value - reference)
    return f"{100 * value:.1f}% ({gap:+.1f}{'' if abs(gap) <= allowed else ' MISSED'})"


def table(rows: list[dict]) -> str:
    lines = ["| dataset | images | recorded test acc | same images, tensors | PNG uploads | shop photos | "
             "VAE: recorded | VAE: tensors | VAE: PNG uploads | VAE: shop photos | "
             "generative: recorded | generative: tensors | generative: PNG uploads | generative: shop photos |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {r['images']} | {100 * r['recorded']:.1f}% | {100 * r['tensors']:.1f}% | "
            f"{verdict(r['png'], r['recorded'], TARGETS['png'])} | {verdict(r['shop'], r['recorded'], TARGETS['shop'])} | "
            f"{100 * r['recorded_vae']:.1f}% | {100 * r['vae_tensors']:.1f}% | "
            f"{verdict(r['vae_png'], r['recorded_vae'], TARGETS['vae'])} | "
            f"{verdict(r['vae_shop'], r['recorded_vae'], TARGETS['vae'])} | "
            f"{100 * r['recorded_cvae']:.1f}% | {100 * r['cvae_tensors']:.1f}% | "
            f"{verdict(r['cvae_png'], r['recorded_cvae'], TARGETS['cvae'])} | "
            f"{verdict(r['cvae_shop'], r['recorded_cvae'], TARGETS['cvae'])} |")
    return "\n".join(lines)


def main(argv=None) -> list[dict]:
    args = parse_args(argv)
    rows = [measure(d, args.images, args.seed, args.weights) for d in args.datasets.split(",")]
    print(table(rows))
    changes = ", ".join(f"{r['dataset']} {r['pixel_change_png']}" for r in rows)
    print("(in brackets: points against the recorded figure; allowed: PNG 1, shop photo 3, VAE 2, generative 2; "
          f"mean absolute pixel change of a PNG upload, in [0, 1]: {changes})")
    return rows


if __name__ == "__main__":
    main()
