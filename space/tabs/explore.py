"""Explore tab: walks through the GAN's noise and classes, between two images through the VAE, and the VAE's latent map."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from models.operations.explore.explore import MAX_STEPS, METHODS, MIN_STEPS
from space.endpoints import explore as api
from space.widgets import latent_picker
from space.widgets.components import RawSlider, image_upload, label_dropdown
from space.widgets.send_to_judges import Judges
from space.i18n import t

NOISE_INTRO = """### Walk through the GAN's noise
The generator turns a noise vector z into an image. Here z walks from the noise of seed A
to the noise of seed B while the class stays fixed; every step is decoded. *slerp* follows
the sphere that Gaussian noise lives near, *linear* cuts through it (the middle images are
then made from shorter vectors than any the generator saw in training, often blurrier).
With class "any", the class is the one /generate draws for seed A."""

CLASS_INTRO = """### Walk between two classes, same noise
This generator takes the class through *conditional batch-norm*: each class has its own
scale and shift for every feature map. Mixing the two classes' scales and shifts (weights
1 − t and t) keeps the noise fixed and morphs one class into the other."""

IMAGE_INTRO = """### Walk between two real images (VAE)
The VAE's encoder maps each upload to the mean of q(z | image); the decoder turns points on
the straight line between the two means back into images. **A GAN cannot do this**: it has
no encoder, so there is no way to find the noise vector behind a real photo (short of an
expensive search, or training an encoder alongside it)."""

MAP_INTRO = """### The VAE's latent map
Every dot is a test image, placed at its posterior mean projected on the two directions of
largest variance (PCA) and coloured by its class. Similar items cluster because the VAE had
to reconstruct them from nearby codes, although it never saw a label. Upload an image to
see where it lands (a star), and which classes its nearest test images belong to in the
full latent space (two dimensions show only part of the picture)."""


def steps_slider() -> RawSlider:
    return RawSlider(MIN_STEPS, MAX_STEPS, value=8, step=1, label="Steps")


def animation(label: str, elem_id: str, height: int = 200) -> gr.Image:
    """A GIF file as it is (a path passes through Gradio unchanged, so it stays animated)."""
    return gr.Image(label=label, type="filepath", interactive=False, height=height, elem_id=elem_id,
                    elem_classes=["pixelated"], buttons=["download"])


def strip_gallery(label: str, elem_id: str, columns: int = 8) -> gr.Gallery:
    """One row of lossless PNGs, about as tall as its thumbnails (the shared pixel_gallery is a tall grid)."""
    return gr.Gallery(label=label, format="png", columns=columns, height=200, object_fit="contain",
                      elem_classes=["pixelated"], elem_id=elem_id, buttons=["download", "fullscreen"],
                      interactive=False)  # an output: it must not offer to take uploads


def result_row(gallery_label: str, name: str, judges: Judges, columns: int = 8) -> tuple[gr.Gallery, gr.Image]:
    with gr.Row(equal_height=True):
        with gr.Column(scale=4):
            strip = strip_gallery(gallery_label, f"{name}-gallery", columns)
            judges.source(strip)
        with gr.Column(scale=1, min_width=200):
            gif = animation("Animation (GIF)", f"{name}-gif")
    return strip, gif


def class_dropdown(names: list[str], value: str, label: str) -> gr.Dropdown:
    # allow_custom_value: a client's unknown class reaches our check, whose message lists the accepted ones
    return gr.Dropdown(choices=names, value=value, label=label, allow_custom_value=True)


def example_pairs(examples: list[str]) -> list[list[str]]:
    """Neighbouring example files of the same dataset (animal files start with "animal-")."""
    groups: dict[bool, list[str]] = {}
    for path in examples:
        groups.setdefault(Path(path).name.startswith("animal-"), []).append(path)
    return [[a, b] for group in groups.values() for a, b in zip(group, group[1:])]


def build(dataset: gr.Dropdown, class_names: list[str], examples: list[str], judges: Judges) -> None:
    with gr.Tab(t("tab_explore"), id="explore"):
        gr.Markdown(NOISE_INTRO, elem_id="interpolate-noise-intro")
        with gr.Row():
            seed_a = gr.Number(value=0, precision=None, label="Seed A")
            seed_b = gr.Number(value=1, precision=None, label="Seed B")
            steps = steps_slider()
            label = label_dropdown(class_names)
            # a dropdown that lets any value through, so our check names the parameter when it is wrong
            method = gr.Dropdown(list(METHODS), value="slerp", label="Path", allow_custom_value=True)
        noise_button = gr.Button(t("btn_interpolate_noise"), variant="primary", elem_id="interpolate-noise-button")
        noise_strip, noise_gif = result_row("Generated along the path: t · the classifier's view", "interpolate-noise", judges)
        noise_button.click(api.interpolate_noise, [seed_a, seed_b, steps, label, method, dataset],
                           [noise_strip, noise_gif], api_name="interpolate_noise")

        gr.Markdown(CLASS_INTRO, elem_id="interpolate-classes-intro")
        with gr.Row():
            class_seed = gr.Number(value=0, precision=None, label="Seed")
            label_a = class_dropdown(class_names, class_names[0], "From class")
            label_b = class_dropdown(class_names, class_names[-1], "To class")
            class_steps = steps_slider()
        class_button = gr.Button(t("btn_interpolate_classes"), variant="primary", elem_id="interpolate-classes-button")
        class_strip, class_gif = result_row("Same noise, classes blended: t · the classifier's view", "interpolate-classes", judges)
        class_button.click(api.interpolate_classes, [class_seed, label_a, label_b, class_steps, dataset],
                           [class_strip, class_gif], api_name="interpolate_classes")

        gr.Markdown(IMAGE_INTRO, elem_id="interpolate-images-intro")
        with gr.Row():
            image_a = image_upload("Image A", elem_id="interpolate-image-a")
            image_b = image_upload("Image B", elem_id="interpolate-image-b")
        gr.Examples(examples=example_pairs(examples), inputs=[image_a, image_b], cache_examples=False,
                    examples_per_page=4)
        image_steps = steps_slider()
        image_button = gr.Button(t("btn_interpolate_images"), variant="primary", elem_id="interpolate-images-button")
        image_strip, image_gif = result_row("Model input A · decoded path · model input B", "interpolate-images", judges, 10)
        image_button.click(api.interpolate_images, [image_a, image_b, image_steps, dataset],
                           [image_strip, image_gif], api_name="interpolate_images")

        gr.Markdown(MAP_INTRO, elem_id="latent-map-intro")
        with gr.Row():
            with gr.Column(scale=1):
                map_image = image_upload("Image to place (optional)", elem_id="latent-map-image")
                map_button = gr.Button(t("btn_latent_map"), variant="primary", elem_id="latent-map-button")
            with gr.Column(scale=2):
                map_plot = gr.Image(label="Latent map", format="png", interactive=False, elem_id="latent-map-plot",
                                    elem_classes=["labelled-above"])
        with gr.Accordion(t("acc_latent_map_raw"), open=False):
            map_info = gr.JSON(label="details", elem_id="latent-map-info")
        map_shown = map_button.click(api.latent_map, [map_image, dataset], [map_plot, map_info], api_name="latent_map")
        latent_picker.build(dataset, map_plot, map_info, map_shown)

        dataset.change(api.any_or_class, dataset, label, api_visibility="private")
        dataset.change(api.class_pair, dataset, [label_a, label_b], api_visibility="private")
