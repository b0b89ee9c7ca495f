"""One click on any generated or decoded image sends it to the classifier and the discriminator.

app.py makes one `Judges` per page and hands it to the tabs, which register their galleries
with `source` (which also places the verdict line under the gallery) and the two inputs that
receive the image with `target`; app.py calls `wire` once the whole page exists. The clicked
image is taken from the gallery's own value (files the server itself wrote), never from a path
the browser names.
"""
from __future__ import annotations

import gradio as gr

from space.endpoints import inference as endpoints
from space.widgets.components import dataset_label
from space.widgets.discriminator_reference import reference

HINT = "*Click any image to send it to the classifier and the discriminator.*"


def verdicts(path: str, dataset) -> str:
    """One line: the classifier's top class and D's P(real) for it, next to real test images' median."""
    probs = endpoints.classify(path, dataset)
    top = max(probs, key=probs.get)
    judged = endpoints.discriminate(path, top, dataset)
    ref = reference(dataset)
    median = None if ref is None else ref["per_class_median"].get(top)
    real = "" if median is None else f" (real test {top} images: median {median:.2f})"
    return (f"**Sent to the judges** ({dataset_label(endpoints.family(dataset).dataset)} models): "
            f"classifier **{top} {probs[top]:.0%}** · discriminator P(real) as {top} **{judged['p_real']:.2f}**{real}. "
            "It is also loaded in *Classify* and in *Ask the discriminator*.")


def _judge(count: int):
    @endpoints.user_errors
    def judge(images, dataset, evt: gr.SelectData):
        path = images[evt.index][0]  # (file path, caption) pairs, files the server wrote
        return (verdicts(path, dataset), *([path] * count))

    return judge


class Judges:
    """One page's galleries whose images can be sent, and the inputs that receive them."""

    def __init__(self):
        self.sources: list[tuple[gr.Gallery, gr.Markdown]] = []
        self.targets: list[gr.components.Component] = []

    def source(self, gallery: gr.Gallery) -> gr.Markdown:
        """Registers `gallery`; returns the line, placed here, where its clicked image's verdicts appear."""
        line = gr.Markdown(HINT, elem_classes=["judged"])
        self.sources.append((gallery, line))
        return line

    def target(self, image_input) -> None:
        """Registers an image input (Classify's, the discriminator's) that receives the clicked image."""
        self.targets.append(image_input)

    def wire(self, dataset: gr.Dropdown) -> None:
        """Connects every registered gallery to every registered input; a dataset switch puts the hint
        back in every verdict line, in one event (one request from the page, not one per line)."""
        lines = [line for _, line in self.sources]
        for gallery, line in self.sources:
            gallery.select(_judge(len(self.targets)), [gallery, dataset], [line, *self.targets], api_visibility="private")
        if lines:  # Gradio hands a lone output the whole return value, several outputs one item each
            dataset.change(lambda: HINT if len(lines) == 1 else [HINT] * len(lines), None, lines,
                           api_visibility="private", queue=False)
