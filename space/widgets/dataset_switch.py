"""The dataset switch: what every tab shows for the chosen model family, and the example rows.

Picking "Animals — cats & dogs" (or an animal example) loads that family on first use and
changes the page heading, the About tab and the class dropdowns; the Classify, Reconstruct
and Generate calls already pass the dropdown's value as their `dataset`.
"""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from models import datasets
from space.endpoints import inference as endpoints
from space.widgets.components import dataset_label
from space.tabs.about import about_markdown

TAGLINE = "A classifier, a variational autoencoder and a GAN, small enough to run on a CPU."


def heading(dataset: str) -> str:
    return f"# Discriminative vs generative models on {dataset_label(dataset)}\n{TAGLINE}"


def example_dataset(path: str) -> str:
    """The dataset an example image belongs to, from its file name (prefixes in models/datasets.py)."""
    return datasets.example_dataset(Path(path).name)


def example_rows(paths: list[str]) -> list[list[str]]:
    """[image, dataset] rows for gr.Examples: choosing the cat example also switches to the animal models."""
    return [[p, example_dataset(p)] for p in paths]


@endpoints.user_errors
def switch(dataset, *labels):
    """Heading, About text and class dropdowns for `dataset`; a chosen class the new dataset has stays chosen."""
    family = endpoints.family(dataset)
    reset = sorted({label for label in labels if label not in (None, "any", *family.class_names)})
    if reset:  # said, not silent: the learner chose that class
        gr.Info(f"{dataset_label(family.dataset)} has no class {', '.join(reset)}: the class is now \"any\".",
                duration=endpoints.ERROR_SECONDS)
    return (heading(family.dataset), about_markdown([family]), *endpoints.class_choices(dataset, *labels))


def wire(dataset: gr.Dropdown, title: gr.Markdown, about: gr.Markdown, label_dropdowns: list[gr.Dropdown]) -> None:
    # .change, not .input: the Generate tab's cat/dog buttons and the examples set the dataset too
    dataset.change(switch, [dataset, *label_dropdowns], [title, about, *label_dropdowns], api_visibility="private")
