"""Steps 9, 10 and 12: the discriminator, the live match between the two networks, D beside the classifier."""
from __future__ import annotations

import gradio as gr

from space.endpoints import lesson as api
from space.endpoints import lesson_live
from space.i18n import t
from space.tabs.lesson.frame import Lesson
from space.tabs.lesson.steps_vae import LIVE
from space.widgets.components import pixel_gallery

CHOICES = ("real", "fake", "cat", "noise")


def build_judge_steps(lesson: Lesson) -> None:
    with lesson.step(9, "real-or-fake"):
        show = gr.Button(t("s9_button"), variant="primary", elem_id="lesson-9-button")
        judged = pixel_gallery(t("s9_gallery"), columns=4, elem_id="lesson-9-gallery")
        note = gr.Markdown(elem_id="lesson-9-answer", elem_classes=["lesson-answer"])
        lesson.action(9, show.click, api.three_for_d, [], [judged, note])

    with lesson.step(10, "train-live"):
        start = gr.Button(t("s10_button"), variant="primary", elem_id="lesson-10-button")
        with gr.Row():  # side by side on a desktop, stacked on a phone
            with gr.Column(min_width=300):
                row = gr.Image(label=t("s10_row"), format="png", interactive=False, height=140,
                               elem_classes=["pixelated"], elem_id="lesson-10-row", buttons=[])
                stats = gr.Markdown(elem_id="lesson-10-answer", elem_classes=["lesson-answer"])
            curves = gr.Image(label=t("s10_curves"), format="png", interactive=False, elem_id="lesson-10-curves",
                              buttons=["fullscreen"], min_width=300)
        lesson.action(10, start.click, lesson_live.match, [], [row, curves, stats], on_link=False, refresh=False,
                      **LIVE)


def build_two_questions_step(lesson: Lesson) -> None:
    with lesson.step(12, "compare"):
        choice = gr.Radio([(t(f"s12_{key}"), key) for key in CHOICES], value=None, label=t("s12_choice"),
                          elem_id="lesson-12-choice")
        answers = gr.HTML(elem_id="lesson-12-answer")
        lesson.action(12, choice.input, api.two_questions, [choice], [answers])
