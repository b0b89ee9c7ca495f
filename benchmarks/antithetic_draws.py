"""Independent against antithetic draws for the generative classifier, on the same validation images.

    python -m benchmarks.antithetic_draws [--dataset fashion-mnist] [--images 2000] [--seeds 0,1,2] [--max-k 16]

For every seed, every (image, class) pair gets max-K independent standard normal draws and their
mirrors -e. Independent K takes the first K draws; antithetic K takes e1, -e1, e2, -e2, ... built
from the first K/2 of the same draws, the order standard_draws serves them in. Both are scored as
the app scores (one screening draw, K for the R likeliest) for every K and R, so the two columns
differ only in how the draws are paired. Validation only: the test split is for train.evaluate_cvae.
"""
from __future__ import annotations

import argparse
import json
import statistics

import torch

from models.datasets import DATASETS, weights_folder
from models.networks.cvae import ConditionalVAE
from models.operations.classify import generative_classifier as gc
from train.lib.data import split_as_trained, to_float
from train.lib.metrics import in_batches

IMAGES_PER_BATCH = 10  # part of the draws' order: the same seed and batch give the same draws


@torch.inference_mode()
def mirrored_log_weights(cvae: ConditionalVAE, x: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """(2K, B, C) log weights: draws 0..K-1 independent, K..2K-1 their mirrors."""
    image, y = gc.all_pairs(len(x), cvae.num_classes)
    eps = torch.randn((k, len(y), cvae.latent_dim), generator=generator)
    z, partial = gc.pair_draws(cvae, cvae.features(x), x, image, y, torch.cat([eps, -eps]))
    return (partial + cvae.log_prior(z, y)).view(2 * k, len(x), cvae.num_classes)


def paired(log_w: torch.Tensor) -> torch.Tensor:
    """(K, ...) in antithetic order, e1, -e1, e2, -e2, ..., from mirrored_log_weights's (2K, ...)."""
    k = len(log_w) // 2
    return gc.alternate(log_w[:k], log_w[k:], k)


def table(cvae, log_w: torch.Tensor, labels: torch.Tensor, ks: list[int], refines: list[int]) -> dict:
    """Accuracy for every draw order, K and R: {"independent": {"K=4 R=3": 0.86, ...}, "antithetic": ...}."""
    orders = {"independent": log_w[:len(log_w) // 2], "antithetic": paired(log_w)}
    return {name: {f"K={k} R={r}": gc.accuracy(cvae, gc.screened_bound(w, k, r, cvae.log_class_prior), labels)
                   for k in ks for r in refines} for name, w in orders.items()}


def measure(dataset: str, images: int, seeds: list[int], max_k: int, refines: list[int]) -> dict:
    folder = weights_folder(dataset, "cvae")
    cvae = ConditionalVAE.from_pretrained(folder).eval()
    _, val = split_as_trained(dataset, folder)
    x, y = to_float(val.images[:images]), val.labels[:images]
    ks = [k for k in (1, 2, 4, 8, 16, 32, 64) if k <= max_k]
    runs = []
    for seed in seeds:
        g = torch.Generator().manual_seed(seed)
        log_w = torch.cat([mirrored_log_weights(cvae, xb, max_k, g) for xb in in_batches(x, IMAGES_PER_BATCH)], dim=1)
        runs.append(table(cvae, log_w, y, ks, refines))
    mean = {name: {cell: round(statistics.mean(run[name][cell] for run in runs), 4) for cell in runs[0][name]}
            for name in runs[0]}
    return {"dataset": dataset, "images": len(y), "seeds": seeds, "mean": mean, "runs": runs}


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.antithetic_draws", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default="fashion-mnist", choices=DATASETS)
    p.add_argument("--images", type=int, default=2000, help="validation images")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--max-k", type=int, default=16)
    p.add_argument("--refine", default="3", help="R values (classes given K draws after screening)")
    args = p.parse_args(argv)
    result = measure(args.dataset, args.images, [int(s) for s in args.seeds.split(",")], args.max_k,
                     [int(r) for r in args.refine.split(",")])
    for cell in result["mean"]["independent"]:
        print(f"{cell}: independent {result['mean']['independent'][cell]:.2%}, "
              f"antithetic {result['mean']['antithetic'][cell]:.2%} (mean of {len(result['seeds'])} seeds)")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
