"""The discriminative model: a small VGG-style CNN that returns class logits, i.e. P(Y|X)."""
import torch
from torch import nn

from models.datasets import FASHION_MNIST
from models.networks.hub import HUB_KWARGS, PyTorchModelHubMixin


def conv_bn_relu(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class Classifier(nn.Module, PyTorchModelHubMixin, **HUB_KWARGS):
    """Takes images in [0, 1] of shape (B, channels, image_size, image_size); returns logits.

    `features` gives the penultimate layer, which the evaluation also uses as the feature
    space for Fréchet distances (no Inception weights can be downloaded here).
    """

    def __init__(
        self,
        *,
        dataset: str = FASHION_MNIST.id,
        class_names: list[str] = list(FASHION_MNIST.class_names),
        image_size: int = 28,
        channels: int = 1,
        mean: float = 0.2860,
        std: float = 0.3530,
        widths: list[int] = (48, 96, 192),
        feature_dim: int = 128,
        dropout: float = 0.2,
    ):
        super().__init__()
        self.dataset, self.class_names = dataset, list(class_names)
        self.image_size, self.channels = image_size, channels
        self.register_buffer("mean", torch.tensor(float(mean)), persistent=False)
        self.register_buffer("std", torch.tensor(float(std)), persistent=False)
        stages, c_in = [], channels
        for i, width in enumerate(widths):
            stages += [conv_bn_relu(c_in, width), conv_bn_relu(width, width)]
            if i < len(widths) - 1:
                stages.append(nn.MaxPool2d(2))
            c_in = width
        self.body = nn.Sequential(*stages, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.embed = nn.Sequential(nn.Dropout(dropout), nn.Linear(c_in, feature_dim), nn.ReLU(inplace=True))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(feature_dim, len(self.class_names)))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate-layer activations, shape (B, feature_dim)."""
        return self.embed(self.body((x - self.mean) / self.std))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))

    @torch.inference_mode()
    def predict_proba(self, x: torch.Tensor) -> torch.Tensor:
        return self(x).softmax(dim=-1)
