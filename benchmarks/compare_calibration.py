"""Which of two trained classifiers answers with better probabilities, once each is calibrated? Decided on validation.

    python -m benchmarks.compare_calibration FOLDER FOLDER [FOLDER ...] [--dataset fashion-mnist]
                                             [--images 300] [--subsets 40] [--resamples 400] [--seed 0]

Each FOLDER holds a classifier trained on the same split (model.safetensors, config.json, training.json);
the others are compared with the first. E.g. the served CNN against the same recipe without label
smoothing: `python -m train.classifier --label-smoothing 0 --out /tmp/cnn-ls0`, then
`python -m benchmarks.compare_calibration weights/fashion-mnist-classifier /tmp/cnn-ls0`.

- **Validation, cross-fitted**: the validation split (as trained) in two seeded halves; T and the
  top-label map, fitted as `train.calibrate --top-label-map` fits them, on one half answer the other,
  both ways, so every validation image gets a calibrated answer that was not fitted on it. ECE, NLL and
  accuracy of those answers, and against the first folder, paired (the same images for both): the
  difference's 5-95% range over --resamples bootstrap resamples and over --subsets subsets of --images.
- **Test** (it only reports): T and map fitted on the whole validation split, as they would be served:
  ECE, NLL, accuracy, and the median ECE of the --subsets seeded test subsets of --images images that
  benchmarks/calibration_noise.py draws (its subset 0 is benchmarks/calibration_api.py's sample).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from benchmarks.calibration_noise import TARGETS, full_and_subset_eces, sample
from models.datasets import DATASETS
from models.networks.classifier import Classifier
from train.calibrate import classifier_scores
from train.lib import calibration as cal
from train.lib.data import load_split, split_as_trained, to_float


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.compare_calibration", description=__doc__.split("\n")[0])
    p.add_argument("folders", type=Path, nargs="+", help="classifier folders; the first is the reference")
    p.add_argument("--dataset", default="fashion-mnist", choices=DATASETS)
    p.add_argument("--images", type=int, default=300, help="images per subset")
    p.add_argument("--subsets", type=int, default=40)
    p.add_argument("--resamples", type=int, default=400, help="bootstrap resamples of the validation split")
    p.add_argument("--seed", type=int, default=0, help="seeds the halves and the resamples")
    args = p.parse_args(argv)
    if len(args.folders) < 2:
        p.error("give at least two classifier folders: the reference first")
    return args


def calibrated(scores: torch.Tensor, fit_scores: torch.Tensor, fit_labels: torch.Tensor) -> torch.Tensor:
    """(N, C) log-probabilities of `scores` served with the T and the top-label map fitted on the others,
    as train.calibrate fits them (the map on the tempered answers)."""
    t = cal.fit_temperature(fit_scores, fit_labels)
    return cal.served(scores, t, 0.0, cal.fit_top_label_map(cal.tempered(fit_scores, t), fit_labels)).double()


def halves(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[: n // 2], order[n // 2:]


def cross_fitted(scores: torch.Tensor, labels: torch.Tensor, seed: int) -> torch.Tensor:
    """(N, C) served log-probabilities, each half's from the calibration fitted on the other half."""
    answers = torch.empty(scores.shape, dtype=torch.float64)
    first, second = halves(len(labels), seed)
    for fit_on, answer in ((first, second), (second, first)):
        answers[answer] = calibrated(scores[answer], scores[fit_on], labels[fit_on])
    return answers


def figures(log_probs: torch.Tensor, labels: torch.Tensor) -> dict:
    return {k: v for k, v in cal.summary(log_probs, labels).items() if k in ("ece", "nll", "accuracy")}


def spread(values: list[float]) -> dict:
    """Mean and 5-95% range of differences (other - reference), and how often the other was lower."""
    d = torch.tensor(values, dtype=torch.float64)
    return {"mean": round(float(d.mean()), 4), "p5": round(float(d.quantile(0.05)), 4),
            "p95": round(float(d.quantile(0.95)), 4), "other_lower": round(float((d < 0).double().mean()), 3)}


def paired(other: torch.Tensor, reference: torch.Tensor, labels: torch.Tensor, args) -> dict:
    """Differences other - reference of ECE and NLL on the same resampled images, and of ECE on the same subsets."""
    g = torch.Generator().manual_seed(args.seed)
    resamples = [torch.randint(len(labels), (len(labels),), generator=g) for _ in range(args.resamples)]
    subsets = [sample(len(labels), min(args.images, len(labels)), s) for s in range(args.subsets)]
    ece = lambda lp, i: cal.ece(lp[i].exp(), labels[i])  # noqa: E731
    return {"ece": spread([ece(other, i) - ece(reference, i) for i in resamples]),
            "nll": spread([cal.nll(other[i], labels[i]) - cal.nll(reference[i], labels[i]) for i in resamples]),
            "subset_ece": spread([ece(other, i) - ece(reference, i) for i in subsets])}


def measure(folder: Path, val, test, args) -> dict:
    """One classifier on the shared validation split (cross-fitted) and the test split (served as fitted on validation)."""
    model = Classifier.from_pretrained(folder).eval()
    val_scores, test_scores = (classifier_scores(model, to_float(s.images)) for s in (val, test))
    served = calibrated(test_scores, val_scores, val.labels)
    subsets = full_and_subset_eces(served.exp(), test.labels, args.images, args.subsets)[1]
    return {"folder": str(folder), "val_answers": cross_fitted(val_scores, val.labels, args.seed),
            "test": {**figures(served, test.labels), "subset_ece_median": round(float(torch.tensor(subsets).median()), 4),
                     "subsets_within_target": round(sum(e <= TARGETS["classifier"] for e in subsets) / len(subsets), 3)}}


def shared_validation(folders: list[Path], dataset: str):
    """The validation split every folder's classifier was trained beside (training.json's seed and size);
    refused, before any scoring, when they differ."""
    splits = [split_as_trained(dataset, folder)[1] for folder in folders]
    for folder, split in zip(folders[1:], splits[1:]):
        if not torch.equal(split.labels, splits[0].labels):
            raise SystemExit(f"{folder} was trained on another validation split than {folders[0]}")
    return splits[0]


def main(argv=None) -> list[dict]:
    args = parse_args(argv)
    val, test = shared_validation(args.folders, args.dataset), load_split(args.dataset, "test")
    rows = [measure(folder, val, test, args) for folder in args.folders]
    reference = rows[0]
    for row in rows:
        row["validation"] = figures(row["val_answers"], val.labels)
        if row is not reference:
            row["against_reference"] = paired(row["val_answers"], reference["val_answers"], val.labels, args)
        print(f"{row['folder']}: validation (cross-fitted, {len(val.labels)} images) {row['validation']}; "
              f"test {row['test']}")
        for name, d in row.get("against_reference", {}).items():
            print(f"  {name} minus the reference's: mean {d['mean']:+.4f}, 5-95% [{d['p5']:+.4f}, {d['p95']:+.4f}], "
                  f"lower in {d['other_lower']:.0%}")
    return [{k: v for k, v in row.items() if k != "val_answers"} for row in rows]


if __name__ == "__main__":
    main()
