"""Steps 3, 4 and 11: the GAN's generator, from the lesson's noise vectors to dogs."""
from __future__ import annotations

import gradio as gr

from models.operations.lesson import inputs
from models.operations.noise.noise import SCALE_MAX
from space.endpoints import lesson as api
from space.i18n import t
from space.tabs.lesson.frame import Lesson
from space.widgets.components import RawSlider, pixel_gallery


def build_noise_steps(lesson: Lesson) -> None:
    with lesson.step(3, "generate"):
        with gr.Row(elem_classes=["lesson-action"]):
            noise = gr.Textbox(inputs.FIRST_NOISE, label=t("s3_noise"), max_lines=1, elem_id="lesson-3-noise",
                               scale=2, min_width=180)
            make = gr.Button(t("s3_button"), variant="primary", elem_id="lesson-3-button", scale=1, min_width=160)
        with gr.Row():  # side by side on a desktop, the vector under the picture on a phone
            dog = gr.Image(label=t("s3_image"), format="png", interactive=False, height=200, min_width=200,
                           elem_classes=["pixelated"], elem_id="lesson-3-image", buttons=[])
            vector = gr.Markdown(elem_id="lesson-3-vector", elem_classes=["lesson-answer", "lesson-vector"],
                                 min_width=280)
        lesson.action(3, make.click, api.noise_to_dog, [noise], [dog, vector])
        lesson.action(3, noise.submit, api.noise_to_dog, [noise], [dog, vector], on_link=False, refresh=False)
        noise.change(None, noise, None, js="(noise) => window.genmodelsLink({noise})")
        lesson.settings["noise-3"] = noise

    with lesson.step(4, "generate"):
        scale = RawSlider(0, SCALE_MAX, value=1.0, step=0.1, label=t("s4_scale"), elem_id="lesson-4-scale")
        row = pixel_gallery(t("s4_gallery"), columns=inputs.ROW, elem_id="lesson-4-gallery")
        spread = gr.Markdown(elem_id="lesson-4-spread", elem_classes=["lesson-answer"])
        # the last release wins: a drag (or a retyped box) released twice shows the latest scale's row
        lesson.action(4, scale.release, api.noise_scale_row, [scale], [row, spread], trigger_mode="always_last")
        scale.change(None, scale, None, js="(scale) => window.genmodelsLink({scale})")
        lesson.settings["scale"] = scale


def build_any_noise_step(lesson: Lesson) -> None:
    with lesson.step(11, "generate"):
        with gr.Row(elem_classes=["lesson-action"]):
            noise = gr.Textbox(inputs.ANY_NOISE, label=t("s11_noise"), max_lines=1, elem_id="lesson-11-noise",
                               scale=2, min_width=180)
            make = gr.Button(t("s11_button"), variant="primary", elem_id="lesson-11-button", scale=1, min_width=160)
        dogs = pixel_gallery(t("s11_gallery"), columns=6, elem_id="lesson-11-gallery")
        lesson.action(11, make.click, api.any_noise, [noise], [dogs])
        noise.change(None, noise, None, js="(noise) => window.genmodelsLink({noise})")
        lesson.settings["noise-11"] = noise
