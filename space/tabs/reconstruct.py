"""Reconstruct tab: the VAE encodes, samples the posterior and decodes; and its decoder alone generates."""
from __future__ import annotations

import gradio as gr

from models.operations.inference import MAX_COUNT, MAX_POSTERIOR_SAMPLES
from models.operations.noise.noise import POSTERIOR_SCALE_MAX, SCALE_MAX
from space.endpoints import inference as endpoints
from space.endpoints import noise as endpoints_noise
from space.compat import sketch_brush
from space.widgets.components import RawSlider, image_upload, keep_drawing, label_dropdown, pixel_gallery, sketchpad
from space.widgets.dataset_switch import example_rows
from space.widgets.glossary import term
from space.widgets.send_to_judges import Judges
from space.i18n import t

INTRO = f"""A **variational autoencoder** squeezes an image into a probability distribution over a small
{term("latent space")}, {term("q(z | image)")}, and decodes points of that space back into images. The first
image below is the model input, the second is decoded from the distribution's mean, the
others from random draws of it: the "variational" part, which gives variety. The {term("posterior")} is
narrow (see its width below the images), so the draws look alike; widen it with the noise scale
and watch the variants appear."""

SAMPLE_INTRO = """### Sample from the VAE
Set the encoder aside: draw random points z ~ N(0, I) and let the decoder alone turn them
into images. This is the VAE used as a generative model. The noise scale multiplies z: at 0
every image is the decoding of the prior's centre.
With a **class**, the class-conditional VAE draws z from that class's prior p(z | class) and
decodes it *as* that class, as the GAN does; "any" keeps the plain VAE and its N(0, I) prior.
Why "any" gives blurs: one Gaussian serves every class, so many of its points fall between classes,
and the decoder answers a point between a shirt and a bag with their average. Pick a class for sharp images."""


def build(dataset: gr.Dropdown, examples: list[str], judges: Judges, class_names: list[str] = ()) -> list[gr.Dropdown]:
    with gr.Tab(t("tab_reconstruct"), id="reconstruct"):
        gr.Markdown(INTRO)
        with gr.Row():
            with gr.Column():
                with gr.Tabs():
                    with gr.Tab(t("tab_upload"), id="reconstruct-upload"):
                        image = image_upload(elem_id="reconstruct-image")
                    with gr.Tab(t("tab_draw"), id="reconstruct-draw") as draw_tab:
                        sketch = sketchpad(elem_id="reconstruct-sketch")
                        sketch_brush.wire(draw_tab, sketch)  # the canvas draws at the first stroke: no brush to pick first
                samples = RawSlider(0, MAX_POSTERIOR_SAMPLES, value=4, step=1, label="Posterior samples",
                                    elem_id="reconstruct-samples")
                seed = gr.Number(value=0, precision=None, label="Seed")
                scale = RawSlider(0, POSTERIOR_SCALE_MAX, value=1, step=0.5, elem_id="reconstruct-noise-scale",
                                  label="Noise scale: the samples' spread, in multiples of the posterior's width")
                with gr.Row():
                    button = gr.Button(t("btn_reconstruct_upload"), variant="primary", elem_id="reconstruct-button")
                    draw_button = gr.Button(t("btn_reconstruct_drawing"))
                # below the controls the intro points to, not between them and the image (issue 37)
                gr.Examples(examples=example_rows(examples), inputs=[image, dataset], cache_examples=False,
                            elem_id="reconstruct-examples")
            with gr.Column():
                gallery = pixel_gallery("Input · mean reconstruction · posterior samples", columns=3, elem_id="reconstruct-gallery")
                judges.source(gallery)
                width = gr.Markdown(elem_id="reconstruct-posterior-width")
        drawing = gr.State(None)  # read from the canvas once per click (space/tabs/classify.py says why)
        uploaded, drawn = [image, samples, seed, dataset, scale], [drawing, samples, seed, dataset, scale]
        button.click(endpoints.reconstruct, uploaded, gallery, api_name="reconstruct").success(
            endpoints_noise.posterior_width, uploaded, width, api_visibility="private")
        draw_button.click(keep_drawing, sketch, drawing, api_visibility="private", show_progress="hidden").success(
            endpoints.reconstruct, drawn, gallery, api_visibility="private").success(
            endpoints_noise.posterior_width, drawn, width, api_visibility="private")

        gr.Markdown(SAMPLE_INTRO)
        with gr.Row():
            prior_seed = gr.Number(value=0, precision=None, label="Seed")
            count = RawSlider(1, MAX_COUNT, value=16, step=1, label="Number of images")
            temperature = RawSlider(0, SCALE_MAX, value=1, step=0.05, label="Noise scale (the prior's temperature)",
                                    elem_id="sample-vae-noise-scale")
            sample_label = label_dropdown(list(class_names), "Class (class-conditional VAE)")
            sample_button = gr.Button(t("btn_sample_vae"), variant="primary", elem_id="sample-vae-button")
        prior_gallery = pixel_gallery("Decoded prior samples", elem_id="sample-vae-gallery")
        judges.source(prior_gallery)
        sample_button.click(endpoints.sample_vae, [prior_seed, count, dataset, temperature, sample_label], prior_gallery,
                            api_name="sample_vae")
    return [sample_label]
