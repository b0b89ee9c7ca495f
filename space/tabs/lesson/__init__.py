"""The Lesson tab: the introduction to generative models walked through claim by claim, one action each.

Twelve steps in the lesson's order (a gr.Walkthrough: one step on screen at a time), each a few
sentences, one action, its answer under it and a link to the lab tab that goes deeper. Always on the
animal models (the lesson's own example), in English or Korean (space/i18n). docs/lesson.md.
"""
from __future__ import annotations

import gradio as gr

from space.i18n import t
from space.tabs.lesson import steps_first, steps_gan, steps_generator, steps_vae
from space.tabs.lesson.frame import Lesson

TAB_ID = "lesson"


def build(tabs: gr.Tabs, lang: gr.Radio) -> Lesson:
    lesson = Lesson(lang=lang, tabs=tabs)
    with gr.Tab(t("lesson_tab"), id=TAB_ID, elem_id="lesson-tab"):
        gr.Markdown(t("lesson_intro"), elem_id="lesson-intro")
        with gr.Walkthrough(selected=1, elem_id="lesson-walkthrough") as walkthrough:
            lesson.walkthrough = walkthrough
            steps_first.build(lesson)                      # 1-2: P(Y|X), labels
            steps_generator.build_noise_steps(lesson)      # 3-4: noise in, a dog out
            steps_vae.build(lesson)                        # 5-8: p(x|y), the encoder, the decoder
            steps_gan.build_judge_steps(lesson)            # 9-10: D, the match
            steps_generator.build_any_noise_step(lesson)   # 11: any noise gives a dog
            steps_gan.build_two_questions_step(lesson)     # 12: D is discriminative too
    lesson.wire_language()
    return lesson
