"""Evaluates the class-conditional VAE on the test split; writes weights/<dataset>-cvae/metrics.json,
samples.png and the card.

    python -m train.evaluate_cvae --dataset animal-mnist [--samples 10000] [--ks 1,2,4,8] [--k-images 1000]

What it measures (all on the test split, never used for training or selection):
- the generative classifier's accuracy (Bayes' rule on the importance-weighted log p(x|y)) as the
  app scores it (K draws for the R likeliest classes after a one-draw screening) on all test
  images, and against K with every class at K on a seeded random --k-images of them (default all);
  the CNN's on all test images;
- seconds per image for one upload at each K and as served (batch of one, as the app serves it);
- conditional samples at noise scale 1 from the served p(z|y), and from the other prior for
  comparison: Fréchet distance to the test set in the classifier's features, next to the GAN's
  drawn and measured in the same run with the same count and seed, and the classifier's label
  fidelity on them;
- how well log p(x) = log sum_y p(x|y) p(y) tells the dataset's own test images from the other
  dataset's, from blank images and from noise, as an AUROC (0.5: no better than chance).
"""
import argparse
import json
import os
import shlex
import statistics
import sys
import time
from functools import partial
from pathlib import Path

import torch
from torchmetrics.functional.classification import binary_auroc

from models.datasets import DATASETS
from models.networks.classifier import Classifier
from models.networks.cvae import ConditionalVAE
from models.networks.gan import ConditionalGAN
from models.operations.classify import generative_classifier as gc
from models.operations.common.precision import scoring_precision
from train.lib import calibration, figures
from train.lib.common import hardware
from train.lib.cvae_card import write_card
from train.lib.data import load_split, subset, to_float
from train.evaluate import file_digest, frechet_distances, parameter_count
from train.lib.metrics import balanced_labels, gan_samples, in_batches, label_fidelity, predict
from train.lib.results import rounded


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.evaluate_cvae", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default="fashion-mnist", choices=DATASETS)
    p.add_argument("--weights", type=Path, default=Path("weights"))
    p.add_argument("--samples", type=int, default=10000, help="generated images per FD (the GAN's card uses 10000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ks", default="1,2,4,8,16,32", help="K values for accuracy against K")
    p.add_argument("--k-images", type=int, default=None,
                   help="a seeded random N of the test images for accuracy against K (default: all)")
    p.add_argument("--ood-images", type=int, default=1000, help="images per set for the AUROC of log p(x)")
    p.add_argument("--limit", type=int, default=None, help="first N test images only (for tests)")
    return p.parse_args(argv)


def log_weights(cvae, images: torch.Tensor, k: int, seed: int) -> torch.Tensor:
    """(K, N, C) log importance weights; the first k of them give the bound with k samples."""
    g = torch.Generator().manual_seed(seed)
    size = gc.images_per_batch(k, cvae.num_classes)
    return torch.cat([gc.log_weights(cvae, x, k, g) for x in in_batches(images, size)], dim=1)


def log_likelihoods(cvae, images: torch.Tensor, seed: int, batch: int = 40) -> torch.Tensor:
    """(N, C) log p(x|y) as the app scores it (the model's K and refined classes)."""
    g = torch.Generator().manual_seed(seed)
    return torch.cat([torch.empty(0, cvae.num_classes)] + [gc.log_likelihoods(cvae, x, generator=g)
                                                          for x in in_batches(images, batch)])


