"""Classify tab: the discriminative model, P(Y|X) for an upload or a drawing."""
from __future__ import annotations

import gradio as gr

from space import endpoints
from space.components import clear_on_switch, image_upload, sketchpad
from space.dataset_switch import example_rows

INTRO = """A **discriminative** model learns P(class | image): given an image, how likely is each class?
Upload a photo (any size; a dark item on a light background works too), paste one, or draw
(in *Draw*, pick the brush on the left of the canvas first).
On the right: the 28×28 image the model actually saw after preprocessing."""


def build(dataset: gr.Dropdown, examples: list[str]) -> None:
    with gr.Tab("Classify", id="classify"):
        gr.Markdown(INTRO)
        with gr.Row():
            with gr.Column():
                with gr.Tabs():
                    with gr.Tab("Upload", id="classify-upload"):
                        image = image_upload(elem_id="classify-image")
                        button = gr.Button("Classify", variant="primary", elem_id="classify-button")
                        gr.Examples(examples=example_rows(examples), inputs=[image, dataset], cache_examples=False,
                                    elem_id="classify-examples",
                                    label="Examples: test images (the cat and dog switch to the animal models), "
                                          "a drawing, a shop-style photo")
                    with gr.Tab("Draw", id="classify-draw"):
                        sketch = sketchpad(elem_id="classify-sketch")
                        draw_button = gr.Button("Classify drawing", variant="primary", elem_id="classify-draw-button")
            with gr.Column():
                label = gr.Label(num_top_classes=10, label="P(class | image)", elem_id="classify-label")
                seen = gr.Image(label="What the model saw (28×28, enlarged)", format="png", interactive=False,
                                height=224, elem_classes=["pixelated"], elem_id="classify-seen")
        button.click(endpoints.classify, [image, dataset], label, api_name="classify").success(
            endpoints.model_input, image, seen, api_visibility="private")
        draw_button.click(endpoints.classify, [sketch, dataset], label, api_visibility="private").success(
            endpoints.model_input, sketch, seen, api_visibility="private")
        clear_on_switch(dataset, [label, seen])
