"""Preprocessing of uploads and drawings, without Gradio or models."""
import gzip
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from models.operations.common import preprocess as pp
from models.operations.common.preprocess import ImageInputError, preprocess

DATA = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


@pytest.fixture(scope="module")
def trouser() -> np.ndarray:
    """Test image 2 of Fashion-MNIST: a trouser, light on black, tall and narrow."""
    with gzip.open(DATA) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[2].copy()


def as_array(img28: Image.Image) -> np.ndarray:
    return np.asarray(img28, dtype=np.float32) / 255.0


def reference(trouser) -> np.ndarray:
    return as_array(preprocess(Image.fromarray(trouser))[1])


def close(a: np.ndarray, b: np.ndarray, tol: float = 0.06) -> bool:
    """Mean absolute difference below tol, allowing a one-pixel shift (re-centering rounds)."""
    diffs = [np.abs(np.roll(a, (dy, dx), axis=(0, 1)) - b).mean() for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    return float(min(diffs)) < tol


def test_dataset_image_passes_nearly_unchanged(trouser):
    x, img = preprocess(Image.fromarray(trouser))
    assert x.shape == (1, 1, 28, 28) and x.dtype.is_floating_point
    assert 0.0 <= float(x.min()) and float(x.max()) == 1.0
    assert img.mode == "L" and img.size == (28, 28)
    assert close(x[0, 0].numpy(), trouser / 255.0, tol=0.08)


def test_dark_object_on_white_is_inverted(trouser):
    assert close(as_array(preprocess(Image.fromarray(255 - trouser))[1]), reference(trouser))


def test_small_object_in_a_large_colour_photo_is_cropped_and_scaled(trouser):
    item = Image.fromarray(255 - trouser).resize((90, 90), Image.Resampling.BICUBIC).convert("RGB")
    photo = Image.new("RGB", (1200, 700), (250, 250, 250))
    photo.paste(item, (800, 100))
    out = as_array(preprocess(photo)[1])
    rows = np.flatnonzero((out > 0.1).any(axis=1))
    assert rows[-1] - rows[0] + 1 >= 26, "the long side of the object should fill the frame like in the dataset"
    assert close(out, reference(trouser), tol=0.08)


@pytest.mark.parametrize("convert", [
    lambda a: Image.fromarray(a.astype(np.uint16) * 257),                      # 16-bit "I;16"
    lambda a: Image.fromarray(a.astype(np.int32) * 257, "I"),                  # 32-bit holding 16-bit values
    lambda a: Image.fromarray(a.astype(np.float32) / 255.0, "F"),              # float in [0, 1]
    lambda a: Image.fromarray(a).convert("P"),                                 # palette
    lambda a: Image.fromarray(a).convert("CMYK"),
    lambda a: Image.fromarray(a).convert("LA"),
    lambda a: Image.fromarray(np.stack([a, a, a], -1)),
], ids=["I;16", "I", "F", "P", "CMYK", "LA", "RGB"])
def test_every_mode_gives_the_same_model_input(trouser, convert):
    assert close(as_array(preprocess(convert(trouser))[1]), reference(trouser))


@pytest.mark.parametrize("object_value", [235, 20], ids=["light-object", "dark-object"])
def test_transparent_background_becomes_black(trouser, object_value):
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., :3] = object_value
    rgba[..., 3] = trouser  # the shape lives in the alpha channel only
    out = as_array(preprocess(Image.fromarray(rgba, "RGBA"))[1])
    shape = reference(trouser)
    assert out[shape == 0].mean() < 0.1, "the transparent background must become black"
    assert out[shape > 0.5].mean() > 0.6, "the object must be light"


def test_exif_orientation_is_applied(trouser):
    upright = Image.fromarray(trouser).resize((112, 112), Image.Resampling.NEAREST)
    stored = upright.rotate(90, expand=True)  # orientation 6 asks viewers to turn it back
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=95, exif=exif)
    out = as_array(preprocess(buffer.getvalue())[1])
    assert close(out, reference(trouser), tol=0.08)
    assert not close(as_array(preprocess(stored)[1]), reference(trouser), tol=0.08)


def tshirt_outline(size=420) -> Image.Image:
    img = Image.new("RGB", (size, size), "white")
    s = size / 420
    points = [(140, 80), (70, 140), (105, 190), (147, 161), (147, 340), (273, 340),
              (273, 161), (315, 190), (350, 140), (280, 80), (210, 108), (140, 80)]
    ImageDraw.Draw(img).line([(x * s, y * s) for x, y in points], fill="black", width=int(10 * s))
    return img


def test_drawing_outline_is_thickened_and_filled():
    drawing = tshirt_outline()
    out = as_array(preprocess({"background": None, "layers": [], "composite": drawing})[1])
    assert out[14, 14] > 0.5, "the inside of a closed outline is filled, like the dataset's solid garments"
    unfilled = as_array(preprocess(drawing)[1])
    assert unfilled[14, 14] < 0.1, "an uploaded picture is not filled"


def test_editor_value_without_composite_flattens_layers():
    value = {"background": Image.new("RGBA", (420, 420), "white"), "layers": [tshirt_outline().convert("RGBA")],
             "composite": None}
    x, _ = preprocess(value)
    assert x.shape == (1, 1, 28, 28) and float(x.max()) > 0.9


@pytest.mark.parametrize("source, message", [
    (None, "No image was given"),
    (b"this is text, not a picture", "not an image"),
    (Image.new("RGB", (300, 200), "white"), "blank"),
    (Image.new("RGBA", (30, 30), (0, 0, 0, 0)), "transparent"),
    ({"background": None, "layers": [], "composite": None}, "drawing is empty"),
])
def test_unusable_inputs_raise_clear_errors(source, message):
    with pytest.raises(ImageInputError, match=message):
        preprocess(source)


def test_truncated_file_is_reported():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "gray").save(buffer, "PNG")
    with pytest.raises(ImageInputError, match="damaged|not an image"):
        preprocess(buffer.getvalue()[:-60])


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("1", (8000, 6000)).save(path)  # 48 megapixels in a few kB
    assert path.stat().st_size < 200_000
    with pytest.raises(ImageInputError, match="too large"):
        preprocess(str(path))
    assert pp.MAX_PIXELS < 8000 * 6000


def test_data_url_uploads_are_decoded(trouser):
    import base64

    buffer = io.BytesIO()
    Image.fromarray(trouser).save(buffer, "PNG")
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    assert close(as_array(preprocess(url)[1]), reference(trouser))
