"""How noisy is an ECE measured on a few hundred images? The floor under benchmarks/calibration_api.py.

    python -m benchmarks.calibration_noise [--images 300] [--subsets 20] [--draws 2000] [--seed 0]
                                           [--generative fashion-mnist]

Two figures per dataset, from the bundled models (no server):
- the CNN's ECE (served temperature) on --subsets seeded random test subsets of --images images, as
  tensors: how much the subset alone moves it (the full test split's figure beside it);
- for both classifiers, the ECE that a *perfectly* calibrated model with the same confidence profile
  would show on --images images: confidences drawn from the test split's reliability bins after
  calibration (metrics.json), each answer right with probability equal to its confidence, --draws times.
With --generative DATASETS (comma-separated), the generative classifier's served answer (tempered
Bayes' rule and its top-label map) on the same subsets too: it scores the whole test split first
(minutes per 10,000 images on one core).
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from models.datasets import DATASETS, weights_folder
from models.networks.classifier import Classifier
from train.lib.calibration import ece, eces_if_calibrated
from train.lib.data import load_split, to_float
from train.lib.metrics import in_batches

TARGETS = {"classifier": 0.03, "cvae": 0.05}  # issue 34, through the API on 300 images


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.calibration_noise", description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=300)
    p.add_argument("--subsets", type=int, default=20)
    p.add_argument("--draws", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--generative", default="", help="datasets whose generative classifier is also scored on the subsets")
    return p.parse_args(argv)


def sample(count: int, images: int, seed: int) -> torch.Tensor:
    """The indices of `images` seeded random images of a test split of `count`: the one rule for which
    images a seed picks, here and in benchmarks/calibration_api.py (its seed 0 is subset 0 here)."""
    return torch.randperm(count, generator=torch.Generator().manual_seed(seed))[:images]


def full_and_subset_eces(probs: torch.Tensor, labels: torch.Tensor, images: int, how_many: int) -> tuple[float, list[float]]:
    """ECE on the whole split and on `how_many` seeded random subsets of it (seeds 0, 1, ...)."""
    return ece(probs, labels), [ece(probs[p], labels[p]) for p in (sample(len(labels), images, s) for s in range(how_many))]


@torch.no_grad()
def generative_subset_eces(dataset: str, images: int, how_many: int) -> tuple[float, list[float]]:
    """The generative classifier's served answer: ECE on the whole test split and on the same subsets."""
    from models.loading.loader import load_model
    from models.operations.classify import generative_classifier as gc
    from train.evaluate_cvae import log_likelihoods
    cvae = load_model(weights_folder(dataset, "cvae"), "cvae")
    test = load_split(dataset, "test")
    probs = gc.posterior_over_classes(cvae, log_likelihoods(cvae, to_float(test.images), seed=0))
    return full_and_subset_eces(probs, test.labels, images, how_many)


@torch.no_grad()
def subset_eces(dataset: str, images: int, how_many: int) -> tuple[float, list[float]]:
    """The CNN's ECE on the whole test split and on `how_many` random subsets (seeds 0, 1, ...)."""
    classifier = Classifier.from_pretrained(weights_folder(dataset, "classifier")).eval()
    test = load_split(dataset, "test")
    probs = torch.cat([classifier.predict_proba(x) for x in in_batches(to_float(test.images))])
    return full_and_subset_eces(probs, test.labels, images, how_many)


def perfect_eces(bins: list[dict], images: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """ECE of `draws` sets of `images` answers whose confidences follow `bins` and come true as often as they say."""
    counts = np.array([b["count"] for b in bins], dtype=float)
    confidence = np.array([b["confidence"] or 0.0 for b in bins])
    which = rng.choice(len(bins), size=(draws, images), p=counts / counts.sum())
    generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
    return eces_if_calibrated(torch.from_numpy(confidence[which]), generator=generator).numpy()


def main(argv=None) -> dict:
    args = parse_args(argv)
    rng, results = np.random.default_rng(args.seed), {}
    for dataset in DATASETS:
        full, eces = subset_eces(dataset, args.images, args.subsets)
        row = {"cnn_full_test_ece": round(full, 4), "cnn_subset_ece": [round(e, 4) for e in eces]}
        print(f"{dataset} CNN: full test ECE {full:.3f}; {args.subsets} random {args.images}-image subsets: median "
              f"{np.median(eces):.3f} ({min(eces):.3f}-{max(eces):.3f}), seed 0 {eces[0]:.3f}")
        for kind, target in TARGETS.items():
            bins = json.loads((weights_folder(dataset, kind) / "metrics.json").read_text())["calibration"]["after"]["reliability"]
            floor = perfect_eces(bins, args.images, args.draws, rng)
            row[f"{kind}_perfect"] = {"median": round(float(np.median(floor)), 4), "p90": round(float(np.percentile(floor, 90)), 4),
                                      "share_within_target": round(float((floor <= target).mean()), 3)}
            print(f"{dataset} {kind}: a perfectly calibrated model with its confidences, {args.images} images: ECE median "
                  f"{np.median(floor):.3f}, 90th percentile {np.percentile(floor, 90):.3f}, <= {target} in "
                  f"{100 * (floor <= target).mean():.0f}% of {args.draws} draws")
        if dataset in args.generative.split(","):
            full, eces = generative_subset_eces(dataset, args.images, args.subsets)
            row |= {"cvae_full_test_ece": round(full, 4), "cvae_subset_ece": [round(e, 4) for e in eces]}
            print(f"{dataset} generative: full test ECE {full:.3f}; {args.subsets} random {args.images}-image subsets: "
                  f"median {np.median(eces):.3f} ({min(eces):.3f}-{max(eces):.3f}), seed 0 {eces[0]:.3f}, "
                  f"<= {TARGETS['cvae']} in {sum(e <= TARGETS['cvae'] for e in eces)} of {len(eces)}")
        results[dataset] = row
    return results


if __name__ == "__main__":
    main()
