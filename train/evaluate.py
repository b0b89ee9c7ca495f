"""Evaluates the trained models on the full test split; writes metrics.json, figures and cards.

    python -m train.evaluate --dataset fashion-mnist [--weights weights] [--samples 10000] [--seed 0]

Every folder that holds a model.safetensors is evaluated; a missing one is skipped with a
note. Fréchet distances use the project's classifier features (Inception weights cannot be
downloaded here), so they compare the models with each other and with the real-data floor,
not with published FIDs.
"""
import argparse
import hashlib
import json
import shlex
import sys
import time
from functools import partial
from pathlib import Path

import torch
from torchmetrics.functional.classification import multiclass_confusion_matrix
from torchmetrics.image.fid import FrechetInceptionDistance

from models import VAE, Classifier, ConditionalGAN
from models.networks.vae import LIKELIHOODS, kl_nats
from train.lib import baseline_record as baseline
from train.lib import calibration, figures
from train.lib.card import write_card
from train.lib.common import hardware
from models.datasets import DATASETS, DEFAULT_DATASET, weights_folder
from train.lib.data import Split, load_split, subset, to_float
from train.lib.metrics import ClassifierFeatures, gan_samples, in_batches, label_fidelity, predict
from train.lib.results import KINDS, check_targets, results_table, rounded

MODEL_CLASSES = {"classifier": Classifier, "vae": VAE, "gan": ConditionalGAN}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m train.evaluate", description=__doc__.split("\n")[0])
    p.add_argument("--dataset", default=DEFAULT_DATASET, choices=DATASETS)
    p.add_argument("--weights", type=Path, default=None, help="folder holding <dataset>-<model>/ (default: WEIGHTS_DIR or weights/)")
    p.add_argument("--samples", type=int, default=10000, help="generated (and real train) images per FD")
    p.add_argument("--seed", type=int, default=0, help="seeds every sample drawn by the evaluation")
    p.add_argument("--limit", type=int, default=None, help="first N test images only (for tests)")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="where results-<dataset>.md and .png go")
    return p.parse_args(argv)


def load_models(weights: Path, dataset: str) -> dict[str, torch.nn.Module]:
    models = {}
    for kind, cls in MODEL_CLASSES.items():
        folder = weights_folder(dataset, kind, weights)
        if (folder / "model.safetensors").exists():
            models[kind] = cls.from_pretrained(folder).eval()  # eval(): hub issue 3981
        else:
            print(f"skipping {kind}: no {folder / 'model.safetensors'}")
    return models


def parameter_count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def evaluate_classifier(classifier: Classifier, test: Split) -> dict:
    predictions = predict(classifier, to_float(test.images))
    matrix = multiclass_confusion_matrix(predictions, test.labels, num_classes=len(classifier.class_names))
    per_class = matrix.diag() / matrix.sum(1).clamp(min=1)
    return {
        "accuracy": rounded((predictions == test.labels).float().mean(), fraction=True),
        "per_class_accuracy": {name: rounded(a, fraction=True) for name, a in zip(classifier.class_names, per_class)},
        "confusion_matrix": matrix.tolist(),  # rows: true class, columns: predicted class
        "parameters": parameter_count(classifier),
    }


@torch.inference_mode()
def vae_test_pass(vae: VAE, test: Split, seed: int) -> tuple[dict, torch.Tensor]:
    """Negative ELBO (one posterior sample per image, analytic KL) and posterior-mean reconstructions."""
    g = torch.Generator().manual_seed(seed)
    nelbo, recon_nats, squared_error, reconstructions = 0.0, 0.0, 0.0, []
    for x in in_batches(to_float(test.images)):
        mu, logvar = vae.encode(x)
        logits = vae.decode_logits(vae.reparameterize(mu, logvar, generator=g))
        recon = vae.reconstruction_nats(logits, x)
        nelbo += (recon + kl_nats(mu, logvar)).sum().item()
        recon_nats += recon.sum().item()
        mean_reconstruction = vae.decode(mu)
        squared_error += (mean_reconstruction - x).pow(2).sum().item()
        reconstructions.append(mean_reconstruction)
    n = len(test.labels)
    metrics = {
        "negative_elbo_nats": rounded(nelbo / n),
        "reconstruction_nats": rounded(recon_nats / n),
        "kl_nats": rounded((nelbo - recon_nats) / n),
        "reconstruction_mse_per_pixel": rounded(squared_error / test.images[0].numel() / n),
        "parameters": parameter_count(vae),
        "elbo_definition": f"{LIKELIHOODS[vae.likelihood]}, N(0, I) prior; one posterior sample per image for "
                           "the reconstruction term, analytic KL; MSE of decode(mu)",
    }
    return metrics, torch.cat(reconstructions)


