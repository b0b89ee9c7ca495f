"""Training timeline tab: the GAN's fixed-noise grids epoch by epoch, its loss curves, and a GIF of it all."""
from __future__ import annotations

import gradio as gr

from models.operations.gan import timeline
from models.loading.loader import Family, WeightsError
from space.endpoints import inference as endpoints
from space.endpoints import explore as api
from space.widgets import stale
from space.widgets.components import RawSlider
from space.tabs.explore import animation
from space.i18n import t

INTRO = """### How the GAN learned
After every training epoch, the generator drew the same noise vectors once more, one row per
class: the grid below. Move the slider to go through training. The curves show the two
networks' losses (they pull against each other, so neither goes to zero) and, at the end of
each epoch, the generator's quality on validation images: the Fréchet distance (FD: how far
the generated images are from real ones, compared through the classifier's features; lower
is closer to real) and the label fidelity (how often the
classifier recognises the class the generator was asked for)."""


def row_names(class_names: list[str]) -> str:
    return "**Rows of the grid, top to bottom:** " + " · ".join(f"{i} {name}" for i, name in enumerate(class_names, 1))


@endpoints.user_errors
def rows_for(dataset):
    return row_names(endpoints.family(dataset).class_names)


def saved_epochs(family: Family) -> list[int]:
    try:
        return [e for e, _ in timeline.sample_grids(family)]
    except WeightsError:
        return []  # the tab still builds; using it answers with the error


def build(dataset: gr.Dropdown, family: Family) -> None:
    """`family`: the default dataset's models, whose saved epochs set the slider's first range."""
    epochs = saved_epochs(family)
    first, last = (epochs[0], epochs[-1]) if epochs else (0, 0)
    with gr.Tab(t("tab_timeline"), id="timeline") as tab:
        gr.Markdown(INTRO, elem_id="timeline-intro")
        with gr.Row(equal_height=True):
            epoch = RawSlider(first, last, value=last, step=1, label="Epoch", elem_id="timeline-epoch", scale=4)
            show = gr.Button(t("btn_timeline"), variant="primary", elem_id="timeline-button", scale=1)
        with gr.Row():
            grid = gr.Image(label="Fixed-noise samples after this epoch (one row per class)", format="png",
                            interactive=False, elem_classes=["pixelated"], height=440, elem_id="timeline-grid")
            gif = animation("All epochs (GIF)", "timeline-gif", height=440)
        rows = gr.Markdown(row_names(family.class_names), elem_id="timeline-rows")
        curves = gr.Image(label="Losses and validation scores", format="png", interactive=False, elem_id="timeline-curves")
        with gr.Accordion(t("acc_timeline_raw"), open=False):
            info = gr.JSON(label="details")
        outputs = [grid, curves, gif, info]
        show.click(api.training_timeline, [epoch, dataset], outputs, api_name="training_timeline")
        epoch.release(api.training_timeline, [epoch, dataset], outputs, api_visibility="private")
        # drawn when first opened and when opened after a dataset switch, by these reactions (space.widgets.stale)
        stale.drawn_when_opened(tab)
        dataset.change(rows_for, dataset, rows, api_visibility="private")
        dataset.change(api.epoch_slider, dataset, epoch, api_visibility="private").success(
            api.training_timeline, [epoch, dataset], outputs, api_visibility="private")
