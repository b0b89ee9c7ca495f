"""What every training script shares: the CLI, seeding, batching and saving a model folder."""
import argparse
import json
import platform
import random
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch

from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from models.operations.common.precision import native_bf16
from train.lib import distributed
from train.lib.data import Split
from train.recipes import AUGMENTATIONS, Recipe, recipe_for


def parse_args(kind: str, argv=None, folder: str | None = None, **defaults) -> argparse.Namespace:
    """The same flags for every model. A flag left out takes the value of the recipe for this
    dataset and model (train/recipes.py); under torchrun, also joins the process group.

    `folder`: the model folder --out defaults to, weights/<dataset>-<folder> (default: `kind`).
    `defaults` (epochs=, batch_size=, lr=...): the model's default recipe, only for a model that
    has none in train/recipes.py yet."""
    p = argparse.ArgumentParser(prog=f"python -m train.{kind}", description=f"Train the {kind}. Settings not "
                                "given come from the dataset's recipe (python -m train.recipes lists them).")
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--epochs", type=int, help="default: the recipe's")
    p.add_argument("--batch-size", type=int, help="the global batch, split over processes under torchrun "
                                                  "(default: the recipe's)")
    p.add_argument("--lr", type=float, help="default: the recipe's")
    p.add_argument("--seed", type=int, help="default: the recipe's")
    p.add_argument("--device", default="auto", help="auto (cuda if present), cpu, cuda, ...")
    p.add_argument("--precision", choices=("auto", "fp32", "bf16"),
                   help="bf16: bfloat16 autocast, weights and losses stay fp32 (auto: bf16 where the "
                        "device computes it natively, else fp32; default: the recipe's)")
    p.add_argument("--out", type=Path, default=None, help=f"default: weights/<dataset>-{folder or kind}")
    p.add_argument("--val-size", type=int, default=None,
                   help="validation images carved from train (default: the recipe's, else 1/12 of it, "
                        "5000 for Fashion-MNIST)")
    p.add_argument("--augment", choices=AUGMENTATIONS,
                   help="random changes to every training batch: flip (mirror half the images), shift-flip "
                        "(also shift by up to 2 px); default: the recipe's")
    p.add_argument("--label-smoothing", type=float, metavar="SHARE",
                   help="the classifier's cross-entropy: this share of each target spread over all classes "
                        "(0: none; default: the recipe's); the other models have no class targets")
    p.add_argument("--dry-run", action="store_true", help="a few batches of a small subset, for tests")
    p.add_argument("--push-to-hub", metavar="REPO_ID", default=None, help="publish the folder when done")
    args = p.parse_args(argv)
    args.kind = kind
    try:
        recipe = recipe_for(args.dataset, kind)
    except KeyError:
        if not defaults:
            raise
        recipe = Recipe(kind, note="the script's defaults", **defaults)
    if args.label_smoothing is not None and recipe.label_smoothing is None:
        p.error(f"--label-smoothing: the {kind} has no class targets to smooth")
    if args.label_smoothing is not None and not 0 <= args.label_smoothing < 1:
        p.error(f"--label-smoothing must be at least 0 and below 1, not {args.label_smoothing}")
    apply_recipe(args, recipe)
    args.out = args.out or weights_folder(args.dataset, folder or kind)
    if args.dry_run:
        args.epochs, args.val_size = 1, 256
    args.run, device = distributed.start(resolve_device(args.device), args.batch_size)
    args.device = device
    args.precision = resolve_precision(args.precision, args.device)
    return args


def apply_recipe(args: argparse.Namespace, recipe: Recipe) -> None:
    """Fills the settings no flag gave from `recipe`; records which flags overrode it. The recipe's
    model settings (constructor arguments) become args.model_settings."""
    args.recipe, args.recipe_overrides, args.model_settings = recipe.name, {}, dict(recipe.model)
    for name, value in recipe.settings().items():
        given = getattr(args, name)
        if given is None:
            setattr(args, name, value)
        elif given != value:
            args.recipe_overrides[name] = given


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def resolve_precision(name: str, device: torch.device) -> str:
    if name != "auto":
        return name
    return "bf16" if native_bf16(device) else "fp32"


