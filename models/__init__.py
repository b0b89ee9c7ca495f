"""The three networks the Space serves; each one is rebuilt from its own config.json."""
from models.classifier import Classifier
from models.gan import ConditionalGAN
from models.vae import VAE

__all__ = ["Classifier", "VAE", "ConditionalGAN"]