def seconds_per_image(cvae, images: torch.Tensor, k: int | None = None, refine: int | None = None,
                      repeats: int = 20) -> float:
    """Median wall time of one upload's scoring (batch of one) at K with R refined classes (default:
    as served); the machine's load is in the card."""
    score = partial(gc.log_likelihoods, cvae, k=k, generator=torch.Generator().manual_seed(0), refine=refine)
    score(images[:1])  # warm-up: first-call set-up is not per upload
    times = []
    for x in images[:repeats].split(1):
        start = time.perf_counter()
        score(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def log_px(cvae, images, seed) -> torch.Tensor:
    """log p(x) = logsumexp_y log p(x|y) + log p(y), per image, as the app scores log p(x|y)."""
    return torch.logsumexp(log_likelihoods(cvae, images, seed) + cvae.log_class_prior, dim=1)


def auroc(own: torch.Tensor, other: torch.Tensor) -> float:
    """Probability that an own image gets a higher log p(x) than an outside one (ties count half)."""
    scores = torch.cat([own, other])
    target = torch.cat([torch.ones(len(own)), torch.zeros(len(other))]).long()
    return float(binary_auroc(scores, target))


def outside_sets(dataset: str, n: int, seed: int) -> dict[str, torch.Tensor]:
    other = next(d for d in DATASETS if d != dataset)
    g = torch.Generator().manual_seed(seed)
    return {
        f"other dataset ({other})": to_float(load_split(other, "test").images[:n]),
        "blank (8 uniform grey levels, black to white)": torch.linspace(0, 1, 8)[:, None, None, None].expand(8, 1, 28, 28),
        "uniform noise": torch.rand(n, 1, 28, 28, generator=g),
    }


@torch.inference_mode()
def cvae_samples(cvae, n: int, seed: int, scale: float = 1.0, latent_prior: str | None = None):
    """n class-balanced samples at noise scale `scale` from the served p(z|y) (or `latent_prior`'s);
    (images, labels)."""
    g = torch.Generator().manual_seed(seed)
    labels = balanced_labels(n, cvae.num_classes)
    return (torch.cat([cvae.sample(y, generator=g, scale=scale, latent_prior=latent_prior) for y in in_batches(labels)]),
            labels)


@torch.inference_mode()
def evaluate(args) -> tuple[dict, torch.Tensor, torch.Tensor]:
    folder = lambda kind: args.weights / f"{args.dataset}-{kind}"  # noqa: E731
    cvae = ConditionalVAE.from_pretrained(folder("cvae")).eval()
    classifier = Classifier.from_pretrained(folder("classifier")).eval()
    gan = ConditionalGAN.from_pretrained(folder("gan")).eval()
    test = load_split(args.dataset, "test")
    test = subset(test, args.limit) if args.limit else test
    x, y = to_float(test.images), test.labels
    # subsets are seeded random draws: Animal-MNIST's test split is ordered by class
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(args.seed))
    app_k, c = cvae.serving.importance_samples, cvae.num_classes
    refine = gc.refined_count(cvae, None)
    m = {"model": "cvae", "dataset": args.dataset, "parameters": parameter_count(cvae), "k": app_k,
         "app_k": app_k, "refined_classes": refine, "decodes_per_image": gc.decodes_per_image(c, app_k, refine),
         "latent_prior": cvae.serving.latent_prior, "fitted_components": cvae.fitted_components,
         "fitted_draws": cvae.trained_with.fitted_draws, "scoring_precision": scoring_precision()}
    ks = sorted({int(v) for v in args.ks.split(",")} | {app_k})
    k_n = min(args.k_images or len(y), len(y))
    pick, rest = order[:k_n], order[k_n:]
    log_w = log_weights(cvae, x[pick], max(ks), args.seed)  # one pass; K=k reads the first k weights
    m["accuracy_against_k"] = {"test_images": k_n, "every_class_at_k": True, "by_k": {}, "seconds_per_image": {}}
    for k in ks:
        m["accuracy_against_k"]["by_k"][str(k)] = rounded(gc.accuracy(cvae, gc.bound(log_w[:k]), y[pick]), fraction=True)
        m["accuracy_against_k"]["seconds_per_image"][str(k)] = rounded(seconds_per_image(cvae, x, k, c))
    # as served, on every test image: the drawn subset's from its weights (the screening draw is the
    # first), the rest scored afresh
    served = torch.cat([gc.screened_bound(log_w, app_k, refine, cvae.log_class_prior), log_likelihoods(cvae, x[rest], args.seed)])
    m["generative_accuracy"] = rounded(gc.accuracy(cvae, served, y[torch.cat([pick, rest])]), fraction=True)
    # ECE and NLL of the served answer (config.json's likelihood_temperature and top-label map) against plain Bayes (T = 1)
    m["calibration"] = calibration.test_record(served, y[torch.cat([pick, rest])], cvae.serving.likelihood_temperature,
                                               cvae.log_class_prior.double(), cvae.serving.top_label_map)
    m["seconds_per_image"] = rounded(seconds_per_image(cvae, x))
    cnn = predict(classifier, x)
    m["classifier_accuracy"] = rounded((cnn == y).float().mean(), fraction=True)
    own = log_px(cvae, x[order[:args.ood_images]], args.seed)
    m["ood_auroc"] = {name: rounded(auroc(own, log_px(cvae, images, args.seed)))
                      for name, images in outside_sets(args.dataset, args.ood_images, args.seed).items()}
    m["ood_images"] = len(own)
    samples, labels = cvae_samples(cvae, args.samples, args.seed)
    fidelity, per_class = label_fidelity(classifier, samples, labels)
    m["label_fidelity"] = rounded(fidelity, fraction=True)
    m["per_class_label_fidelity"] = {n: rounded(v, fraction=True) for n, v in zip(cvae.class_names, per_class)}
    gan_images, _ = gan_samples(gan, args.samples, args.seed)
    other = "learned" if cvae.serving.latent_prior == "fitted" else "fitted"  # the prior not served, for comparison
    other_samples = cvae_samples(cvae, args.samples, args.seed, latent_prior=other)[0]
    fd = frechet_distances(classifier, x, {"cvae": samples, "gan": gan_images, "other": other_samples})
    m[f"fd_cvae_{other}_prior_vs_test"] = rounded(fd["other"])
    m[f"label_fidelity_{other}_prior"] = rounded(label_fidelity(classifier, other_samples, labels)[0], fraction=True)
    m.update(fd_cvae_vs_test=rounded(fd["cvae"]), fd_gan_vs_test=rounded(fd["gan"]),
             fd_ratio_cvae_over_gan=rounded(fd["cvae"] / fd["gan"]), sample_noise_scale=1.0)
    m["evaluation"] = {"split": "test", "test_images": len(y), "limit": args.limit, "samples": args.samples, "seed": args.seed,
                       "feature_classifier_sha256": file_digest(folder("classifier") / "model.safetensors")}
    return m, samples, labels


def main(argv=None) -> dict:
    args = parse_args(argv)
    started = time.time()
    metrics, samples, labels = evaluate(args)
    folder = args.weights / f"{args.dataset}-cvae"
    rows = [samples[labels == c][:10] for c in range(len(metrics["per_class_label_fidelity"]))]
    figures.image_grid_png(rows, list(metrics["per_class_label_fidelity"]), folder / "samples.png",
                           title=f"Uncurated conditional samples, one row per class (seed {args.seed})")
    figures.reliability_png(metrics["calibration"], calibration.TITLES["cvae"], folder / calibration.FIGURE)
    command = "python -m train.evaluate_cvae " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    metrics["evaluation"].update(command=command.strip(), seconds=round(time.time() - started, 1), hardware=hardware(),
                                 load_average=[round(v, 2) for v in os.getloadavg()],
                                 torch=torch.__version__, figures=["samples.png", calibration.FIGURE])
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    write_card(folder)
    print(json.dumps(metrics, indent=2))
    return metrics


if __name__ == "__main__":
    main()
