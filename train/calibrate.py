"""Calibrates a dataset's two classifiers by temperature scaling, fitted on the validation split.

    python -m train.calibrate --dataset fashion-mnist [--models classifier,cvae] [--weights weights] [--seed 0]
                              [--top-label-map]

- The CNN: P(Y|X) = softmax(logits / T) (Guo et al. 2017); T goes into its config.json (`temperature`).
- With --top-label-map, either's top class's confidence is then read through a monotone table fitted
  on the same validation split (isotonic regression: train/lib/calibration.py fit_top_label_map),
  which goes into config.json too (`top_label_map`, the cVAE's under `serving`; without the flag it
  is removed). docs/calibration.md says where it helps (Fashion-MNIST) and where it does not
  (Animal-MNIST's CNN: its NLL).
- The generative classifier: p(y|x) ∝ p(x|y)^(1/T) p(y), log p(x|y) scored as the app scores it
  (the model's K and refined classes); T goes into the cVAE's config.json (`serving.likelihood_temperature`).

T is the one number that minimises the negative log-likelihood of the validation split's true
classes (each model's own split, as its training.json recorded it: train/lib/data.py
split_as_trained); the test split only reports. For each model the script writes calibration.json
(the fit: T, the validation figures, the command), the test split's ECE (15 equal-width bins) and
NLL before and after into metrics.json's `calibration`, the reliability diagrams (reliability.png)
and the card. `python -m train.evaluate` / `train.evaluate_cvae` measure the same test figures again
with the T in config.json.
"""
import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

import torch

from models import compat
from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from models.networks import cvae_settings
from models.networks.classifier import Classifier
from models.networks.cvae import ConditionalVAE
from train.lib import calibration, figures
from train.lib.card import write_card as write_classifier_card
from train.lib.common import hardware
from train.lib.cvae_card import write_card as write_cvae_card
from train.lib.data import Split, load_split, split_as_trained, subset, to_float
from train.lib.metrics import in_batches
from train.evaluate_cvae import log_likelihoods

MODELS = ("classifier", "cvae")
# what each model's T is called in its config.json, and its card writer
TEMPERATURE_ARGUMENT = {"classifier": "temperature", "cvae": "likelihood_temperature"}
WRITE_CARD = {"classifier": write_classifier_card, "cvae": write_cvae_card}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.calibrate", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--models", default=",".join(MODELS), help="which of classifier, cvae (comma-separated)")
    p.add_argument("--weights", type=Path, default=None, help="folder holding <dataset>-<model>/ (default: WEIGHTS_DIR or weights/)")
    p.add_argument("--seed", type=int, default=0, help="seeds the generative classifier's latent draws")
    p.add_argument("--limit", type=int, default=None, help="first N validation and test images only (for tests)")
    p.add_argument("--top-label-map", action="store_true", help="a top-label map after T, fitted on validation too")
    args = p.parse_args(argv)
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = sorted(set(args.models) - set(MODELS))
    if unknown:
        p.error(f"--models: unknown {', '.join(unknown)}; choose from {', '.join(MODELS)}")
    return args


@torch.no_grad()
def classifier_scores(classifier: Classifier, images: torch.Tensor) -> torch.Tensor:
    """(N, C) logits, without temperature (the scores T divides)."""
    return torch.cat([classifier(batch).float() for batch in in_batches(images)])


def cvae_scores(cvae: ConditionalVAE, images: torch.Tensor, seed: int) -> torch.Tensor:
    """(N, C) log p(x|y) in nats as the app scores them (the evaluation's scoring loop)."""
    return log_likelihoods(cvae, images, seed)


def scores_of(kind: str, model, split: Split, seed: int) -> tuple[torch.Tensor, torch.Tensor | float]:
    """The scores T divides, and what is added after dividing (the cVAE's log p(y); nothing for the CNN)."""
    images = to_float(split.images)
    if kind == "classifier":
        return classifier_scores(model, images), 0.0
    return cvae_scores(model, images, seed), model.log_class_prior.double()


def load(kind: str, folder: Path):
    cls = Classifier if kind == "classifier" else ConditionalVAE
    return cls.from_pretrained(folder).eval()  # eval(): hub issue 3981


