"""The Space: classify, reconstruct and generate Fashion-MNIST or Animal-MNIST images (`python app.py`).

Server address and port come from Gradio's own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT;
where the models come from is set by the variables documented in models/loading/loader.py.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # opt-in only; must be set before gradio loads

import torch  # noqa: E402

from models.datasets import DATASETS, DEFAULT_DATASET  # noqa: E402
from models.loading.loader import WeightsError, load_family  # noqa: E402

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
# Overload and upload limits, overridable for tests: a full queue answers "Queue is full! Please try
# again." at once instead of piling up requests; an upload past the size is refused before it is stored.
QUEUE_MAX_SIZE = int(os.environ.get("QUEUE_MAX_SIZE", "64"))
MAX_UPLOAD_MB = float(os.environ.get("MAX_UPLOAD_MB", "20"))  # a 40-megapixel JPEG is ~15 MB
log = logging.getLogger("app")


def example_files() -> list[str]:
    return sorted(str(p) for p in EXAMPLES_DIR.glob("*.png"))


def warm_up(family) -> None:
    """One tiny pass through every model: PyTorch's first call is slow, a visitor's shouldn't be."""
    from PIL import Image

    from models.operations import inference
    from models.operations.classify import generative_classifier

    sample = Image.new("L", (28, 28))
    sample.paste(255, (8, 4, 20, 24))
    inference.reconstruct(family, sample, samples=1)
    inference.generate(family, count=1)
    inference.discriminate(family, sample)
    generative_classifier.classify_upload(family, sample)
    generative_classifier.reconstruct_as_classes(family, sample, family.class_names[:1])


def warm_up_lesson() -> None:
    """The Lesson tab (the page's first) uses the animal models whatever the dataset switch says: load them,
    pass once through what its steps use, and import what live training imports on first use (~4 s),
    in the background, so a learner's first clicks are not the ones that pay."""
    try:
        from models.operations.lesson import inputs
        from models.operations.live import live_training, live_vae
        from space.endpoints import lesson

        family = load_family(inputs.DATASET)
        warm_up(family)
        for which in ("dog", "cat"):  # the fixed images' answers are computed once and kept (space.endpoints.lesson)
            lesson.classify(which)
        lesson.both_models()
        lesson.encode_dog()
        lesson.three_for_d()
        live_vae.vae_session(inputs.DATASET)
        live_training.gan_session(inputs.DATASET)
    except Exception:  # noqa: BLE001 - a warm-up; the steps report their own errors
        log.exception("warming up the lesson failed")