@torch.inference_mode()
def vae_prior_samples(vae: VAE, n: int, seed: int, batch: int = 1000) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.cat([vae.sample_prior(min(batch, n - i), generator=g) for i in range(0, n, batch)])


def random_train_images(train: Split, n: int, seed: int) -> torch.Tensor:
    order = torch.randperm(len(train.labels), generator=torch.Generator().manual_seed(seed))
    return to_float(train.images[order[:n]])


def frechet_distances(classifier: Classifier, real: torch.Tensor, fakes: dict[str, torch.Tensor]) -> dict[str, float]:
    """FD of each image set against `real`; the real features are extracted once and kept."""
    fid = FrechetInceptionDistance(
        feature=ClassifierFeatures(classifier), normalize=True, reset_real_features=False,
        input_img_size=(classifier.channels, classifier.image_size, classifier.image_size),
    )
    for batch in in_batches(real):
        fid.update(batch, real=True)
    distances = {}
    for name, images in fakes.items():
        fid.reset()  # drops the previous fake set only
        for batch in in_batches(images):
            fid.update(batch, real=False)
        distances[name] = float(fid.compute())
    return distances


def first_of_each_class(labels: torch.Tensor, num_classes: int, skip: int = 0) -> torch.Tensor:
    """Index of the (skip+1)-th image of every class that has one: uncurated, one per class."""
    picks = [(labels == c).nonzero().flatten() for c in range(num_classes)]
    return torch.stack([p[skip] for p in picks if len(p) > skip])


@torch.no_grad()
def test_logits(classifier: Classifier, test: Split) -> torch.Tensor:
    return torch.cat([classifier(batch).float() for batch in in_batches(to_float(test.images))])


def classifier_report(classifier: Classifier, test: Split) -> tuple[dict, dict]:
    metrics = evaluate_classifier(classifier, test)
    # ECE and NLL with the served temperature and top-label map (config.json) against T = 1 (train.calibrate fits them)
    metrics["calibration"] = calibration.test_record(test_logits(classifier, test), test.labels, classifier.temperature,
                                                     top_label_map=classifier.top_label_map)
    draw = partial(figures.confusion_matrix_png, metrics["confusion_matrix"], classifier.class_names)
    diagrams = partial(figures.reliability_png, metrics["calibration"], calibration.TITLES["classifier"])
    return metrics, {"confusion_matrix.png": draw, calibration.FIGURE: diagrams}


def vae_report(vae: VAE, classifier: Classifier | None, test: Split, args) -> tuple[dict, dict, torch.Tensor]:
    metrics, reconstructions = vae_test_pass(vae, test, args.seed)
    prior = vae_prior_samples(vae, args.samples, args.seed)
    if classifier is not None:
        hits = predict(classifier, reconstructions) == test.labels
        metrics["classifier_accuracy_on_reconstructions"] = rounded(hits.float().mean(), fraction=True)
    rows, labels = [], []
    for skip in (0, 1):
        idx = first_of_each_class(test.labels, len(vae.class_names), skip)
        rows += [to_float(test.images[idx]), reconstructions[idx]]
        labels += ["test", "reconstruction"]
    pictures = {
        "reconstructions.png": partial(figures.image_grid_png, rows, labels,
                                       title="Posterior-mean reconstructions (test split)"),
        "prior_samples.png": partial(figures.image_grid_png, list(prior[:30].split(10)), ["", "", ""],
                                     title=f"Samples from the prior N(0, I), seed {args.seed}"),
    }
    return metrics, pictures, prior


