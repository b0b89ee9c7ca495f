"""Classify tab: the discriminative model, P(Y|X) for an upload or a drawing."""
from __future__ import annotations

import gradio as gr

from models.operations.classify import generative_classifier, likelihood_view
from space.widgets import dataset_hint
from space.endpoints import inference as endpoints
from space.compat import sketch_brush
from space.widgets.components import image_upload, keep_drawing, pixel_gallery, sketchpad
from space.widgets.glossary import term
from space.widgets.dataset_switch import example_rows
from space.widgets.send_to_judges import Judges
from space.i18n import t

INTRO = """A **discriminative** model learns P(class | image): given an image, how likely is each class?
Upload a photo (any size; a dark item on a light background works too), paste one, or draw one
in *Draw*.
Under the answer: the 28×28 image the model actually saw after preprocessing."""

# The two answers side by side (issue 16): what each model learned, in one sentence each.
DISCRIMINATIVE = """#### Discriminative: P(Y|X) from the CNN
It learned only where the borders between classes run: it maps the image straight to class probabilities."""
GENERATIVE = f"""#### Generative: p(x|y)·p(y), normalised
A class-conditional VAE learned how the images *of each class* are made. It asks "how likely is this
image if it were a …?" for every class, and turns those likelihoods into P(y|x) by {term("Bayes' rule")}.

""" + likelihood_view.WHY_SO_SURE


def answer_notes(probabilities, details) -> tuple[str, str, str]:
    """After the generative answer: the line saying whether the two models agree, the classes to
    picture the image as, and the likelihoods in readable units beside plain and tempered Bayes."""
    return (generative_classifier.verdict(details), generative_classifier.top_classes(probabilities),
            likelihood_view.likelihood_table(probabilities, details))


SHOW_ANSWER = "() => document.getElementById('classify-label')?.scrollIntoView({block: 'nearest'})"


def build(dataset: gr.Dropdown, examples: list[str], judges: Judges) -> None:
    with gr.Tab(t("tab_classify"), id="classify"):
        gr.Markdown(INTRO)
        with gr.Row():
            with gr.Column():
                with gr.Tabs():
                    with gr.Tab(t("tab_upload"), id="classify-upload"):
                        image = image_upload(elem_id="classify-image")
                        judges.target(image)
                        button = gr.Button(t("btn_classify"), variant="primary", elem_id="classify-button")
                        gr.Examples(examples=example_rows(examples), inputs=[image, dataset], cache_examples=False,
                                    elem_id="classify-examples",
                                    label="Examples: test images (the cat and dog switch to the animal models), "
                                          "a drawing, a shop-style photo")
                    with gr.Tab(t("tab_draw"), id="classify-draw") as draw_tab:
                        sketch = sketchpad(elem_id="classify-sketch")
                        sketch_brush.wire(draw_tab, sketch)  # the canvas draws at the first stroke: no brush to pick first
                        draw_button = gr.Button(t("btn_classify_drawing"), variant="primary", elem_id="classify-draw-button")
            with gr.Column():
                hint_parts = dataset_hint.components()  # above the answer: seen with it, on a phone too
                gr.Markdown(DISCRIMINATIVE)
                label = gr.Label(num_top_classes=10, label="P(class | image)", elem_id="classify-label")
                seen = gr.Image(label="What the model saw (28×28, enlarged)", format="png", interactive=False,
                                height=224, elem_classes=["pixelated"], elem_id="classify-seen")
            with gr.Column():
                gr.Markdown(GENERATIVE)
                gen_label = gr.Label(num_top_classes=10, label="p(x|class)·p(class), normalised",
                                     elem_id="classify-generative-label")
                agreement = gr.Markdown(elem_id="classify-agreement")
                likelihoods = gr.Markdown(elem_id="classify-likelihoods")
                as_class = pixel_gallery("The image reconstructed as each of the top classes", columns=3,
                                         elem_id="classify-as-class")
                with gr.Accordion(t("acc_log_p"), open=False):
                    gen_details = gr.JSON(label="details", elem_id="classify-generative-details")
        # Each click starts the CNN's answer and the generative one together, chained on one step: Gradio's front
        # end runs one trigger's listeners one after another, each to its end. A drawing is read from the canvas
        # in that step and kept on the server: every request that read the sketchpad made the editor export its
        # canvas and upload it again (~1.5 s each on a busy machine), so a drawing took five times an upload's time.
        pressed = button.click(None, None, None, js="() => []", api_visibility="private", queue=False)
        drawing = gr.State(None)
        drawn = draw_button.click(keep_drawing, sketch, drawing, api_visibility="private", show_progress="hidden")
        run = pressed.success(endpoints.classify, [image, dataset], label, api_name="classify")
        run.success(endpoints.model_input, [image, dataset], seen, api_visibility="private")
        draw_run = drawn.success(endpoints.classify, [drawing, dataset], label, api_visibility="private")
        draw_run.success(endpoints.model_input, [drawing, dataset], seen, api_visibility="private")
        for event in (run, draw_run):  # on a phone the answer is far below the button, under the examples
            event.success(None, None, None, js=SHOW_ANSWER, api_visibility="private")
        dataset_hint.wire(dataset, hint_parts, [(run, image), (draw_run, drawing)])
        # The pictures are a request of their own, after the answer: the classes they show come from it.
        top = gr.Textbox("", visible=False, label="classes")
        for started, source, api in ((pressed, image, "public"), (drawn, drawing, "private")):
            answered = started.success(endpoints.classify_generative, [source, dataset], [gen_label, gen_details],
                                       api_name="classify_generative" if api == "public" else None, api_visibility=api)
            noted = answered.success(answer_notes, [gen_label, gen_details], [agreement, top, likelihoods], queue=False,
                                     api_visibility="private")
            noted.success(endpoints.reconstruct_as_class, [source, dataset, top], as_class,
                          api_name="reconstruct_as_class" if api == "public" else None, api_visibility=api)
        answers = [label, seen, gen_label, gen_details, agreement, as_class, likelihoods]  # classify_pending's order
        dataset_hint.after_switch(dataset, hint_parts, answers)
