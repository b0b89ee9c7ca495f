"""The Generate tab's noise controls: type the first numbers of z, scale the rest, see how varied
the batch gets, and hold one image's z in sliders.
"""
from __future__ import annotations

import gradio as gr

from models.operations.inference import NOISE_HEAD, noise_table
from models.operations.noise.noise import EXAMPLE, SCALE_MAX, format_noise
from space.endpoints import noise as api
from space.widgets.components import RawSlider
from space.i18n import t

NOISE_INTRO = f"""**The noise in your hands.** Type numbers as the lesson writes them (`{EXAMPLE}`): they become
the first entries of *every* image's z; the rest still comes from the seed. The scale multiplies
that seeded rest: at 0 there is no noise at all, and every image of a class is the same image."""

DIVERSITY_INTRO = """### How varied is the batch?
Measured on the images above: how much two images of the same class differ, and how many
classes the classifier sees. The plot repeats the batch (same seed, same classes, same typed
numbers) at other noise scales."""

HOLD_INTRO = f"""### Drag the noise
Click an image above to hold its noise vector: the sliders are its first {NOISE_HEAD} entries, and
each move you make draws that one image again from the changed z."""

SLIDER_LIMIT = 10.0  # the lesson's [-5 6.2 8] fits; typed noise may go to +-100


def inputs() -> tuple[gr.Textbox, RawSlider]:
    with gr.Row():
        text = gr.Textbox(value="", label="Noise: first entries of z (optional)", placeholder=EXAMPLE,
                          elem_id="generate-noise", scale=2)
        scale = RawSlider(0, SCALE_MAX, value=1, step=0.05, label="Noise scale (0 = no noise)",
                          elem_id="generate-noise-scale", scale=2)
    gr.Markdown(NOISE_INTRO)
    return text, scale


def outputs() -> dict:
    """The diversity figure and plot, and the held image with its sliders."""
    parts = {}
    gr.Markdown(DIVERSITY_INTRO, elem_id="generate-diversity-intro")
    with gr.Row():
        parts["diversity"] = gr.Markdown(elem_id="generate-diversity")
        parts["plot"] = gr.Image(label="Spread within a class against the noise scale", format="png", interactive=False,
                                 height=240, elem_id="generate-diversity-plot", buttons=["download"],
                                 elem_classes=["labelled-above"])  # the label badge must not cover the axis
    gr.Markdown(HOLD_INTRO)
    with gr.Row():
        with gr.Column(scale=3):
            with gr.Row():
                parts["sliders"] = [RawSlider(-SLIDER_LIMIT, SLIDER_LIMIT, value=0, step=0.1, label=f"z[{i}]",
                                              elem_id=f"hold-z-{i}", min_width=160) for i in range(NOISE_HEAD)]
        with gr.Column(scale=1, min_width=200):
            parts["index"] = gr.Number(value=0, precision=0, label="Image #", interactive=False, elem_id="hold-index")
            parts["image"] = gr.Image(label="The held image", format="png", interactive=False, height=200,
                                      elem_classes=["pixelated"], elem_id="hold-image")
            parts["caption"] = gr.Markdown(elem_id="hold-caption")
            parts["copy"] = gr.Button(t("btn_hold_copy"), elem_id="hold-copy-button")
    return parts


def wire(generated: list, request: list, gallery: gr.Gallery, details: gr.JSON, table: gr.Dataframe, parts: dict,
         noise_text: gr.Textbox) -> None:
    """Chains after each event in `generated` (a /generate call with the `request` inputs): the noise
    table, the diversity figures, and the held image; and the held image's own events."""
    hold_inputs = [*request, parts["index"], *parts["sliders"]]
    hold_outputs = [parts["image"], parts["caption"]]
    for event in generated:
        event.success(noise_table, details, table, api_visibility="private")
        event.success(api.diversity, request, [parts["diversity"], parts["plot"]], api_visibility="private")
        event.success(api.slider_values, [details, parts["index"]], [parts["index"], *parts["sliders"]],
                      api_visibility="private").success(api.held_image, hold_inputs, hold_outputs, api_visibility="private")
    gallery.select(api.pick_image, details, [parts["index"], *parts["sliders"]], api_visibility="private").success(
        api.held_image, hold_inputs, hold_outputs, api_visibility="private")
    for slider in parts["sliders"]:
        # release: once per move (pointer up, or leaving the number box); always_last drops moves overtaken by newer ones
        slider.release(api.held_image, hold_inputs, hold_outputs, api_visibility="private", trigger_mode="always_last",
                       show_progress="hidden")
    parts["copy"].click(lambda *head: format_noise(head), parts["sliders"], noise_text, api_visibility="private")
