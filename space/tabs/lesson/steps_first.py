"""Steps 1 and 2: the discriminative model, P(Y|X), and the labels it needs."""
from __future__ import annotations

import gradio as gr

from space.endpoints import lesson as api
from space.i18n import t
from space.tabs.lesson.frame import Lesson


def build(lesson: Lesson) -> None:
    with lesson.step(1, "classify"):
        with gr.Row(elem_classes=["lesson-action"]):
            dog = gr.Button(t("s1_dog"), variant="primary", elem_id="lesson-1-dog")
            cat = gr.Button(t("s1_cat"), elem_id="lesson-1-cat")
        with gr.Row(elem_classes=["lesson-pair"]):
            seen = gr.Image(label=t("s1_seen"), format="png", interactive=False, height=200,
                            elem_classes=["pixelated"], elem_id="lesson-1-seen", buttons=[])
            looked = gr.Image(label=t("s1_saliency"), format="png", interactive=False, height=200,
                              elem_classes=["pixelated"], elem_id="lesson-1-saliency", buttons=[])
        answer = gr.Label(num_top_classes=3, label=t("s1_probabilities"), elem_id="lesson-1-label")
        outputs = [seen, looked, answer]
        lesson.action(1, dog.click, api.classify, [gr.State("dog")], outputs)
        lesson.action(1, cat.click, api.classify, [gr.State("cat")], outputs, on_link=False)

    with lesson.step(2, "about"):
        count = gr.Button(t("s2_button"), variant="primary", elem_id="lesson-2-button")
        counts = gr.Markdown(elem_id="lesson-2-answer", elem_classes=["lesson-answer"])
        lesson.action(2, count.click, api.count_labels, [], [counts])
