"""The discriminative model: a small VGG-style CNN that returns class logits, i.e. P(Y|X)."""
import torch
from torch import nn

from models.datasets import FASHION_MNIST
from models.networks import top_label_map as top_map
from models.networks.hub import HUB_KWARGS, PyTorchModelHubMixin


def conv_bn_relu(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class Classifier(nn.Module, PyTorchModelHubMixin, **HUB_KWARGS):
    """Takes images in [0, 1] of shape (B, channels, image_size, image_size); returns logits.

    `features` gives the penultimate layer, which the evaluation also uses as the feature
    space for Fréchet distances (no Inception weights can be downloaded here).
    `temperature`: P(Y|X) = softmax(logits / T), T fitted after training on the validation split
    (temperature scaling, Guo et al. 2017: `python -m train.calibrate`), so that a 70% answer is
    right about 70% of the time. The logits, and so the answer, do not depend on it; 1 (the
    default, and what a config.json from before calibration gets) leaves the trained softmax.
    `top_label_map`: after T, the top class's confidence read through a monotone table fitted on the
    same validation split (models/networks/top_label_map.py; the answer never changes); None (the
    default, and what an older config.json gets) serves softmax(logits / T) alone.
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
        temperature: float = 1.0,
        top_label_map: dict | None = None,
    ):
        super().__init__()
        if not temperature > 0:
            raise ValueError(f"temperature must be positive, not {temperature!r}")
        self.temperature = float(temperature)
        self.top_label_map = top_map.checked(top_label_map)
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
        """The trained logits (what training's loss and every argmax read; no temperature)."""
        return self.head(self.features(x))

    @torch.inference_mode()
    def predict_proba(self, x: torch.Tensor) -> torch.Tensor:
        """P(Y|X), calibrated: softmax(logits / temperature), then the top-label map if there is one."""
        scores = self(x) / self.temperature
        if self.top_label_map is None:
            return scores.softmax(dim=-1)
        return top_map.mapped(scores, self.top_label_map).to(scores.dtype)
