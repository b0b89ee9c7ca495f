"""Writes the VAE's latent map next to its weights: python -m train.latent_map --dataset D.

Encodes a fixed, seeded subset of the test split, fits a 2-D PCA of the posterior means,
and saves coordinates, labels, the PCA itself and a few hundred real test images to
`<vae folder>/latent_map.safetensors` (see models/operations/vae/latent_map.py). The Space reads only
that file, never the dataset. Run it again whenever the VAE is retrained.
"""
import argparse
import time
from pathlib import Path

import torch

from models.operations.vae import latent_map
from models.networks.vae import VAE
from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from train.lib.data import load_split


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.latent_map", description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--vae", type=Path, default=None, help="VAE folder (default: weights/<dataset>-vae)")
    p.add_argument("--out", type=Path, default=None, help=f"default: <vae folder>/{latent_map.FILENAME}")
    p.add_argument("--points", type=int, default=2000, help="test images on the map")
    p.add_argument("--real-per-class", type=int, default=32, help="real test images kept per class, for Compare")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    args.vae = args.vae or weights_folder(args.dataset, "vae")
    args.out = args.out or args.vae / latent_map.FILENAME
    return args


def main(argv=None) -> Path:
    args = parse_args(argv)
    started = time.time()
    vae = VAE.from_pretrained(args.vae).eval()  # the mixin may hand back training mode
    if vae.dataset != args.dataset:
        raise SystemExit(f"{args.vae} holds a VAE for {vae.dataset}, not {args.dataset}")
    test = load_split(args.dataset, "test")
    with torch.inference_mode():
        result = latent_map.build(vae, test.images, test.labels, args.points, args.real_per_class, args.seed,
                                  {"dataset": args.dataset, "split": "test",
                                   "command": f"python -m train.latent_map --dataset {args.dataset}"})
    latent_map.save(result, args.out)
    share = ", ".join(f"{v:.1%}" for v in result.explained.tolist())
    print(f"{args.out}: {len(result.labels)} points (variance explained: {share}), "
          f"{len(result.real_labels)} real images, {args.out.stat().st_size / 1e6:.2f} MB, "
          f"{time.time() - started:.1f} s")
    return args.out


if __name__ == "__main__":
    main()
