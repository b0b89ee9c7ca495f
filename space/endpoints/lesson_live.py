"""Steps 7 and 10 of the lesson: live training, streamed (private functions of the Lesson tab).

They run in the Train live tab's slot (space/tabs/lesson wires them with space/endpoints/live.py's
CONCURRENCY_ID: one run at a time for the whole server), on models/operations/lesson/live_steps.py.
"""
from __future__ import annotations

import functools
import time

import torch

from models.loading import artefacts
from models.operations.common.images import for_display
from models.operations.lesson import inputs, live_steps
from models.operations.live import live_view
from space.endpoints.errors import user_message
from space.endpoints.lesson import animals, example
from space.i18n import say


def streamed_errors(fn):
    """user_errors for a generator function: a failure mid-stream becomes the same clear gr.Error."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            yield from fn(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - space.endpoints.errors has the one rule
            raise user_message(err, fn.__name__) from None
    return wrapper


def trained_epochs(fam) -> int | None:
    return (artefacts.read_json(fam, "vae", "training.json") or {}).get("epochs")


@streamed_errors
def decoder_from_scratch(lang="en"):
    """Streams (gallery, text): the dog, its redrawing at each checkpoint, and at the end the trained VAE's."""
    fam = animals()
    x, _ = example("dog")
    total = live_steps.CHECKPOINTS[-1]
    gallery = [(for_display(x[0]), say(lang, "s7_original"))]
    started = time.monotonic()
    for steps, picture in live_steps.decoder_from_scratch(inputs.DATASET, x):
        gallery = [*gallery, (for_display(picture[0]), say(lang, "s7_step", steps=steps))]
        yield gallery, say(lang, "s7_progress", steps=steps, total=total, seconds=time.monotonic() - started)
    with torch.inference_mode():
        trained = fam.vae.decode(fam.vae.encode(x)[0])[0]
    epochs = trained_epochs(fam)
    gallery = [*gallery, (for_display(trained), say(lang, "s7_trained", epochs=epochs))]
    yield gallery, say(lang, "s7_done", total=total, seconds=time.monotonic() - started, epochs=epochs)


@streamed_errors
def match(lang="en"):
    """Streams (G's dogs as one picture, the curves, the numbers) for a 20-second GAN trained from scratch."""
    dog = animals().class_names.index(inputs.CLASS)
    session = None
    for session in live_steps.match(inputs.DATASET):
        yield (*pictures(session, dog), numbers(session, lang, "s10_stats" if session.stats()["step"] else "s10_start"))
    yield (*pictures(session, dog), numbers(session, lang, "s10_done"))  # the same pictures, the final word


def pictures(session, class_index: int) -> tuple:
    return live_view.image_row(live_steps.class_row(session, class_index)), live_view.p_real_curves(session)


def numbers(session, lang, key: str) -> str:
    stats = session.stats()
    return say(lang, key, seconds=stats["seconds"], steps=stats["step"], d_real=stats["d_real"], d_fake=stats["d_fake"],
               d_loss=stats["d_loss"], g_loss=stats["g_loss"])
