"""Generate tab: the conditional GAN's generator from a seeded noise vector, and its discriminator."""
from __future__ import annotations

import random

import gradio as gr

from models.operations.inference import MAX_COUNT, NOISE_HEAD
from models.operations.common.validation import SEED_MAX
from space.endpoints import inference as endpoints
from space.widgets import generate_animals
from space.widgets import noise_panel
from space.widgets.components import RawSlider, image_upload, label_dropdown, pixel_gallery
from space.widgets.dataset_switch import example_rows
from space.widgets.discriminator_reference import generated_note, verdict_note
from space.widgets.send_to_judges import Judges
from space.i18n import t

INTRO = """A **generative adversarial network** has two parts. The *generator* G turns a vector of
random numbers z (and a class) into an image; the *discriminator* D judges whether an image of
that class looks real. Trained against each other, G learns to fool D. The seed fixes z:
the same seed gives the same images, another seed others. Below the grid: the first numbers of
each z, i.e. what G actually received."""

DISCRIMINATOR_INTRO = """### Discriminator
D scores an image *together with a class* and answers P(real). In training it saw real images
with their true class and generated ones with the class they were made for, but never a real
image with a *wrong* class: it does not check that the image matches the class (a real dog
can score high as a cat). Read P(real) as "looks like a real image of this dataset", next to
what real test images get (shown with every answer). With "any", the class is the one the
classifier predicts for the image."""

TABLE_HEADERS = ["#", "class", "P(real)", "classifier says", *[f"z[{i}]" for i in range(NOISE_HEAD)]]


def pick_seed() -> int:
    return random.SystemRandom().randint(0, SEED_MAX)


def discriminator_view(result: dict, dataset=None) -> tuple[dict, str]:
    """The /discriminate answer as real/fake bars, the class D was asked about, and real images' median."""
    p = result["p_real"]
    return ({"real": p, "fake": 1.0 - p},
            f'Scored as **{result["label"]}** ({result["label_source"]}).' + verdict_note(result, dataset))


def cleared() -> tuple:
    """Gallery, details, noise table and note emptied: after an error no earlier run stays on show."""
    return None, None, None, ""


def build(dataset: gr.Dropdown, class_names: list[str], examples: list[str], judges: Judges) -> list[gr.Dropdown]:
    """Builds the tab; returns the class dropdowns so the app can update them when the dataset changes."""
    with gr.Tab(t("tab_generate"), id="generate"):
        gr.Markdown(INTRO)
        with gr.Row():
            seed = gr.Number(value=0, precision=None, label="Seed", elem_id="generate-seed")
            random_button = gr.Button(t("btn_random_seed"), elem_id="random-seed-button")
            count = RawSlider(1, MAX_COUNT, value=16, step=1, label="Number of images", elem_id="generate-count")
            label = label_dropdown(class_names)
        noise_text, noise_scale = noise_panel.inputs()
        button = gr.Button(t("btn_generate"), variant="primary", elem_id="generate-button")
        quick = generate_animals.buttons()
        gallery = pixel_gallery("Generated images: class · discriminator's P(real)", elem_id="generate-gallery")
        judges.source(gallery)
        note = gr.Markdown(elem_id="generate-reference")
        table = gr.Dataframe(headers=TABLE_HEADERS, label="Noise vector z per image (first entries) and scores",
                             interactive=False, elem_id="noise-table")
        with gr.Accordion(t("acc_generate_raw"), open=False):
            details = gr.JSON(label="details")
        noise_parts = noise_panel.outputs()
        request = [seed, count, label, dataset, noise_text, noise_scale]
        generated = [button.click(endpoints.generate, request, [gallery, details], api_name="generate"),
                     *generate_animals.wire(quick, request, label, dataset, gallery, details),
                     random_button.click(pick_seed, None, seed, api_visibility="private").success(
                         endpoints.generate, request, [gallery, details], api_visibility="private")]
        noise_panel.wire(generated, request, gallery, details, table, noise_parts, noise_text)
        for event in generated:
            event.failure(cleared, None, [gallery, details, table, note], api_visibility="private")
        details.change(generated_note, [details, dataset], note, api_visibility="private")

        gr.Markdown(DISCRIMINATOR_INTRO)
        with gr.Row():
            with gr.Column():
                image = image_upload("Image to judge", elem_id="discriminate-image")
                judges.target(image)
                d_label = label_dropdown(class_names, "Class to judge it as")
                judges.class_target(d_label)
                d_button = gr.Button(t("btn_discriminate"), variant="primary", elem_id="discriminate-button")
                gr.Examples(examples=example_rows(examples), inputs=[image, dataset], cache_examples=False)
            with gr.Column():
                verdict = gr.Label(label="Discriminator", elem_id="discriminator-label")
                verdict_text = gr.Markdown()
                with gr.Accordion(t("acc_discriminate_raw"), open=False):
                    result = gr.JSON(label="/discriminate result")
        d_button.click(endpoints.discriminate, [image, d_label, dataset], result, api_name="discriminate").success(
            discriminator_view, [result, dataset], [verdict, verdict_text], api_visibility="private")
    return [label, d_label]