def build_demo():
    # Imported here so that main() can start the (bounded) Hub download before Gradio's slow import.
    import gradio as gr

    from space.widgets import dataset_switch
    from space.tabs import about as tab_about
    from space.tabs import lesson as tab_lesson
    from space.tabs.lesson import link as lesson_link
    from space.widgets import language
    from space.widgets import stale
    from space.tabs import classify as tab_classify
    from space.tabs import generate as tab_generate
    from space.tabs import reconstruct as tab_reconstruct
    from space.tabs import compare as tab_compare
    from space.tabs import explore as tab_explore
    from space.tabs import timeline as tab_timeline
    from space.tabs import real_or_fake as tab_real_or_fake
    from space.tabs import train_live as tab_train_live
    from space import compat
    from space.compat import cache_expiry, cache_writes, deadlines, validate_inputs
    from space.endpoints import time_limits
    from space.widgets.components import dataset_dropdown
    from space.widgets.send_to_judges import Judges
    from space.widgets.uploaded_files import refuse_server_paths

    compat.check()  # every hook into Gradio's (torch's, huggingface_hub's) internals still has what it needs
    cache_writes.install()  # identical outputs of concurrent requests must not truncate each other's files
    cache_expiry.install()  # Gradio's cache sweep, safe while requests add files (delete_cache below)
    family = load_family(DEFAULT_DATASET)  # before the UI exists, so the first request is fast
    warm_up(family)
    examples = example_files()
    # every output file is deleted an hour (CACHE_MAX_AGE) after it was last handed out: the disk stays bounded
    with gr.Blocks(title="Discriminative vs generative models", delete_cache=cache_expiry.delete_cache()) as demo:
        title = gr.Markdown(dataset_switch.heading(DEFAULT_DATASET), elem_id="page-title")
        with gr.Row(equal_height=True):
            dataset = dataset_dropdown(DATASETS, DEFAULT_DATASET)
            lang = language.switch()
        judges = Judges()  # any generated image, one click from the classifier and the discriminator
        with gr.Tabs(overflow_behavior="wrap", elem_id="page-tabs") as tabs:  # every tab name in view, on a phone too
            lesson = tab_lesson.build(tabs, lang)  # first: the page opens on the lesson
            tab_classify.build(dataset, examples, judges)
            reconstruct_labels = tab_reconstruct.build(dataset, examples, judges, family.class_names)
            label_dropdowns = tab_generate.build(dataset, family.class_names, examples, judges)
            tab_explore.build(dataset, family.class_names, examples, judges)
            tab_timeline.build(dataset, family)
            tab_real_or_fake.build(dataset, family, lang)
            tab_compare.build(dataset, family.class_names, judges)
            tab_train_live.build(dataset)
            about = tab_about.build([family], dataset)
        dataset_switch.wire(dataset, title, about, label_dropdowns + reconstruct_labels)
        judges.wire(dataset)
        language.wire(lang, [block for block in demo.blocks.values() if isinstance(block, gr.Tab)])
        lesson_link.wire(demo, lesson, dataset)
        stale.wire(demo, dataset)  # last: every result of the dataset or an upload is emptied when it changes
    # raw HTTP calls written before a parameter was appended keep working; a file argument names an upload
    validate_inputs.install(demo, validate_inputs.pad_with_defaults, refuse_server_paths)
    deadlines.install(demo, time_limits.LIMITS, time_limits.DEFAULT)  # a stuck request frees its worker
    return demo


def _load_in_background() -> None:
    try:
        load_family(DEFAULT_DATASET)
    except WeightsError:
        pass  # build_demo() loads again and reports the error


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    if "OMP_NUM_THREADS" not in os.environ:
        # Tiny models, one image per request: thread start-up and contention cost more than they
        # give. Measured on 2 busy cores: 2 ms per classification with 1 thread, 200 ms with 2.
        torch.set_num_threads(1)
    # The Hub may take up to HUB_TIMEOUT seconds: let that overlap with importing Gradio.
    threading.Thread(target=_load_in_background, daemon=True, name="load-models").start()
    from models.compat import CompatError

    try:
        demo = build_demo()
    except (WeightsError, CompatError) as err:
        raise SystemExit(f"app.py cannot start: {err}") from None
    threading.Thread(target=warm_up_lesson, daemon=True, name="warm-up-lesson").start()  # after the imports
    log.info("models loaded and UI built %.1f s after main() started", time.monotonic() - started)
    demo.queue(default_concurrency_limit=2, max_size=QUEUE_MAX_SIZE)  # tiny models: 2 at a time keeps CPUs busy
    from space.compat import gradio_internals
    from space.endpoints.live_line import CONCURRENCY_ID

    gradio_internals.install(demo)  # the live runs' line reads this queue
    gradio_internals.serialize_pushes(CONCURRENCY_ID)  # so a burst of live runs cannot overfill their line
    from space.i18n import I18N
    from space.widgets.language import head
    from space.widgets.style import CSS

    # ssr_mode=False: the language switch reaches the client-rendered front end (space/compat/locale_switch.py)
    demo.launch(css=CSS, head=head(), i18n=I18N, ssr_mode=False, allowed_paths=[str(EXAMPLES_DIR)],
                max_file_size=int(MAX_UPLOAD_MB * 1024 * 1024))


if __name__ == "__main__":
    main()
