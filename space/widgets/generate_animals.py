"""The Generate tab's one-click "dog" and "cat": the lesson's own example, a new dog from noise.

Each button switches the page to the animal models (the dataset dropdown's change event then
updates every tab), chooses the class and generates with the current seed and count.

The switch's change event also empties the tab, in the browser and at once (space.widgets.stale),
so it is done before the new dogs arrive.
"""
from __future__ import annotations

import gradio as gr

from models.datasets import ANIMAL_MNIST
from space.endpoints import inference as endpoints
from space.i18n import t

DATASET = ANIMAL_MNIST.id
CLASSES = ("dog", "cat")


def buttons() -> dict[str, gr.Button]:
    """The buttons, created where the caller wants them shown; `wire` connects them later."""
    with gr.Row():
        return {name: gr.Button(t(f"btn_generate_{name}"), elem_id=f"generate-{name}-button") for name in CLASSES}


def choose(name: str):
    """The event handler for one button: sets the dataset dropdown and the class dropdown."""

    @endpoints.user_errors
    def choose_class():
        names = endpoints.family(DATASET).class_names  # loads the animal models on first use
        return DATASET, gr.update(choices=["any", *names], value=name)

    choose_class.__name__ = f"choose_{name}"
    return choose_class


def wire(quick: dict[str, gr.Button], request: list, label, dataset, gallery, details) -> list:
    """Each button's /generate call with the `request` inputs; returns those events for the caller to chain on."""
    return [button.click(choose(name), None, [dataset, label], api_visibility="private").success(
                endpoints.generate, request, [gallery, details], api_visibility="private")
            for name, button in quick.items()]