def gan_report(gan: ConditionalGAN, classifier: Classifier | None, args) -> tuple[dict, dict, torch.Tensor]:
    samples, labels = gan_samples(gan, args.samples, args.seed)
    metrics = {"generator_parameters": parameter_count(gan.generator),
               "discriminator_parameters": parameter_count(gan.discriminator)}
    if classifier is not None:
        overall, per_class = label_fidelity(classifier, samples, labels)
        metrics["label_fidelity"] = rounded(overall, fraction=True)
        metrics["per_class_label_fidelity"] = {n: rounded(v, fraction=True) for n, v in zip(gan.class_names, per_class)}
    rows = [samples[labels == c][:10] for c in range(gan.num_classes)]
    draw = partial(figures.image_grid_png, rows, gan.class_names,
                   title=f"Uncurated samples, one row per class (seed {args.seed})")
    return metrics, {"samples.png": draw}, samples


def evaluate(args: argparse.Namespace) -> tuple[dict[str, dict], dict[str, dict]]:
    """Computes every metric; returns (metrics, pictures to draw) by model kind, writing nothing."""
    models = load_models(args.weights, args.dataset)
    classifier, vae, gan = models.get("classifier"), models.get("vae"), models.get("gan")
    test = load_split(args.dataset, "test")
    test = subset(test, args.limit) if args.limit else test
    metrics, pictures, fakes = {}, {}, {}
    if classifier is not None:
        metrics["classifier"], pictures["classifier"] = classifier_report(classifier, test)
        # the yardstick that gives the accuracy a meaning where no published anchor exists (Animal-MNIST)
        metrics["classifier"].update(baseline.metrics_entry(weights_folder(args.dataset, "classifier", args.weights), args.dataset))
    if vae is not None:
        metrics["vae"], pictures["vae"], fakes["fd_vae_prior_vs_test"] = vae_report(vae, classifier, test, args)
        if classifier is not None:  # the same images through the same classifier: the reference point
            metrics["vae"]["classifier_accuracy_on_originals"] = metrics["classifier"]["accuracy"]
    if gan is not None:
        metrics["gan"], pictures["gan"], fakes["fd_gan_vs_test"] = gan_report(gan, classifier, args)

    if classifier is not None and (vae is not None or gan is not None):
        fakes["fd_train_vs_test"] = random_train_images(load_split(args.dataset, "train"), args.samples, args.seed)
        fd = frechet_distances(classifier, to_float(test.images), fakes)
        if "fd_gan_vs_test" in fd and fd.get("fd_vae_prior_vs_test"):
            fd["fd_ratio_gan_over_vae"] = fd["fd_gan_vs_test"] / fd["fd_vae_prior_vs_test"]
        for kind in ("vae", "gan"):
            if kind in metrics:  # the VAE card shows its own FD and the floor; the GAN card shows all
                metrics[kind].update({k: rounded(v) for k, v in fd.items() if kind == "gan" or "gan" not in k})

    digest = file_digest(weights_folder(args.dataset, "classifier", args.weights) / "model.safetensors") if classifier else None
    for kind in metrics:
        metrics[kind] = {"model": kind, "dataset": args.dataset, **metrics[kind],
                         "targets": check_targets(kind, metrics[kind], args.dataset),
                         "evaluation": {"split": "test", "test_images": len(test.labels), "samples": args.samples,
                                        "seed": args.seed, "feature_classifier_sha256": digest}}
    return metrics, pictures


def main(argv=None) -> dict[str, dict]:
    args = parse_args(argv)
    started = time.time()
    metrics, pictures = evaluate(args)
    seconds = round(time.time() - started, 1)
    command = "python -m train.evaluate " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    for kind, record in metrics.items():
        folder = weights_folder(args.dataset, kind, args.weights)
        for name, draw in pictures[kind].items():
            draw(folder / name)
        record["evaluation"].update(command=command.strip(), seconds=seconds, hardware=hardware(),
                                    torch=torch.__version__, figures=sorted(pictures[kind]))
        (folder / "metrics.json").write_text(json.dumps(record, indent=2) + "\n")
        write_card(folder)
        print(f"wrote {folder / 'metrics.json'} and {folder / 'README.md'}")
    if metrics:
        args.docs.mkdir(parents=True, exist_ok=True)
        table = results_table(metrics)
        name = f"results-{args.dataset}"
        (args.docs / f"{name}.md").write_text(
            f"<!-- written by `{command.strip()}`; regenerate, don't edit -->\n\n{table}\n![results]({name}.png)\n")
        figures.results_png(metrics, args.docs / f"{name}.png")
        print(table)
    print(f"evaluated {', '.join(k for k in KINDS if k in metrics) or 'nothing'} in {seconds} s")
    return metrics


if __name__ == "__main__":
    main()