def autocast(args: argparse.Namespace):
    """The forward passes of a training step run under this; losses are computed in fp32 after it."""
    return torch.autocast(args.device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16")


def seed_everything(seed: int) -> torch.Generator:
    """Seeds every RNG; returns a generator for shuffling so data order is reproducible too."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def batches(split: Split, batch_size: int, *, generator: torch.Generator | None = None, limit: int | None = None):
    """Yields (uint8 images, labels) batches; shuffled when a generator is given."""
    n = len(split.labels)
    if generator is None:
        order = torch.arange(n).split(batch_size)
    else:  # the same order a training run draws (train.lib.distributed)
        order = distributed.shuffled_batches(n, batch_size, generator)
    for i, idx in enumerate(order):
        if limit is not None and i >= limit:
            return
        yield split.images[idx], split.labels[idx]


def augment(x: torch.Tensor, how: str, generator: torch.Generator) -> torch.Tensor:
    """A float batch changed as --augment says (drawn from `generator`: under torchrun, for the global batch)."""
    if how == "shift-flip":
        return random_flip(random_shift(x, generator), generator)
    return random_flip(x, generator) if how == "flip" else x


def random_flip(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Mirrors a random half (on average) of a float batch left to right."""
    mask = torch.rand(len(x), generator=generator) < 0.5
    out = x.clone()
    out[mask] = out[mask].flip(-1)
    return out


def random_shift(x: torch.Tensor, generator: torch.Generator, pad: int = 2) -> torch.Tensor:
    """Moves each image of a float batch by up to `pad` pixels each way, filling with zeros."""
    n, _, h, w = x.shape
    padded = torch.nn.functional.pad(x, (pad, pad, pad, pad))
    dy = torch.randint(0, 2 * pad + 1, (n,), generator=generator).tolist()
    dx = torch.randint(0, 2 * pad + 1, (n,), generator=generator).tolist()
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])


def hardware() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{torch.get_num_threads()} CPU threads ({cpu})"


def device_description(device: torch.device) -> str:
    if device.type == "cuda":
        return f"GPU ({torch.cuda.get_device_name(device)})"
    return hardware()


def save_model(model: torch.nn.Module, args: argparse.Namespace, started: float, history: list[dict],
               **extra) -> Path | None:
    """Writes model.safetensors + config.json and training.json (how it was made, how long it took).

    Call it on every process: it gathers what training.json says about the processes; only rank 0
    writes (the others return None)."""
    run = args.run
    processes = run.record(model, args.batch_size)
    if not run.is_main:
        return None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.md").unlink(missing_ok=True)  # the card is rebuilt from fresh metrics
    model.cpu().save_pretrained(out)
    record = {
        "command": "python -m train." + args.kind + " " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "recipe": args.recipe,
        "recipe_overrides": args.recipe_overrides,
        "dataset": args.dataset,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "seed": args.seed,
        "val_size": args.val_size,  # None: the data module's default split
        "augment": args.augment,
        **({"label_smoothing": args.label_smoothing} if args.label_smoothing is not None else {}),
        "model_settings": args.model_settings,  # the recipe's constructor arguments (config.json has them all)
        "dry_run": args.dry_run,
        "device": device_description(args.device),
        "precision": args.precision,
        "torch": torch.__version__,
        "train_seconds": round(time.time() - started, 1),
        # CPU time of this process (all threads): the cost, even when other work shared the cores;
        # under torchrun, rank 0's share only (multiply by the world size for about the total)
        "cpu_seconds": round(time.process_time(), 1),
        **processes,
        "history": history,
        **extra,
    }
    (out / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    return out


def finish(out: Path | None, args: argparse.Namespace) -> None:
    """Publishes the folder when asked (rank 0); prints where it is; leaves the process group."""
    run = getattr(args, "run", None) or distributed.Run()  # callers that parsed no arguments: one process
    if run.is_main:
        print(f"saved {out}")
        if args.push_to_hub:
            from train.publish import publish

            print(publish(out, args.push_to_hub))
    run.close()
