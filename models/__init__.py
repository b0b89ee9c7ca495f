"""Everything the Space and the training scripts share, in four parts (and `models.compat`, the guarded uses
of torch's and huggingface_hub's private parts):

- `models.datasets`   the one registry of dataset facts (ids, names, classes, framing, Hub repos)
- `models.networks`   the networks, each rebuilt from its own config.json
- `models.loading`    finding and loading a dataset's models (Hub first, bundled weights second)
- `models.operations` what the app does with them, free of Gradio (inference, preprocessing, ...)
"""
from models.networks.classifier import Classifier
from models.networks.gan import ConditionalGAN
from models.networks.vae import VAE

__all__ = ["Classifier", "VAE", "ConditionalGAN"]
