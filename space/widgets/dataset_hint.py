"""Classify tab: a hint, with a one-click switch, when an upload looks like another dataset's images."""
from __future__ import annotations

import gradio as gr

from models import datasets
from models.operations.classify import generative_classifier, likelihood_view
from models.operations.classify.dataset_fit import better_fits_for_upload
from space.endpoints import inference as endpoints
from space.widgets.components import dataset_label

DOES_NOT_KNOW = ("A discriminative model cannot know that it does not know: the classifier shares out all of "
                 "its probability among its own classes, whatever the image. This hint comes from the "
                 "generative side: each dataset's VAE reconstructs images like its own training data much better.")


@endpoints.user_errors
def hint(image=None, dataset=datasets.DEFAULT_DATASET):
    """Hint text, the switch button, and (dataset to switch to, the image) for the button; empty when it fits."""
    selected = endpoints.family(dataset)
    others = [endpoints.family(d) for d in datasets.DATASETS if d != selected.dataset]
    fits = better_fits_for_upload(selected, others, image)
    if not fits:
        return "", gr.update(visible=False), None
    target, ratio = fits[0]
    text = (f"**This image looks more like {dataset_label(target)} than {dataset_label(selected.dataset)}**: "
            f"that dataset's VAE reconstructs it {ratio:.1f}× better. {DOES_NOT_KNOW}")
    return text, gr.update(visible=True, value=f"Switch to {dataset_label(target)} and classify again"), (target, image)


def switch(pending):
    return pending[0]


@endpoints.user_errors
def classify_pending(pending, dataset):
    """After a switch the hint asked for: everything the Classify tab shows, for the same image by the new
    dataset's models (the CNN's answer and what it saw, the generative answer, the line comparing them,
    the image as its likeliest classes and the likelihoods' table); else nothing."""
    if not pending or pending[0] != dataset:
        return (*(gr.update() for _ in range(7)), None)
    image = pending[1]
    probabilities, details = endpoints.classify_generative(image, dataset)
    top = generative_classifier.top_classes(probabilities)
    return (endpoints.classify(image, dataset), endpoints.model_input(image, dataset), probabilities, details,
            generative_classifier.verdict(details), endpoints.reconstruct_as_class(image, dataset, top),
            likelihood_view.likelihood_table(probabilities, details), None)


def components() -> tuple[gr.Markdown, gr.Button, gr.State]:
    """The hint's text, its button (hidden until needed) and what the button will do; placed by the caller."""
    return gr.Markdown(elem_id="classify-hint"), gr.Button(visible=False, elem_id="classify-switch-button"), gr.State(None)


def wire(dataset: gr.Dropdown, parts: tuple, runs: list) -> None:
    """After each classification in `runs` ((event, its image input) pairs), the hint; its button switches."""
    text, button, pending = parts
    for event, image in runs:
        event.success(hint, [image, dataset], [text, button, pending], api_visibility="private")
    # the text goes with the switch's emptying (space.widgets.stale); the button is hidden in the browser too
    dataset.change(None, None, button, js="() => ({__type__: 'update', visible: false})", api_visibility="private",
                   queue=False, show_progress="hidden")


def after_switch(dataset: gr.Dropdown, parts: tuple, answers: list) -> None:
    """The button switches; then the new answers for the pending image, in the order classify_pending returns
    them. The switch empties the old answers in the browser at once (space.widgets.stale), before these come."""
    _, button, pending = parts
    button.click(switch, pending, dataset, api_visibility="private").then(
        classify_pending, [pending, dataset], [*answers, pending], api_visibility="private")
