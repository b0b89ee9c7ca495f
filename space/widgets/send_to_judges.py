"""One click on any generated or decoded image sends it to the classifier and the discriminator.

app.py makes one `Judges` per page and hands it to the tabs, which register their galleries
with `source` (which also places the verdict line under the gallery) and the two inputs that
receive the image with `target` (and the discriminator's class dropdown with `class_target`); app.py
calls `wire` once the whole page exists. The clicked image is taken from the gallery's own value
(files the server itself wrote), never from a path the browser names. One image, one verdict: the
file is the app's exact enlargement of a 28x28 model picture, read back exactly (preprocess), and D
judges it as the class its caption named, so the line repeats the caption's P(real).
"""
from __future__ import annotations

import gradio as gr

from space.endpoints import inference as endpoints
from space.widgets.components import dataset_label
from space.widgets.discriminator_reference import reference

HINT = "*Click any image to send it to the classifier and the discriminator.*"


def captioned_class(caption: str | None, class_names: list[str]) -> str | None:
    """The class a gallery caption already judged the image as ("Bag · P(real)=0.20 ..."), else None."""
    if not caption or "P(real)=" not in caption:
        return None
    name = caption.split(" · ", 1)[0].strip()
    return name if name in class_names else None


def verdicts(path: str, dataset, caption: str | None = None) -> str:
    """One line: the classifier's top class and D's P(real), next to real test images' median.

    D judges the image as the class its caption named (a generated image: the class it was made as),
    so the line repeats the caption's P(real); an image without one is judged as the classifier's top
    class. The file is the app's own enlarged 28x28 picture, which preprocess reads back exactly."""
    probs = endpoints.classify(path, dataset)
    top = max(probs, key=probs.get)
    asked = captioned_class(caption, list(probs)) or top
    judged = endpoints.discriminate(path, asked, dataset)
    ref = reference(dataset)
    median = None if ref is None else ref["per_class_median"].get(asked)
    real = "" if median is None else f" (real test {asked} images: median {median:.2f})"
    return (f"**Sent to the judges** ({dataset_label(endpoints.family(dataset).dataset)} models): "
            f"classifier **{top} {probs[top]:.0%}** · discriminator P(real) as {asked} **{judged['p_real']:.2f}**{real}. "
            "It is also loaded in *Classify* and in *Ask the discriminator*.")


def _judge(count: int, classes: int):
    @endpoints.user_errors
    def judge(images, dataset, evt: gr.SelectData):
        path, caption = images[evt.index][:2]  # (file path, caption) pairs, files the server wrote
        names = endpoints.family(dataset).class_names
        asked = captioned_class(caption, names)
        choice = gr.update(value=asked) if asked else gr.skip()  # the discriminator's class: the caption's
        return (verdicts(path, dataset, caption), *([path] * count), *([choice] * classes))

    return judge


class Judges:
    """One page's galleries whose images can be sent, and the inputs that receive them."""

    def __init__(self):
        self.sources: list[tuple[gr.Gallery, gr.Markdown]] = []
        self.targets: list[gr.components.Component] = []
        self.class_targets: list[gr.Dropdown] = []

    def source(self, gallery: gr.Gallery) -> gr.Markdown:
        """Registers `gallery`; returns the line, placed here, where its clicked image's verdicts appear."""
        line = gr.Markdown(HINT, elem_classes=["judged"])
        self.sources.append((gallery, line))
        return line

    def target(self, image_input) -> None:
        """Registers an image input (Classify's, the discriminator's) that receives the clicked image."""
        self.targets.append(image_input)

    def class_target(self, dropdown: gr.Dropdown) -> None:
        """Registers a class dropdown (the discriminator's) that takes the class a clicked image's caption
        judged it as, so asking the discriminator again gives the caption's P(real)."""
        self.class_targets.append(dropdown)

    def wire(self, dataset: gr.Dropdown) -> None:
        """Connects every registered gallery to every registered input. A dataset switch puts the hint back
        in every verdict line: each line is a result of the dataset, emptied to the hint in the browser
        (space.widgets.stale)."""
        for gallery, line in self.sources:
            gallery.select(_judge(len(self.targets), len(self.class_targets)), [gallery, dataset],
                           [line, *self.targets, *self.class_targets], api_visibility="private")
