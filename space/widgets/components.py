"""Gradio inputs that hand the raw value to our code, so our checks answer every bad input.

Gradio's own preprocessing rejects some inputs before the function runs, with messages
that don't name the parameter or, for a non-image file, with its generic "error" (it
opens the upload with PIL first). These subclasses are "templates" in Gradio's sense
(`is_template`: the front end, the API docs and `gr.load` see a plain Image / Slider) and
pass the value on unchanged; models.operations.common.validation and models.operations.common.preprocess check it.
"""
from __future__ import annotations

import html
import logging

import gradio as gr
import pydantic
from gradio.data_classes import ImageData

from models import datasets
from models.operations.common.preprocess import ACCEPTED, MAX_PIXELS
from models.errors import InputError, shown
from space.endpoints.errors import user_message
from space.endpoints.inference import ERROR_SECONDS
from space.widgets.uploaded_files import uploaded_file

log = logging.getLogger(__name__)


class ImageValue(ImageData):
    """Gradio's image payload; a value that is not one (a number, plain text) gets a message naming `image`.

    Gradio validates the payload before our function runs, and its own failure reaches the
    client as the generic "upstream app raised an exception".
    """

    model_config = pydantic.ConfigDict(title="ImageData")  # the API docs stay those of gr.Image

    @classmethod
    def model_validate(cls, obj, **kwargs):
        try:
            return super().model_validate(obj, **kwargs)
        except pydantic.ValidationError:
            shown = html.escape(repr(obj)[:80], quote=False)
            raise gr.Error(f"image must be an image file ({ACCEPTED}), e.g. gradio_client.handle_file(path), "
                           f"or a data: URL; got {shown}.", title="Invalid input", print_exception=False,
                           duration=ERROR_SECONDS) from None


class ImageInput(gr.Image):
    """gr.Image that gives the function the uploaded file's path (or data: URL) unopened.

    The path has passed space.widgets.uploaded_files on the raw request (a regular file inside
    Gradio's upload folder); it is checked again here, on what Gradio hands over.
    """

    is_template = True
    data_model = ImageValue

    def preprocess(self, payload):
        if payload is None:
            return None
        if payload.path is None and payload.url and payload.url.startswith("data:"):
            return payload.url
        return None if payload.path is None else uploaded_file(payload.path, "image")

    async def async_move_resource_to_block_cache(self, url_or_file_path):
        """Gradio fetches an image URL here (refusing private addresses); a failure names `image`,
        where Gradio's own error reaches the client as an empty one."""
        try:
            return await super().async_move_resource_to_block_cache(url_or_file_path)
        except Exception as err:
            log.info("image URL %s not fetched: %s", shown(url_or_file_path), err)
            raise user_message(InputError(
                f"image: the URL {shown(url_or_file_path)} could not be fetched "
                f"({shown(str(err) or type(err).__name__)}); send an image file (gradio_client.handle_file(path)) or a public http(s) URL."), "image") from None


class RawSlider(gr.Slider):
    """gr.Slider whose value reaches the function unchecked (the function checks the range)."""

    is_template = True

    def preprocess(self, payload):
        return payload


class RawRadio(gr.Radio):
    """gr.Radio whose value reaches the function unchecked (the function names the parameter and its choices)."""

    is_template = True

    def preprocess(self, payload):
        return payload


class RawTextbox(gr.Textbox):
    """gr.Textbox whose value reaches the function as sent (a client's list stays a list, None stays None)."""

    is_template = True

    def preprocess(self, payload):
        return payload


def image_upload(label: str = "Image", elem_id: str | None = None) -> ImageInput:
    return ImageInput(
        label=label, type="filepath", elem_id=elem_id, image_mode=None, sources=["upload", "clipboard", "webcam"],
        height=280, placeholder=f"Drop an image (up to {MAX_PIXELS // 1_000_000} megapixels), paste it, or use the webcam",
    )


def sketchpad(label: str = "Draw here", elem_id: str | None = None) -> gr.Sketchpad:
    """A white canvas and a black brush; the drawing arrives as a dict with its composite."""
    return gr.Sketchpad(label=label, type="pil", elem_id=elem_id, format="png", height=440, canvas_size=(420, 420),
                        brush=gr.Brush(default_size=14, colors=["#000000"], color_mode="fixed"))


def keep_drawing(drawing):
    """The sketchpad's value as the server received it, kept in a gr.State for the requests that answer it:
    each request that reads the sketchpad itself makes the editor export its canvas and upload it again."""
    return drawing


def pixel_gallery(label: str, columns: int = 8, elem_id: str | None = None) -> gr.Gallery:
    """Lossless PNGs, shown pixelated (space/widgets/style.py) rather than blurred; a lone image keeps its column's width."""
    return gr.Gallery(label=label, format="png", columns=columns, object_fit="contain", fit_columns=False,
                      elem_classes=["pixelated"], elem_id=elem_id, buttons=["download", "fullscreen"],
                      interactive=False)  # an output: it must not offer to take uploads


# What visitors read in the dataset switch (the registry's labels); the values stay the API's dataset ids.
dataset_label = datasets.label


def dataset_dropdown(datasets: tuple[str, ...], value: str) -> gr.Dropdown:
    choices = [(dataset_label(d), d) for d in datasets]
    return gr.Dropdown(choices=choices, value=value, label="Dataset", allow_custom_value=True, elem_id="dataset")


def label_dropdown(class_names: list[str], label: str = "Class") -> gr.Dropdown:
    # allow_custom_value: a client's unknown class reaches our check, whose message lists the accepted ones
    return gr.Dropdown(choices=["any", *class_names], value="any", label=label, allow_custom_value=True)
