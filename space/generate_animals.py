"""The Generate tab's one-click "dog" and "cat": the lesson's own example, a new dog from noise.

Each button switches the page to the animal models (the dataset dropdown's change event then
updates every tab), chooses the class and generates with the current seed and count. When it
switches, the images are made after the Generate tab has been cleared for the new dataset
(`after_switch`), so the clearing can never wipe them.
"""
from __future__ import annotations

import gradio as gr

from models.datasets import ANIMAL_MNIST
from models.operations.inference import noise_table
from space import endpoints

DATASET = ANIMAL_MNIST.id
CLASSES = ("dog", "cat")


def buttons() -> dict[str, gr.Button]:
    """The buttons, created where the caller wants them shown; `wire` connects them later."""
    with gr.Row():
        return {name: gr.Button(f"Generate a {name}", elem_id=f"generate-{name}-button") for name in CLASSES}


def choose(name: str):
    """The event handler for one button: sets the dataset and class dropdowns, and says whether that switches."""

    @endpoints.user_errors
    def choose_class(current):
        names = endpoints.family(DATASET).class_names  # loads the animal models on first use
        return DATASET, gr.update(choices=["any", *names], value=name), current != DATASET

    choose_class.__name__ = f"choose_{name}"
    return choose_class


@endpoints.user_errors
def generate_with_table(switching, seed, count, label, dataset):
    """Images, details and noise table; nothing while a switch is pending (after_switch makes them then)."""
    if switching:
        return gr.update(), gr.update(), gr.update(), True
    gallery, details = endpoints.generate(seed, count, label, dataset)
    return gallery, details, noise_table(details), False


def wire(quick: dict[str, gr.Button], seed, count, label, dataset, gallery, details, table) -> gr.State:
    """Connects the buttons; returns the "switch pending" state that `after_switch` needs."""
    switching = gr.State(False)
    for name, button in quick.items():
        button.click(choose(name), dataset, [dataset, label, switching], api_visibility="private").success(
            generate_with_table, [switching, seed, count, label, dataset], [gallery, details, table, switching],
            api_visibility="private")
    return switching


def after_switch(cleared, switching: gr.State, seed, count, label, dataset, gallery, details, table) -> None:
    """Chained after the tab is cleared by a switch: the images a button asked for, if it switched."""
    def pending(flag, *args):
        return generate_with_table(False, *args) if flag else (gr.update(), gr.update(), gr.update(), False)

    cleared.then(pending, [switching, seed, count, label, dataset], [gallery, details, table, switching],
                 api_visibility="private")
