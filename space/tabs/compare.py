"""Compare tab: real images, VAE samples and GAN samples side by side, judged by D and the classifier."""
from __future__ import annotations

import gradio as gr

from models.operations.explore.compare import MAX_COUNT
from space.endpoints import explore as api
from space.widgets.components import RawSlider, label_dropdown, pixel_gallery
from space.widgets.figures import FD_PLAIN
from space.widgets.send_to_judges import Judges
from space.i18n import t

INTRO = """### Real, VAE and GAN, judged by the same critics
Each column holds real test images, samples of the VAE (decoded prior draws) or samples of
the GAN. Every image is scored twice: by the GAN's **discriminator**, P(real) for that image
*and a class* (the true class, the class the GAN was asked for, or for VAE samples, which
have none, the classifier's guess), and by the **classifier**, its predicted class and
confidence. The discriminator is itself a discriminative model, trained inside the GAN to
tell the generator's images from real ones. The VAE has no class input: with a class chosen,
its column decodes random points drawn from a Gaussian fitted to the latent codes of that
class's test images (the regions of the latent map where that class lives)."""


def _cell(value, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def fd_table(summary: dict) -> str:
    """The summary as Markdown: averages per column, what the VAE column holds, and the cards' FDs."""
    rows = ["| column | images | mean D P(real) | mean classifier confidence | classifier agrees with the class |",
            "|---|---|---|---|---|"]
    for key, name in (("real", "real test images"), ("vae", "VAE samples"), ("gan", "GAN samples")):
        col = summary.get(key, {})
        rows.append(f"| {name} | {col.get('images', 0)} | {_cell(col.get('mean_p_real'), '{:.2f}')} | "
                    f"{_cell(col.get('mean_classifier_confidence'), '{:.2f}')} | "
                    f"{_cell(col.get('classifier_agrees'), '{:.0%}')} |")
    source = summary.get("vae", {}).get("source")
    if source:
        rows += ["", f"VAE column: {source}."]
    fd = summary.get("frechet_distance", {})
    if fd:
        rows += ["", "**Fréchet distance to the test set** (from the model cards):", ""]
        rows += [f"- {item['meaning']}: **{item['value']:.4g}**" for item in fd.values()]
        rows += ["", FD_PLAIN]
    return "\n".join(rows)


def build(dataset: gr.Dropdown, class_names: list[str], judges: Judges) -> None:
    with gr.Tab(t("tab_compare"), id="compare"):
        gr.Markdown(INTRO, elem_id="compare-intro")
        with gr.Row():
            seed = gr.Number(value=0, precision=None, label="Seed")
            count = RawSlider(1, MAX_COUNT, value=8, step=1, label="Images per column")
            label = label_dropdown(class_names)
        button = gr.Button(t("btn_compare"), variant="primary", elem_id="compare-button")
        with gr.Row():
            real = pixel_gallery("Real test images: class · D's P(real) · classifier", columns=3, elem_id="compare-real")
            vae = pixel_gallery("VAE samples", columns=3, elem_id="compare-vae")
            gan = pixel_gallery("GAN samples", columns=3, elem_id="compare-gan")
        judges.source(vae)
        judges.source(gan)
        table = gr.Markdown(elem_id="compare-table")
        with gr.Accordion(t("acc_compare_raw"), open=False):
            summary = gr.JSON(label="summary")
        button.click(api.compare, [seed, count, label, dataset], [real, vae, gan, summary], api_name="compare").success(
            fd_table, summary, table, api_visibility="private")
        dataset.change(api.any_or_class, dataset, label, api_visibility="private")
