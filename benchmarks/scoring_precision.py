"""The generative classifier's decoder in bf16 against fp32, in one run: time per upload and answers.

    python -m benchmarks.scoring_precision [--dataset fashion-mnist] [--images 2000] [--uploads 50]

Both precisions score the same validation images with the same draws (the served K and refined
classes, the model's config): accuracy, the share of images whose pick is the same, and the
median time of one upload (batch of one, one thread, as app.py serves). bf16 runs natively only
on CPUs with AVX-512 BF16 or AMX (models/operations/common/precision.py); elsewhere it is emulated, and
the app keeps fp32. Validation only: the test split is for train.evaluate_cvae.
"""
from __future__ import annotations

import argparse
import json

from benchmarks.machine import torch_threads
from models.datasets import DATASETS, weights_folder
from models.networks.cvae import ConditionalVAE
from models.operations.classify import generative_classifier as gc
from models.operations.common import precision
from train.lib.data import split_as_trained, to_float
from train.evaluate_cvae import log_likelihoods, seconds_per_image


def measure(dataset: str, images: int, uploads: int) -> dict:
    folder = weights_folder(dataset, "cvae")
    cvae = ConditionalVAE.from_pretrained(folder).eval()
    _, val = split_as_trained(dataset, folder)
    x, y = to_float(val.images[:images]), val.labels[:images]
    picks = {}
    out = {"dataset": dataset, "images": len(y), "native_bf16": precision.native_bf16()}
    for name in precision.PRECISIONS:
        with precision.scoring_in(name):
            picks[name] = gc.posterior_over_classes(cvae, log_likelihoods(cvae, x, seed=0)).argmax(1)
            with torch_threads(1):  # as app.py serves
                seconds = seconds_per_image(cvae, x, repeats=uploads)
        out[name] = {"accuracy": round((picks[name] == y).float().mean().item(), 4),
                     "ms_per_upload": round(1000 * seconds, 2)}
    out["same_pick"] = round((picks["bf16"] == picks["fp32"]).float().mean().item(), 4)
    out["speedup"] = round(out["fp32"]["ms_per_upload"] / out["bf16"]["ms_per_upload"], 2)
    return out


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scoring_precision", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default="fashion-mnist", choices=DATASETS)
    p.add_argument("--images", type=int, default=2000, help="validation images scored in both precisions")
    p.add_argument("--uploads", type=int, default=50, help="timed single-image scorings per precision (at most --images)")
    args = p.parse_args(argv)
    r = measure(args.dataset, args.images, args.uploads)
    print(f"{r['dataset']} ({r['images']} validation images; native bf16: {r['native_bf16']}): "
          f"fp32 {100 * r['fp32']['accuracy']:.2f}%, {r['fp32']['ms_per_upload']:.1f} ms per upload; "
          f"bf16 {100 * r['bf16']['accuracy']:.2f}%, {r['bf16']['ms_per_upload']:.1f} ms; "
          f"same pick {100 * r['same_pick']:.1f}%; bf16 {r['speedup']:.2f}x faster")
    print(json.dumps(r))
    return r


if __name__ == "__main__":
    main()
