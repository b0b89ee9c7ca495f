"""Chooses how a trained class-conditional VAE is served, on the validation split only:

    python -m train.select_cvae --dataset animal-mnist [--components 1,4,10,20] [--fitted-draws 0,4] [--ks 1,2,4,8]

- p(z|y), the prior the model generates from and scores log p(x|y) with: the learned diagonal
  Gaussian training used, or a mixture of M full-covariance Gaussians per class fitted to the
  training images' codes (a two-stage model, Ghosh et al. 2020), for each M given; the codes are
  the posterior means (0 in --fitted-draws) or N draws from each image's posterior (the aggregate
  posterior, whose spread the means lack), for each N given. The candidate
  whose generative classifier is most accurate on the validation images (at the largest K) wins;
  each candidate's samples are measured too (Fréchet distance to the validation images in the
  classifier's features, noise scale 1, as many samples as validation images, the GAN alongside).
- How log p(x|y) is scored on every upload: K importance samples for the R likeliest classes after
  a one-draw screening of all C (R = C: every class gets K). Every (K, R) of --ks and --refine is
  scored on the same draws; the cheapest (fewest decoder passes per image, C + R(K-1)) whose
  validation accuracy is within --k-tolerance of the best any (K, R) reached is served (decoder
  passes are what an upload waits for). The best of the table, not its largest-K cell alone: on a
  few hundred images one cell is noisy (Animal-MNIST's K=8 scored below its K=4), and a low
  reference would let a cheaper, less accurate scoring through.

Rewrites the folder's config.json and model.safetensors (latent_prior, fitted_components,
fitted_draws, importance_samples, refined_classes, the fitted mixtures) and records every candidate's figures in
selection.json. The validation split is the one train.cvae held out (same seed and size), so
no choice sees the test split; train.evaluate_cvae then reports the chosen model on it.
"""
import argparse
import json
import time
from pathlib import Path

import torch

from models import compat
from models.datasets import DATASETS, weights_folder
from models.networks import cvae_settings
from models.networks.classifier import Classifier
from models.networks.cvae import ConditionalVAE
from models.networks.gan import ConditionalGAN
from models.operations.classify import generative_classifier as gc
from train.lib.common import hardware
from train.cvae import fit_prior
from train.lib.data import split_as_trained, to_float
from train.evaluate import frechet_distances
from train.evaluate_cvae import cvae_samples, seconds_per_image
from train.lib.metrics import gan_samples, in_batches, label_fidelity
from train.lib.results import rounded


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.select_cvae", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default="fashion-mnist", choices=DATASETS)
    p.add_argument("--weights", type=Path, default=None, help="default: WEIGHTS_DIR or weights/")
    p.add_argument("--components", default="1,4,10,20", help="M values to try for the fitted prior")
    p.add_argument("--fitted-draws", default="0,4",
                   help="codes to fit the mixture to: 0 = posterior means, N = N posterior draws per image")
    p.add_argument("--ks", default="1,2,4,8,16,32", help="K values to try")
    p.add_argument("--refine", default="1,2,3,4", help="R values to try (classes given K draws; every class always tried)")
    p.add_argument("--k-images", type=int, default=2000, help="validation images scored for accuracy")
    p.add_argument("--k-tolerance", type=float, default=0.005, help="accuracy a smaller K may give up (fraction)")
    p.add_argument("--limit", type=int, default=None, help="first N validation images only (for tests)")
    return p.parse_args(argv)


def variant(cvae: ConditionalVAE, components: int, **config) -> ConditionalVAE:
    """A copy of `cvae` with a different served config; the fitted mixtures are left unfitted."""
    flat = cvae_settings.flatten(compat.hub_mixin_config(cvae))
    copy = ConditionalVAE.from_settings(**{**flat, "fitted_components": components, **config})
    copy.load_state_dict({k: v for k, v in cvae.state_dict().items() if not k.startswith("fitted_")}, strict=False)
    return copy.eval()


def candidate_name(components: int, draws: int) -> str:
    return f"fitted, M={components}" + (f", {draws} draws" if draws else "")


def candidates(cvae: ConditionalVAE, train, components: list[int], draws: list[int]) -> dict[str, ConditionalVAE]:
    """The learned prior, and a mixture of M components fitted to the codes of each `draws` setting
    (0: posterior means; N: N posterior draws per training image) for every M."""
    models = {"learned": variant(cvae, 1, latent_prior="learned", fitted_draws=0)}
    x = to_float(train.images)
    for n in draws:
        # every candidate shares the encoder: one set of codes per way of drawing them
        codes = variant(cvae, 1, fitted_draws=n).fitting_codes(x, train.labels, torch.Generator().manual_seed(0))
        for m in components:
            models[candidate_name(m, n)] = fitted = variant(cvae, m, latent_prior="fitted", fitted_draws=n)
            fit_prior(fitted, train, "cpu", seed=0, codes=codes)
    return models


@torch.inference_mode()
def candidate_log_weights(models: dict, x, k: int) -> dict[str, torch.Tensor]:
    """Every candidate's (K, N, C) log weights from the same draws z ~ q(z|x,y): the candidates
    differ only in p(z|y), so the decoder runs once."""
    any_model = next(iter(models.values()))
    g = torch.Generator().manual_seed(0)
    size = gc.images_per_batch(k, any_model.num_classes)
    parts = [gc.prior_free_log_weights(any_model, xb, k, g) for xb in in_batches(x, size)]
    return {name: torch.cat([(partial + model.log_prior(z, yy)).view(k, -1, model.num_classes)
                             for z, yy, partial in parts], dim=1) for name, model in models.items()}


