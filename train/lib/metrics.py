"""Sample-quality metrics in the feature space of the project's own classifier.

Inception weights cannot be downloaded here, so the Fréchet distance uses the trained
classifier's penultimate layer, computed by torchmetrics' FID with a custom feature module.
The numbers are comparable within this project, not with published FIDs.
"""
import torch
from torch import nn
from torchmetrics.image.fid import FrechetInceptionDistance

from models.networks.classifier import Classifier


class ClassifierFeatures(nn.Module):
    """Adapts the classifier to torchmetrics' feature-extractor protocol."""

    def __init__(self, classifier: Classifier):
        super().__init__()
        self.classifier = classifier.eval()
        self.num_features = classifier.embed[1].out_features

    @torch.no_grad()
    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.classifier.features(images.float())


def in_batches(images: torch.Tensor, size: int = 1000):
    for i in range(0, len(images), size):
        yield images[i:i + size]


def frechet_distance(classifier: Classifier, real: torch.Tensor, fake: torch.Tensor) -> float:
    """FD between two image sets in [0, 1], shape (N, C, H, W), in classifier features."""
    fid = FrechetInceptionDistance(
        feature=ClassifierFeatures(classifier), normalize=True,
        input_img_size=(classifier.channels, classifier.image_size, classifier.image_size),
        # both sets are complete here: never gather them from other processes (under torchrun the
        # GAN's per-epoch evaluation runs on rank 0 alone, and a gather would wait forever)
        sync_on_compute=False,
    )
    for batch in in_batches(real):
        fid.update(batch, real=True)
    for batch in in_batches(fake):
        fid.update(batch, real=False)
    return float(fid.compute())


@torch.no_grad()
def predict(classifier: Classifier, images: torch.Tensor) -> torch.Tensor:
    classifier.eval()
    return torch.cat([classifier(batch.float()).argmax(1) for batch in in_batches(images)])


def label_fidelity(classifier: Classifier, images: torch.Tensor, labels: torch.Tensor) -> tuple[float, list[float]]:
    """Share of images the classifier assigns to the requested class: overall and per class."""
    hits = predict(classifier, images) == labels
    per_class = [hits[labels == c].float().mean().item() for c in range(len(classifier.class_names))]
    return hits.float().mean().item(), per_class


def balanced_labels(n: int, num_classes: int) -> torch.Tensor:
    """n labels cycling through the classes, so every class gets n / num_classes samples."""
    return torch.arange(n) % num_classes


@torch.no_grad()
def gan_samples(gan, n: int, seed: int, batch: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """n class-balanced samples from the GAN in eval mode (the mode the app serves)."""
    gan.eval()
    g = torch.Generator().manual_seed(seed)
    labels = balanced_labels(n, gan.num_classes)
    z = gan.noise(n, generator=g)
    device = next(gan.parameters()).device
    images = torch.cat([gan.generate(z[i:i + batch].to(device), labels[i:i + batch].to(device)).cpu()
                        for i in range(0, n, batch)])
    return images, labels
