"""The baseline: a bare Gradio app with the Space's public API and no models (`python benchmarks/noop_app.py`).

Same api_names, parameter names, defaults and input/output component types as app.py, and
outputs of the same shape (as many 112x112 PNG gallery images, the same JSON keys), so the
difference to app.py is the models and the app around them, not what Gradio must serialize.
Stock components, default queue settings, nothing loaded at start: it is also the
"minimal Gradio + torch app" the cold start is compared with. Imports torch as app.py does.
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import torch  # noqa: E402, F401  (the app pays for importing torch; so does its baseline)
from PIL import Image  # noqa: E402

CLASSES = [f"class {i}" for i in range(10)]
SIDE, SCALE = 28, 4  # app.py shows every 28x28 image enlarged 4x


def tile(seed, i: int) -> Image.Image:
    """A 112x112 picture unique to (seed, i), as app.py's are: Gradio caches files by content,
    and identical outputs of concurrent requests would share (and race on) one cache file."""
    bits = format(int(seed) * 64 + i, "b").zfill(SIDE)
    small = Image.new("L", (SIDE, SIDE), color=(i * 37) % 256)
    small.putdata([255 * int(b) for b in bits] + [small.getpixel((0, 0))] * (SIDE * SIDE - len(bits)))
    return small.resize((SIDE * SCALE, SIDE * SCALE), Image.Resampling.NEAREST)


def classify(image=None, dataset="fashion-mnist"):
    return {name: 0.1 for name in CLASSES}


def reconstruct(image=None, samples=4, seed=0, dataset="fashion-mnist"):
    return [(tile(seed, i), f"image {i}") for i in range(2 + int(samples))]


def sample_vae(seed=0, count=16, dataset="fashion-mnist"):
    return [(tile(seed, i), f"prior sample {i + 1}") for i in range(int(count))]


def generate(seed=0, count=16, label="any", dataset="fashion-mnist"):
    details = [{"index": i, "class": CLASSES[0], "p_real": 0.5, "classifier_says": CLASSES[0],
                "classifier_p": 0.5, "z_head": [0.0] * 8} for i in range(int(count))]
    return [(tile(seed, i), f"{CLASSES[0]} · P(real)=0.50") for i in range(int(count))], details


def discriminate(image=None, label="any", dataset="fashion-mnist"):
    return {"p_real": 0.5, "label": CLASSES[0], "label_source": "chosen"}


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="no-op baseline") as demo:
        dataset = gr.Dropdown(["fashion-mnist"], value="fashion-mnist", label="Dataset", allow_custom_value=True)
        image = gr.Image(type="filepath", label="Image")
        samples = gr.Slider(0, 16, value=4, step=1, label="Posterior samples")
        count = gr.Slider(1, 64, value=16, step=1, label="Number of images")
        seed = gr.Number(value=0, label="Seed")
        label = gr.Dropdown(["any", *CLASSES], value="any", label="Class", allow_custom_value=True)
        probs, result = gr.Label(), gr.JSON()
        gallery = gr.Gallery(format="png")
        button = gr.Button()
        button.click(classify, [image, dataset], probs, api_name="classify")
        button.click(reconstruct, [image, samples, seed, dataset], gallery, api_name="reconstruct")
        button.click(sample_vae, [seed, count, dataset], gallery, api_name="sample_vae")
        button.click(generate, [seed, count, label, dataset], [gallery, result], api_name="generate")
        button.click(discriminate, [image, label, dataset], result, api_name="discriminate")
    return demo


if __name__ == "__main__":
    build_demo().queue().launch()