def accuracy(model, log_w, y, k: int, refine: int) -> float:
    return rounded(gc.accuracy(model, gc.screened_bound(log_w, k, refine, model.log_class_prior), y), fraction=True)


def scoring_table(model, log_w, y, ks: list[int], refines: list[int]) -> list[dict]:
    """Validation accuracy and cost of every (K, R), R = C meaning every class."""
    c = model.num_classes
    return [{"k": k, "refined_classes": r, "decodes_per_image": gc.decodes_per_image(c, k, r),
             "accuracy": accuracy(model, log_w, y, k, r)}
            for k in ks for r in sorted({*(v for v in refines if v < c), c}) if k > 1 or r == c]


def cheapest_within(table: list[dict], best: float, tolerance: float) -> dict:
    """The fewest decoder passes among the (K, R) within `tolerance` of `best` (ties: more accurate)."""
    return min((row for row in table if row["accuracy"] >= best - tolerance),
               key=lambda row: (row["decodes_per_image"], -row["accuracy"]))


def sample_figures(models: dict, x, classifier, gan, seed: int = 0) -> dict[str, dict]:
    n = len(x)
    images = {name: cvae_samples(model, n, seed)[0] for name, model in models.items()}
    labels = cvae_samples(next(iter(models.values())), n, seed)[1]
    fd = frechet_distances(classifier, x, {"GAN": gan_samples(gan, n, seed)[0], **images})
    rows = {name: {"fd_vs_validation": rounded(fd[name]), "fd_over_gan": rounded(fd[name] / fd["GAN"]),
                   "label_fidelity": rounded(label_fidelity(classifier, images[name], labels)[0], fraction=True)}
            for name in models}
    return {**rows, "GAN": {"fd_vs_validation": rounded(fd["GAN"])}}


def main(argv=None) -> dict:
    args = parse_args(argv)
    started = time.time()
    folder = lambda kind: weights_folder(args.dataset, kind, args.weights)  # noqa: E731
    cvae = ConditionalVAE.from_pretrained(folder("cvae")).eval()
    classifier = Classifier.from_pretrained(folder("classifier")).eval()
    gan = ConditionalGAN.from_pretrained(folder("gan")).eval()
    train, val = split_as_trained(args.dataset, folder("cvae"))
    x, y = to_float(val.images[:args.limit]), val.labels[:args.limit]
    ks, refines = sorted(int(v) for v in args.ks.split(",")), [int(v) for v in args.refine.split(",")]
    models = candidates(cvae, train, [int(v) for v in args.components.split(",")],
                        [int(v) for v in args.fitted_draws.split(",")])
    xk, yk = x[:args.k_images], y[:args.k_images]
    log_w = candidate_log_weights(models, xk, ks[-1])
    by_k = {n: {k: accuracy(models[n], log_w[n], yk, k, cvae.num_classes) for k in ks} for n in models}
    samples = sample_figures(models, x, classifier, gan)
    name = max(models, key=lambda n: (by_k[n][ks[-1]], -samples[n]["fd_vs_validation"]))
    chosen = models[name]
    table = scoring_table(chosen, log_w[name], yk, ks, refines)
    scoring = cheapest_within(table, max(row["accuracy"] for row in table), args.k_tolerance)
    k, refine = scoring["k"], scoring["refined_classes"]
    served = variant(chosen, chosen.fitted_components, latent_prior=chosen.serving.latent_prior,
                     fitted_draws=chosen.trained_with.fitted_draws, importance_samples=k,
                     refined_classes=None if refine == chosen.num_classes else refine)
    served.load_state_dict(chosen.state_dict())
    (folder("cvae") / "README.md").unlink(missing_ok=True)  # train.evaluate_cvae writes the card
    served.save_pretrained(folder("cvae"))
    record = {
        "split": "validation", "validation_images": len(y), "k_images": min(args.k_images, len(y)),
        "rule": "most accurate prior at the largest K on every class (ties: lower FD); then the (K, R) with the "
                f"fewest decoder passes per image within {args.k_tolerance:.1%} of the best (K, R) of that prior; "
                "draws in antithetic pairs",
        "chosen": {"latent_prior": served.serving.latent_prior, "fitted_components": served.fitted_components,
                   "fitted_draws": served.trained_with.fitted_draws,
                   "importance_samples": k, "refined_classes": served.serving.refined_classes, "candidate": name,
                   "decodes_per_image": scoring["decodes_per_image"], "accuracy": scoring["accuracy"]},
        "candidates": {n: {"accuracy_by_k": by_k[n], **samples[n]} for n in models},
        "scoring_of_chosen_prior": table,
        "gan": samples["GAN"],
        "seconds_per_image_by_k": {k_: rounded(seconds_per_image(served, x, k_, served.num_classes)) for k_ in ks},
        "seconds_per_image_served": rounded(seconds_per_image(served, x)),
        "seconds": round(time.time() - started, 1), "hardware": hardware(),
    }
    (folder("cvae") / "selection.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2))
    return record


if __name__ == "__main__":
    main()
