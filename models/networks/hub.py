"""Shared Hub-mixin settings, so every model folder carries the same card metadata.

The dataset's own tags are added per model by train/lib/card.py (models.datasets.hub_tags):
class-level tags would tag every dataset's models alike.
"""
from huggingface_hub import PyTorchModelHubMixin

HUB_KWARGS = dict(
    library_name="pytorch",
    license="mit",
    tags=["generative-models", "pytorch_model_hub_mixin"],
)

__all__ = ["PyTorchModelHubMixin", "HUB_KWARGS"]
