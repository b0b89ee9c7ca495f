"""The public API: one function per api_name. Parameter names and defaults are a promise to clients.

Each function loads (once) and picks its dataset's models (load_family checks `dataset`), and calls
the pure function in models.operations.inference, which checks the other arguments. Problems become
a `gr.Error` in one place (space/endpoints/errors.py); nothing reaches the client as a traceback.
"""
from __future__ import annotations

import logging

import gradio as gr

from models.operations import inference
from models.operations.classify import generative_classifier
from models.datasets import DEFAULT_DATASET
from models.loading.loader import load_family
from models.operations.common.validation import parse_classes
from space.endpoints.errors import ERROR_SECONDS, user_errors  # noqa: F401 (the tabs use them from here)

log = logging.getLogger(__name__)


def family(dataset):
    return load_family(dataset)  # checks `dataset` (models.datasets.get)


@user_errors
def classify(image=None, dataset=DEFAULT_DATASET):
    """Class probabilities P(Y|X) of the classifier for an uploaded image."""
    return inference.classify(family(dataset), image)


@user_errors
def reconstruct(image=None, samples=4, seed=0, dataset=DEFAULT_DATASET, noise_scale=1.0):
    """VAE: the model input, its mean reconstruction and `samples` posterior samples (0-16), the posterior's sigma times `noise_scale` (0-20)."""
    return inference.reconstruct(family(dataset), image, samples, seed, noise_scale)


@user_errors
def sample_vae(seed=0, count=16, dataset=DEFAULT_DATASET, noise_scale=1.0, label="any"):
    """VAE decoder alone: `count` (1-64) decoded random latent points, times `noise_scale` (0-3, the
    temperature). `label` "any": the VAE's prior N(0, I), as before; a class name: the
    class-conditional VAE generates that class."""
    return inference.sample_vae(family(dataset), seed, count, noise_scale, label)


@user_errors
def generate(seed=0, count=16, label="any", dataset=DEFAULT_DATASET, noise="", noise_scale=1.0):
    """GAN: `count` (1-64) images of class `label` ("any" or a class name), plus per-image details.

    `noise`: numbers such as "[-5 6.2 8]" that become the first entries of every z; `noise_scale`
    (0-3) multiplies the seeded rest."""
    return inference.generate(family(dataset), seed, count, label, noise, noise_scale)


@user_errors
def discriminate(image=None, label="any", dataset=DEFAULT_DATASET):
    """GAN discriminator: probability that the image is a real item of class `label`."""
    return inference.discriminate(family(dataset), image, label)


@user_errors
def classify_generative(image=None, dataset=DEFAULT_DATASET):
    """Generative classifier: P(y|x) from p(x|y) p(y) (class-conditional VAE, Bayes' rule) and the details
    (log p(x|y) per class in nats, K, the CNN's pick)."""
    return generative_classifier.classify_upload(family(dataset), image)


@user_errors
def reconstruct_as_class(image=None, dataset=DEFAULT_DATASET, classes=""):
    """Class-conditional VAE: the image encoded and decoded *as* each of `classes` (class names
    separated by commas; empty: every class of the dataset), in that order."""
    models = family(dataset)
    wanted = parse_classes(classes, models.class_names, models.dataset)
    return generative_classifier.reconstruct_as_classes(models, image, wanted)


# UI-only helpers (not public API) ------------------------------------------------------------

@user_errors
def model_input(image=None, dataset=DEFAULT_DATASET):
    return inference.model_input(image, dataset)


@user_errors
def class_choices(dataset=DEFAULT_DATASET, *current):
    """New choices for the class dropdowns when the dataset changes (its models load on first use).

    One update per dropdown whose current value is in `current`: a class the new dataset also
    has stays chosen (the Generate tab's "dog" button sets both), any other becomes "any".
    """
    names = family(dataset).class_names
    choices = ["any", *names]
    return tuple(gr.update(choices=choices, value=value if value in names else "any") for value in current)
