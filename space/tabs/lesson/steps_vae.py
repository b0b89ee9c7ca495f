"""Steps 5 to 8: the generative classifier, the encoder's distribution, a decoder learning, the decoder alone."""
from __future__ import annotations

import gradio as gr

from models.operations.live.live_training import MAX_SECONDS
from space.endpoints import lesson as api
from space.endpoints import lesson_live
from space.endpoints import live_line
from space.i18n import t
from space.tabs.lesson.frame import Lesson
from space.widgets.components import pixel_gallery

# the live steps run in the Train live tab's slot and wait in its line (space/endpoints/live_line.py)
LIVE = dict(concurrency_limit=1, concurrency_id=live_line.CONCURRENCY_ID, time_limit=MAX_SECONDS + 30,
            show_progress="minimal", validator=live_line.admit_lesson_run)


def build(lesson: Lesson) -> None:
    with lesson.step(5, "classify"):
        ask = gr.Button(t("s5_button"), variant="primary", elem_id="lesson-5-button")
        images = pixel_gallery(t("s5_images"), columns=4, elem_id="lesson-5-images")
        table = gr.Markdown(elem_id="lesson-5-answer", elem_classes=["lesson-answer"])
        lesson.action(5, ask.click, api.both_models, [], [images, table])

    with lesson.step(6, "explore"):
        encode = gr.Button(t("s6_button"), variant="primary", elem_id="lesson-6-button")
        plot = gr.Image(label=t("s6_plot"), format="png", interactive=False, elem_id="lesson-6-plot",
                        elem_classes=["labelled-above"], buttons=["fullscreen"])
        decoded = pixel_gallery(t("s6_gallery"), columns=6, elem_id="lesson-6-gallery")
        numbers = gr.Markdown(elem_id="lesson-6-answer", elem_classes=["lesson-answer"])
        lesson.action(6, encode.click, api.encode_dog, [], [plot, decoded, numbers])

    with lesson.step(7, "train-live"):
        train = gr.Button(t("s7_button"), variant="primary", elem_id="lesson-7-button")
        frames = pixel_gallery(t("s7_gallery"), columns=8, elem_id="lesson-7-gallery")
        progress = gr.Markdown(elem_id="lesson-7-answer", elem_classes=["lesson-answer"])
        lesson.action(7, train.click, lesson_live.decoder_from_scratch, [], [frames, progress], on_link=False,
                      refresh=False, **LIVE)

    with lesson.step(8, "reconstruct"):
        seed = gr.State(0)
        decode = gr.Button(t("s8_button"), variant="primary", elem_id="lesson-8-button")
        dogs = pixel_gallery(t("s8_gallery"), columns=8, elem_id="lesson-8-gallery")
        said = gr.Markdown(elem_id="lesson-8-answer", elem_classes=["lesson-answer"])
        lesson.action(8, decode.click, api.decoder_dogs, [seed], [dogs, said, seed], refresh=False)
