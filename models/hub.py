"""Shared Hub-mixin settings, so every model folder carries the same card metadata."""
from huggingface_hub import PyTorchModelHubMixin

HUB_KWARGS = dict(
    library_name="pytorch",
    license="mit",
    tags=["generative-models", "fashion-mnist", "pytorch_model_hub_mixin"],
)

FASHION_MNIST_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]

__all__ = ["PyTorchModelHubMixin", "HUB_KWARGS", "FASHION_MNIST_CLASSES"]
