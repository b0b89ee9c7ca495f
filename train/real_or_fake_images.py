"""Ships the real-or-fake game's real test images: python -m train.real_or_fake_images --dataset D.

Picks `--per-class` images of every class from the dataset's test split (seeded), and writes
them uint8, lossless, with their test-split indices and where they came from, to
`<gan folder>/real_or_fake_test_images.safetensors` (models/operations/game/real_images.py).
The Space reads only that file, never the dataset. Test images only: the GAN never saw them.
"""
import argparse
from pathlib import Path

from models import datasets
from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from models.operations.game import real_images
from models.operations.vae.latent_map import per_class_subset
from train.lib.data import load_split


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.real_or_fake_images", description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--per-class", type=int, default=20, help="test images kept per class")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=None,
                   help=f"default: weights/<dataset>-gan/{real_images.FILENAME}")
    args = p.parse_args(argv)
    args.out = args.out or weights_folder(args.dataset, "gan") / real_images.FILENAME
    return args


def main(argv=None) -> Path:
    args = parse_args(argv)
    test = load_split(args.dataset, "test")
    chosen = per_class_subset(test.labels, args.per_class, args.seed)
    command = (f"python -m train.real_or_fake_images --dataset {args.dataset} --per-class {args.per_class} "
               f"--seed {args.seed}")
    real = real_images.RealImages(
        test.images[chosen].contiguous(), test.labels[chosen].long(), chosen.long(),
        {"dataset": args.dataset, "split": "test", "test_split_size": str(len(test.labels)),
         "per_class": str(args.per_class), "seed": str(args.seed), "command": command,
         "source": datasets.get(args.dataset).about,
         "reader": "models/operations/common/dataset_files.py load_split(dataset, 'test')"})
    real_images.save(real, args.out)
    print(f"{args.out}: {len(chosen)} test images of {len(test.labels)}, {args.out.stat().st_size / 1e3:.0f} kB, "
          f"sha256 of the pixels {real_images.digest(real.images)[:16]}")
    return args.out


if __name__ == "__main__":
    main()
