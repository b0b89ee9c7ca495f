"""The Explore tab's "pick a point in the VAE's latent space": click the latent map, or move two
sliders, and the VAE decodes that point of the map's plane (/decode_latent)."""
from __future__ import annotations

import gradio as gr

from space.endpoints import noise as api
from space.widgets.components import RawSlider
from space.i18n import t

INTRO = """### Pick a point of the latent space
After training, any point of the VAE's latent space decodes to an image. **Click the map** (or
move the two sliders): the point of the map's plane under the pointer (the PCA centre plus x and
y times the two principal directions) goes through the decoder, and the classes of the test
images nearest to it on the map are named. Between the clusters you find in-between items; far
outside them, the decoder shows what it makes of codes it has never seen."""

START_RANGE = 6.0  # until a map is shown; then the sliders span its axes


def build(dataset: gr.Dropdown, map_plot: gr.Image, map_info: gr.JSON, map_shown) -> None:
    """`map_shown`: the event that draws the map (its picture and numbers tell where a click lands)."""
    gr.Markdown(INTRO, elem_id="decode-latent-intro")
    with gr.Row():
        x = RawSlider(-START_RANGE, START_RANGE, value=0, step=0.01, label="x: principal direction 1", elem_id="decode-x")
        y = RawSlider(-START_RANGE, START_RANGE, value=0, step=0.01, label="y: principal direction 2", elem_id="decode-y")
        button = gr.Button(t("btn_decode_latent"), variant="primary", elem_id="decode-latent-button")
    with gr.Row():
        image = gr.Image(label="Decoded point", format="png", interactive=False, height=220, elem_classes=["pixelated"],
                         elem_id="decode-latent-image")
        text = gr.Markdown(elem_id="decode-latent-text")
    with gr.Accordion(t("acc_decode_latent_raw"), open=False):
        info = gr.JSON(label="details", elem_id="decode-latent-info")
    request, outputs = [x, y, dataset], [image, info]
    button.click(api.decode_latent, request, outputs, api_name="decode_latent").success(
        api.describe_point, info, text, api_visibility="private")
    map_plot.select(api.pick_point, [map_info, dataset], [x, y], api_visibility="private").success(
        api.decode_latent, request, outputs, api_visibility="private").success(
        api.describe_point, info, text, api_visibility="private")
    for slider in (x, y):
        slider.release(api.decode_latent, request, outputs, api_visibility="private", trigger_mode="always_last",
                       show_progress="hidden").success(api.describe_point, info, text, api_visibility="private")
    map_shown.success(api.axes_ranges, [map_info, dataset], [x, y], api_visibility="private")
