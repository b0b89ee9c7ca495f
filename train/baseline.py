"""The yardstick for the classifier: multinomial logistic regression on raw pixels.

    python -m train.baseline --dataset animal-mnist [--iterations 200] [--step-size 1] [--seed 0] [--out FOLDER]

Animal-MNIST has no published accuracy to compare with, so the classifier's test accuracy
is put next to this simple model's, measured the same way: trained on the same images
(the training split minus the same seeded validation split), scored on the full test split.
Full-batch L-BFGS on softmax cross-entropy with an L2 penalty chosen from a small grid by
validation accuracy (the test split only reports); weights start at zero, so a run is
deterministic. Its flags are its own (`--iterations`: L-BFGS iterations, each a pass over
the training set; `--step-size`: L-BFGS's step; `--eval-batch-size`: images per scoring
batch), not the training scripts' `--epochs`/`--lr`/`--batch-size` with other meanings.
It writes `baseline.json` into the
classifier's folder (default `weights/<dataset>-classifier/`), where train.evaluate puts the
baseline's accuracy next to the classifier's in metrics.json and the card.
"""
import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from train.lib import common
from train.lib.baseline_record import FILE
from train.lib.data import Split, load_split, subset, to_float, train_val_split

# Penalties on the weights (not the biases), per training image, tried in turn. Measured on Animal-MNIST's
# validation split: 1e-4 overfits (train 93 %, validation 75 %), 1e-3 validates at 79 %.
L2_GRID = (1e-4, 1e-3, 1e-2)
DESCRIPTION = "multinomial logistic regression on raw pixels (full-batch L-BFGS, L2 chosen on validation)"
def features(split: Split, device: torch.device) -> torch.Tensor:
    return to_float(split.images).flatten(1).to(device)


def fit(x: torch.Tensor, y: torch.Tensor, num_classes: int, iterations: int, lr: float,
        l2: float) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Weights (classes x pixels), biases, and the number of L-BFGS iterations actually run."""
    weights = torch.zeros(num_classes, x.shape[1], device=x.device, requires_grad=True)
    biases = torch.zeros(num_classes, device=x.device, requires_grad=True)
    opt = torch.optim.LBFGS([weights, biases], lr=lr, max_iter=iterations, history_size=20,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(x @ weights.T + biases, y) + 0.5 * l2 * weights.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return weights.detach(), biases.detach(), opt.state[weights].get("n_iter", 0)


@torch.no_grad()
def accuracy(weights: torch.Tensor, biases: torch.Tensor, x: torch.Tensor, y: torch.Tensor, batch_size: int) -> float:
    correct = sum((xb @ weights.T + biases).argmax(1).eq(yb).sum().item()
                  for xb, yb in zip(x.split(batch_size), y.split(batch_size)))
    return correct / len(y)


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m train.baseline",
        description="Fit the logistic-regression baseline; writes baseline.json into the classifier's folder "
                    "(it reaches the Hub with that folder: python -m train.publish weights/<dataset>-classifier).")
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--iterations", type=int, default=200, help="L-BFGS iterations, each a pass over the training set")
    p.add_argument("--step-size", type=float, default=1.0, help="L-BFGS step size (with a strong-Wolfe line search)")
    p.add_argument("--eval-batch-size", type=int, default=1000, help="images per batch when scoring")
    p.add_argument("--seed", type=int, default=0, help="seeds the validation split (the fit itself starts at zero)")
    p.add_argument("--val-size", type=int, default=None,
                   help="validation images carved from train, the same split as the classifier's (default: its default)")
    p.add_argument("--device", default="auto", help="auto (cuda if present), cpu, cuda, ...")
    p.add_argument("--out", type=Path, default=None, help="default: weights/<dataset>-classifier")
    p.add_argument("--dry-run", action="store_true", help="at most 5 iterations on 512 images, for tests")
    args = p.parse_args(argv)
    args.out = args.out or weights_folder(args.dataset, "classifier")
    args.device = common.resolve_device(args.device)
    return args


def main(argv=None) -> dict:
    args = parse_args(argv)
    common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    test = load_split(args.dataset, "test")
    iterations = args.iterations
    if args.dry_run:
        train, iterations = subset(train, 512), min(iterations, 5)
    num_classes = int(torch.cat([train.labels, test.labels]).max()) + 1
    device = args.device
    x_train, y_train = features(train, device), train.labels.to(device)
    score = lambda model, split: round(accuracy(*model[:2], features(split, device), split.labels.to(device),
                                                args.eval_batch_size), 4)
    started = time.time()  # the fits only, not reading the data
    fits = {l2: fit(x_train, y_train, num_classes, iterations, args.step_size, l2) for l2 in L2_GRID}
    train_seconds = round(time.time() - started, 1)
    val_accuracy = {l2: score(model, val) for l2, model in fits.items()}
    l2 = max(L2_GRID, key=lambda c: (val_accuracy[c], -c))  # ties: the weaker penalty
    best, ran = fits[l2], fits[l2][2]
    record = {
        "model": DESCRIPTION,
        "dataset": args.dataset,
        "test_accuracy": score(best, test),
        "val_accuracy": val_accuracy[l2],
        "train_accuracy": score(best, train),
        "train_images": len(train.labels), "val_images": len(val.labels), "test_images": len(test.labels),
        "lbfgs_iterations": ran, "max_iterations": iterations, "step_size": args.step_size, "l2": l2,
        "val_accuracy_by_l2": {str(c): a for c, a in val_accuracy.items()}, "seed": args.seed,
        "dry_run": args.dry_run,
        "train_seconds": train_seconds,
        "device": common.device_description(device),
        "torch": torch.__version__,
        "command": "python -m train.baseline " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / FILE).write_text(json.dumps(record, indent=2) + "\n")
    print(f"baseline test accuracy {record['test_accuracy']:.4f} (L2 {l2}, {ran} L-BFGS iterations, {train_seconds} s); "
          f"wrote {out / FILE}")
    return record


if __name__ == "__main__":
    main()
