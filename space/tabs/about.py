"""About tab: discriminative vs generative, VAE vs GAN, and each model's measured metrics."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import gradio as gr
from PIL import Image

from models.datasets import RELIABILITY_FIGURE
from models.loading import artefacts
from models.loading.loader import Family
from space.endpoints import inference as endpoints
from space.widgets import glossary
from space.widgets.figures import FD_PLAIN, readable
from space.i18n import t

log = logging.getLogger(__name__)

EXPLANATION = """## What this Space shows

**Discriminative vs generative.** A *discriminative* model learns P(class | image): it can tell
a dog from a cat (or a sneaker from a sandal), but it cannot produce either. A *generative*
model learns how the images themselves are distributed, P(image) or P(image | class), so new
images can be drawn from it. The Classify tab is the first kind; Reconstruct and Generate are the second.

**VAE vs GAN.** Both turn random numbers into images. A *variational autoencoder* is trained
to reconstruct its input through a small, noisy latent code; its encoder gives a distribution
for every image, and its decoder alone generates from the prior. Its likelihood-based training
covers the whole data set but tends to blur. A *generative adversarial network* has no encoder:
a generator learns to fool a discriminator that is learning to spot fakes. Its samples are
sharper, but the training can be unstable and can skip parts of the data (mode collapse).