def save_calibration(kind: str, model, folder: Path, arguments: dict) -> None:
    """Rewrites config.json (and the unchanged weights) with the new T (and the CNN's top-label map),
    through the Hub mixin."""
    cls = type(model)
    config = compat.hub_mixin_config(model)
    if kind == "classifier":  # no groups
        served = cls(**{**config, **arguments})
    else:  # flattened and nested again: the cVAE's T and map sit in its `serving` group
        served = cls(**cvae_settings.nest({**cvae_settings.flatten(config), **arguments}))
    served.load_state_dict(model.state_dict())
    served.save_pretrained(folder)


def calibrate(kind: str, args, command: str) -> dict:
    folder = weights_folder(args.dataset, kind, args.weights)
    started = time.time()
    model = load(kind, folder)
    _, val = split_as_trained(args.dataset, folder)
    test = load_split(args.dataset, "test")
    if args.limit:
        val, test = subset(val, args.limit), subset(test, args.limit)
    val_scores, offset = scores_of(kind, model, val, args.seed)
    temperature = round(calibration.fit_temperature(val_scores, val.labels, offset), 4)
    arguments = {TEMPERATURE_ARGUMENT[kind]: temperature}
    # fitted on the answers of the fitted T (the cVAE's sits in its `serving` group: nest puts it there)
    arguments["top_label_map"] = (calibration.fit_top_label_map(calibration.tempered(val_scores, temperature, offset), val.labels)
                                  if args.top_label_map else None)
    top_label_map = arguments["top_label_map"]
    fit = {"model": kind, "dataset": args.dataset, "argument": TEMPERATURE_ARGUMENT[kind], "temperature": temperature,
           "fitted_on": {"split": "validation", "images": len(val.labels), "as_trained": "training.json's seed and val_size"},
           "validation": {when: {k: v for k, v in calibration.summary(calibration.served(val_scores, t, offset, table),
                                                                      val.labels).items() if k != "reliability"}
                          for when, t, table in (("before", 1.0, None), ("after", temperature, top_label_map))},
           "seed": args.seed, "limit": args.limit}
    if top_label_map is not None:
        fit["top_label_map"] = {"method": "isotonic regression of the top class being right on its confidence, after T",
                                "points": len(top_label_map["confidence"]),
                                "validation_temperature_only": {k: v for k, v in calibration.summary(
                                    calibration.tempered(val_scores, temperature, offset), val.labels).items() if k != "reliability"}}
    test_scores, offset = scores_of(kind, model, test, args.seed)
    record = calibration.test_record(test_scores, test.labels, temperature, offset, top_label_map)
    save_calibration(kind, model, folder, arguments)
    fit.update(command=command, seconds=round(time.time() - started, 1), hardware=hardware(),
               load_average=[round(v, 2) for v in os.getloadavg()], torch=torch.__version__)
    (folder / "calibration.json").write_text(json.dumps(fit, indent=2) + "\n")
    store(folder, {**record, "command": command}, kind)
    WRITE_CARD[kind](folder)
    return {"fit": fit, "test": record}


def store(folder: Path, record: dict, kind: str) -> None:
    """The test record into metrics.json's `calibration` (the other figures kept), and its diagrams."""
    path = folder / "metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics["calibration"] = record
    path.write_text(json.dumps(metrics, indent=2) + "\n")
    figures.reliability_png(record, calibration.TITLES[kind], folder / calibration.FIGURE)


def main(argv=None) -> dict:
    args = parse_args(argv)
    command = "python -m train.calibrate " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    results = {}
    for kind in args.models:
        results[kind] = calibrate(kind, args, command.strip())
        fit, test = results[kind]["fit"], results[kind]["test"]
        print(f"{args.dataset} {kind}: T = {fit['temperature']} (validation NLL {fit['validation']['before']['nll']} -> "
              f"{fit['validation']['after']['nll']}); test ECE {test['before']['ece']} -> {test['after']['ece']}, "
              f"NLL {test['before']['nll']} -> {test['after']['nll']}, accuracy {test['before']['accuracy']} -> "
              f"{test['after']['accuracy']} ({fit['seconds']} s)")
        if "temperature_only" in test:
            only = test["temperature_only"]
            print(f"  of which T alone: test ECE {only['ece']}, NLL {only['nll']}; with the top-label map "
                  f"({fit['top_label_map']['points']} points): ECE {test['after']['ece']}, NLL {test['after']['nll']}")
    return results


if __name__ == "__main__":
    main()