All three models here are small enough to train on a laptop CPU, on 28×28 grayscale images:
one family on Fashion-MNIST (clothes, with published results to compare with) and one on
Animal-MNIST (animal silhouettes, among them the cats and dogs of the classic example). The
dataset switch at the top picks the family every tab uses.
"""

GENERATIVE_CLASSIFIER = """**Both kinds answering the same question.** A fourth model, a *class-conditional VAE*, learns
how the images of each class are made, p(image | class). It can then answer "which class?" too,
by Bayes' rule: P(class | image) ∝ p(image | class) · P(class). For every class it asks "how likely
is this image, if it were a …?" (a lower bound on log p(image | class), averaged over K draws of
its latent code: one quick draw per class first, then all K only for the few likeliest classes, as
many as validation showed cost at most half a point of accuracy) and weighs the answers by how common each class was in training. The Classify
tab shows this generative answer beside the CNN's, with the image redrawn *as* each of the top
classes, and marks when the two disagree. The CNN is the better classifier: it spends all its
capacity on the borders between classes, while the generative model must also explain every
pixel. How much a wrong pixel costs depends on how sure the decoder was of it: the Fashion-MNIST
model draws each pixel's spread as well as its value, so ink on background it was sure of (beside a
trouser leg) counts against a class more than a print it could not have predicted. The Animal-MNIST
model's decoder also learned from a critic, as a GAN's generator does: on its own it drew the average of
the silhouettes a code could be, grey rims where animals have edges (its likelihood, and so its answer
above, is still the VAE's). The same model generates a chosen class in Reconstruct → Sample from the VAE: its prior for
each class, p(code | class), is a mixture of Gaussians fitted after training to where that class's
training images landed in the latent space, so a random code falls where real images of the class
do, and it is the same prior that scores log p(image | class) above.
"""

CALIBRATION = """## Do the probabilities mean what they say?

A classifier is *calibrated* when its confidence comes true as often as it says: of all the answers
given with 80%, about 80% are right. The **expected calibration error (ECE)** measures the gap (0 is
perfect): the test answers are put in 15 bins by their confidence, and each bin's accuracy is compared
with its average confidence. The reliability diagrams below draw it bin by bin (on the diagonal:
calibrated). Both classifiers get one number fitted after training on held-out validation images, a
**temperature T** (Guo et al. 2017). The CNN's scores are divided by T before the softmax: it was trained
with label smoothing, which makes it under-confident, so its T is below 1. The generative classifier's
log p(image | class) are divided by T before Bayes' rule: a whole image's log-likelihoods differ by tens
of nats between classes, so plain Bayes answers 100% / 0% even when it is wrong, and its T is above 1.
Dividing by T keeps the order of the scores, so the answers stay (almost) the same; the confidence is
what changes. Where one T leaves a pattern (the Fashion-MNIST CNN stayed over-confident between 80% and
93%), the top class's confidence then goes through a **top-label map**, a rising table fitted on the same
validation images (isotonic regression); the other classes share the rest, so the answer still never changes."""

CALIBRATED = {"classifier": "CNN, P(class | image)", "cvae": "Generative, p(image | class)^(1/T)·p(class)"}

TITLES = {"classifier": "Classifier", "vae": "VAE", "gan": "Conditional GAN", "cvae": "Class-conditional VAE"}


def read_metrics(folder: Path) -> dict | None:
    """metrics.json of a model folder, or None when it is missing or unreadable."""
    try:
        return json.loads((folder / "metrics.json").read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        log.warning("cannot read %s: %s", folder / "metrics.json", err)
        return None


def metrics_rows(metrics: dict) -> list[str]:
    return [f"| {name} | {value} | {meaning} |" for name, value, meaning in readable(metrics)]


def model_section(family: Family, kind: str) -> str:
    repo = family.repo_ids.get(kind, "")
    lines = [f"### {TITLES.get(kind, kind)} — [{repo}](https://huggingface.co/{repo})",
             f"Loaded from: {family.origins.get(kind, 'unknown')}", ""]
    metrics = read_metrics(family.folders[kind]) if kind in family.folders else None
    if metrics is None:
        lines.append("No metrics.json in this model's folder yet: it has not been evaluated.")
    else:
        split = (metrics.get("evaluation") or {}).get("split", "test")
        lines += [f"Measured on the {split} split:", "", "| figure | value | what it means |", "|---|---|---|", *metrics_rows(metrics)]
    return "\n".join(lines)


def calibration_records(family: Family) -> dict[str, dict]:
    """metrics.json's `calibration` of the two classifiers that have one (train/lib/calibration.py)."""
    records = {}
    for kind in CALIBRATED:
        metrics = read_metrics(family.folders[kind]) if kind in family.folders else None
        if metrics and isinstance(metrics.get("calibration"), dict):
            records[kind] = metrics["calibration"]
    return records


def calibration_table(family: Family) -> str:
    records = calibration_records(family)
    if not records:
        return "No calibration measured for these models yet (`python -m train.calibrate`)."
    rows = ["| model | T | ECE before → after | NLL before → after (nats) | test accuracy | test images |",
            "|---|---|---|---|---|---|"]
    for kind, r in records.items():
        before, after = r["before"], r["after"]
        name = CALIBRATED[kind].replace("|", "\\|")  # a bar inside a table cell must be escaped
        t = f"{r['temperature']:.3g}" + (" and a top-label map" if r.get("top_label_map") else "")
        rows.append(f"| {name} | {t} | {before['ece']:.3f} → **{after['ece']:.3f}** | "
                    f"{before['nll']:.3f} → {after['nll']:.3f} | {100 * after['accuracy']:.2f} % | {r['images']:,} |")
    return "\n".join(rows)


def reliability_pictures(family: Family) -> dict[str, tuple[Image.Image, str]]:
    """Per classifier that has them: its reliability diagrams (before and after calibration) and a caption."""
    pictures = {}
    for kind, r in calibration_records(family).items():
        path = artefacts.find_file(family, kind, RELIABILITY_FIGURE)
        if path is not None:  # opened here: a Hub cache folder is not among the paths Gradio may serve
            with Image.open(path) as picture:
                picture.load()
            pictures[kind] = (picture, f"{CALIBRATED[kind]}: ECE {r['before']['ece']:.3f} → {r['after']['ece']:.3f}")
    return pictures


def about_markdown(families: list[Family]) -> str:
    parts = [EXPLANATION, GENERATIVE_CLASSIFIER, "## The models and their measured quality", FD_PLAIN]
    for family in families:
        parts.append(f"#### Dataset: {family.dataset}")
        parts += [model_section(family, kind) for kind in ("classifier", "vae", "gan", "cvae")]
    parts.append(glossary.markdown())
    parts.append(CALIBRATION)  # last: the reliability diagrams follow it under the text
    for family in families:
        parts += [f"#### Calibration on {family.dataset}", calibration_table(family)]
    return "\n\n".join(parts)


@endpoints.user_errors
def dataset_pictures(dataset):
    """One update per classifier's picture: its diagrams for `dataset`, or hidden when it has none."""
    pictures = reliability_pictures(endpoints.family(dataset))
    return tuple(gr.update(value=pictures[k][0], label=pictures[k][1], visible=True) if k in pictures
                 else gr.update(value=None, visible=False) for k in CALIBRATED)


def build(families: list[Family], dataset: gr.Dropdown) -> gr.Markdown:
    """Builds the tab; returns its text so the dataset switch can show the chosen family's models. The
    reliability diagrams under it (one picture per classifier, full width) follow the switch by themselves."""
    with gr.Tab(t("tab_about"), id="about"):
        text = gr.Markdown(about_markdown(families), elem_id="about-text")
        shown = reliability_pictures(families[0])
        pictures = [gr.Image(shown[k][0] if k in shown else None, label=shown[k][1] if k in shown else CALIBRATED[k],
                             visible=k in shown, type="pil", format="png", interactive=False,
                             buttons=["download", "fullscreen"], elem_id=f"about-reliability-{k}") for k in CALIBRATED]
        dataset.change(dataset_pictures, dataset, pictures, api_visibility="private")
        return text
