"""Turns a real upload or a sketchpad drawing into a 28x28 image framed the way its dataset's images are.

Both datasets show light objects on a black background, trimmed to the object and centred;
how large the object is differs (models.datasets: `object_long_side`, the range of the long
side of its bounding box in the training images). Uploads are anything: photos with EXIF
rotation, a dark object on white, RGBA cut-outs, 16-bit or palette PNGs. An image that is
already in its dataset's format comes out as it went in (the nearest framing the dataset
has is its own), so uploads of the test images score like the test set. A picture the app made
itself (an exact enlargement of a 28x28 model picture) is read back exactly, not framed again.
"""
from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter, ImageOps, UnidentifiedImageError

from models import datasets
from models.operations.common.validation import InputError

SIZE = 28
# Both datasets centre the object's bounding box: its centre lies within 1 px of the frame's
# centre in 99% of the test images (measured). An upload keeps its offset up to that much.
CENTRE_TOLERANCE = 1.0
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is plenty; larger ones are refused before decoding
WORK_SIDE = 1024  # everything after loading runs at most at this size: the result is 28 px anyway
ACCEPTED = "PNG, JPEG, WebP, GIF, BMP or TIFF"


class ImageInputError(InputError):
    """An input image the app cannot use; the message says why, for the user."""


def open_image(source) -> Image.Image:
    """Opens a path, bytes, a data: URL, a numpy array or a PIL image; refuses non-images and bombs."""
    if source is None:
        raise ImageInputError(f"No image was given: upload or draw one ({ACCEPTED}).")
    if isinstance(source, Image.Image):
        img = source
    elif isinstance(source, np.ndarray):
        img = Image.fromarray(source)
    else:
        if isinstance(source, str) and source.startswith("data:"):
            source = base64.b64decode(source.split(",", 1)[-1])
        stream = io.BytesIO(source) if isinstance(source, bytes) else source
        name = "the upload" if isinstance(source, bytes) else Path(source).name
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(stream)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageInputError(f"{name} is too large: at most {MAX_PIXELS:,} pixels are accepted.") from None
        except (UnidentifiedImageError, OSError):
            raise ImageInputError(f"{name} is not an image this app can read; accepted: {ACCEPTED}.") from None
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise ImageInputError(f"The image is too large ({width}x{height}): at most {MAX_PIXELS:,} pixels are accepted.")
    if width == 0 or height == 0:
        raise ImageInputError("The image is empty (0 pixels).")
    try:
        img.load()
    except Exception:
        raise ImageInputError(f"The image file is damaged or truncated; accepted: {ACCEPTED}.") from None
    return img


def _shrink(img: Image.Image) -> Image.Image:
    if max(img.size) > WORK_SIDE:
        img = img.copy()
        img.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    return img


def _high_range(arr: np.ndarray, mode: str) -> np.ndarray:
    """16-bit and 32-bit pixels to [0, 1]; 'I' images often hold 16-bit or even 8-bit values."""
    if mode.startswith("I;16"):
        return arr / 65535.0
    top = float(arr.max())
    if mode == "F" and top <= 1.0:
        return arr
    for scale in (255.0, 65535.0):
        if top <= scale:
            return arr / scale
    return (arr - arr.min()) / max(top - float(arr.min()), 1e-12)


def to_grayscale(img: Image.Image) -> np.ndarray:
    """Any PIL mode -> float32 (H, W) luminance in [0, 1], upright, transparency resolved."""
    try:
        img = ImageOps.exif_transpose(img)
    except Exception:
        pass  # broken EXIF: keep the pixels as stored
    if img.mode.startswith("I") or img.mode == "F":
        img = _shrink(Image.fromarray(_high_range(np.asarray(img, dtype=np.float64), img.mode).astype(np.float32)))
        return np.clip(np.asarray(img, dtype=np.float32), 0.0, 1.0)
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = np.asarray(_shrink(img.convert("RGBA")), dtype=np.float32) / 255.0
        gray = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        alpha = rgba[..., 3]
        if alpha.sum() < 1e-6:
            raise ImageInputError("The image is fully transparent: there is nothing to see.")
        # Fill transparent areas with the colour that contrasts with the object, so the
        # background detection below sees a plain background whatever the object's colour.
        object_brightness = float((gray * alpha).sum() / alpha.sum())
        fill = 1.0 if object_brightness < 0.5 else 0.0
        return gray * alpha + fill * (1.0 - alpha)
    return np.asarray(_shrink(img.convert("L")), dtype=np.float32) / 255.0


def _bounding_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """Rows/columns holding a real share of the object; lone specks of noise don't stretch it."""
    rows, cols = mask.sum(axis=1), mask.sum(axis=0)
    keep_r = np.flatnonzero(rows >= max(1.0, 0.02 * rows.max()))
    keep_c = np.flatnonzero(cols >= max(1.0, 0.02 * cols.max()))
    return keep_r[0], keep_r[-1] + 1, keep_c[0], keep_c[-1] + 1


def _fill_outline(img28: Image.Image) -> Image.Image:
    """Fills closed outlines of a drawing: Fashion-MNIST shows solid garments, not line art."""
    mask = Image.fromarray((np.asarray(img28) > 60).astype(np.uint8) * 255)
    outside = ImageOps.expand(mask, border=1, fill=0)
    ImageDraw.floodfill(outside, (0, 0), 128)  # everything reachable from the border is outside
    inside = np.asarray(outside)[1:-1, 1:-1] == 0
    arr = np.asarray(img28).copy()
    arr[inside] = np.maximum(arr[inside], 170)
    return Image.fromarray(arr)


def _normalise(arr: np.ndarray) -> np.ndarray:
    """Background to black, the object's brightest pixel to white, as in the datasets.

    Pixels within the background's noise become black; the others keep their place on the
    scale, so a dataset image (black background, brightest pixel white) is left as it is. A lone
    highlight that dims the rest averages out at 28 px, where the frame is renormalised."""
    h, w = arr.shape
    k = max(1, round(0.02 * min(h, w)))
    border = np.concatenate([arr[:k].ravel(), arr[-k:].ravel(), arr[:, :k].ravel(), arr[:, -k:].ravel()])
    background = float(np.median(border))
    if background > 0.5:  # a dark object on a light background, like a shop photo: invert
        arr, border, background = 1.0 - arr, 1.0 - border, 1.0 - background
    # A background without measurable noise (most of the border exactly one value: a dataset
    # image, a clean drawing) has nothing to suppress: faint edge pixels belong to the object.
    spread = float(np.median(np.abs(border - background)))
    noise = max(0.04, 3.0 * spread) if spread > 0 else 0.0
    foreground = arr[arr > background + noise]
    top = float(np.percentile(foreground, 99)) if foreground.size else background
    if top - background - max(noise, 0.04) < 0.05:
        raise ImageInputError("The image looks blank: no object stands out from its background.")
    scaled = np.clip((arr - background) / (float(arr.max()) - background), 0.0, 1.0)
    return np.where(arr > background + noise, scaled, 0.0).astype(np.float32)


def _frame(arr: np.ndarray, long_side: tuple[int, int]) -> np.ndarray:
    """The object in a 28x28 frame: the nearest framing its dataset has.

    The object's long side, measured as a share of the picture's long side, is brought into
    the dataset's range `long_side` (in pixels of 28), and its centre's offset from the
    picture's centre into +-CENTRE_TOLERANCE px. An image already framed like the dataset's
    keeps size and place: a 28x28 dataset image is not resampled at all, and a large picture
    of one is averaged down on the pixel grid it was blown up from."""
    top_r, bottom_r, left_c, right_c = _bounding_box(arr > 0.1)
    h, w = arr.shape
    target = min(max(max(bottom_r - top_r, right_c - left_c) * SIZE / max(h, w), long_side[0]), long_side[1])
    scale = target / max(bottom_r - top_r, right_c - left_c)
    if scale != 1.0:  # the whole picture, not the crop, so its pixel grid is kept
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.LANCZOS  # averaging, as a camera does
        arr = np.clip(np.asarray(Image.fromarray(arr).resize(size, resample)), 0.0, None)
        top_r, bottom_r, left_c, right_c = _bounding_box(arr > 0.1)
        h, w = arr.shape
    dy = float(np.clip((top_r + bottom_r) / 2 - h / 2, -CENTRE_TOLERANCE, CENTRE_TOLERANCE))
    dx = float(np.clip((left_c + right_c) / 2 - w / 2, -CENTRE_TOLERANCE, CENTRE_TOLERANCE))
    # a resampled object can end up a pixel over the frame: trim both ends evenly
    extra_r, extra_c = max(0, bottom_r - top_r - SIZE), max(0, right_c - left_c - SIZE)
    crop = arr[top_r + extra_r // 2:bottom_r - (extra_r - extra_r // 2),
               left_c + extra_c // 2:right_c - (extra_c - extra_c // 2)]
    y0 = int(np.clip(round(SIZE / 2 + dy - crop.shape[0] / 2), 0, SIZE - crop.shape[0]))
    x0 = int(np.clip(round(SIZE / 2 + dx - crop.shape[1] / 2), 0, SIZE - crop.shape[1]))
    framed = np.zeros((SIZE, SIZE), dtype=np.float32)
    framed[y0:y0 + crop.shape[0], x0:x0 + crop.shape[1]] = crop
    return np.clip(framed / max(float(framed.max()), 1e-6), 0.0, 1.0)  # brightest pixel white, as in the data


def to_model_input(arr: np.ndarray, *, drawing: bool = False,
                   dataset: str = datasets.DEFAULT_DATASET) -> tuple[torch.Tensor, Image.Image]:
    """Gray (H, W) in [0, 1] -> (tensor (1, 1, 28, 28) in [0, 1], the same as a 28x28 'L' image)."""
    arr = _normalise(arr)
    if drawing:  # thin strokes would vanish at 28 px: thicken them first (at <= 256 px, for speed)
        sketch = Image.fromarray(arr)
        sketch.thumbnail((256, 256), Image.Resampling.BOX)
        radius = max(1, round(max(sketch.size) / 100))
        arr = np.asarray(sketch.filter(ImageFilter.MaxFilter(2 * radius + 1)))
    small = _frame(arr, datasets.get(dataset).object_long_side)
    img28 = Image.fromarray((small * 255.0 + 0.5).astype(np.uint8))
    if drawing:
        img28 = _fill_outline(img28)
    tensor = torch.from_numpy(np.asarray(img28, dtype=np.float32) / 255.0)[None, None]
    return tensor, img28


def editor_composite(value: dict) -> Image.Image:
    """The flattened picture of a gr.ImageEditor / gr.Sketchpad value (background + layers)."""
    if value.get("composite") is not None:
        return open_image(value["composite"])
    parts = [open_image(p).convert("RGBA") for p in [value.get("background"), *(value.get("layers") or [])] if p is not None]
    if not parts:
        raise ImageInputError("The drawing is empty: draw something first.")
    canvas = Image.new("RGBA", parts[0].size, (0, 0, 0, 0))
    for part in parts:
        canvas.alpha_composite(part.resize(canvas.size))
    return canvas


def enlarged_model_picture(img: Image.Image) -> np.ndarray | None:
    """The 28x28 8-bit picture behind `img` when `img` is one the app made, else None.

    The app shows every model picture as an exact nearest-neighbour enlargement (images.upscale): a
    gray square of side 28*k, k >= 2, each k x k block one value, light on a dark background. Such a
    file is already what the models take: it is read back block by block, not normalised and framed
    again as an upload (which would stretch its contrast and resize its object, and so change D's
    P(real) and the classifier's answer that its caption showed). Anything else, a 28x28 file
    included, is framed as an upload."""
    side = img.width
    if img.height != side or side % SIZE or side < 2 * SIZE or img.mode not in ("L", "LA", "RGB", "RGBA"):
        return None
    if img.getexif().get(0x0112, 1) != 1:  # an EXIF rotation: a camera's file, not the app's
        return None
    arr = np.asarray(img)
    if arr.ndim == 3:
        if img.mode in ("LA", "RGBA") and (arr[..., -1] != 255).any():
            return None  # transparency: an upload's cut-out
        colour = arr[..., :3] if img.mode.startswith("RGB") else arr[..., :1]
        if (colour != colour[..., :1]).any():
            return None
        arr = colour[..., 0]
    k = side // SIZE
    blocks = arr.reshape(SIZE, k, SIZE, k)
    if (blocks != blocks[:, :1, :, :1]).any():
        return None
    small = np.ascontiguousarray(blocks[:, 0, :, 0])
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])
    return small if np.median(border) < 128 else None  # a dark object on light: framed as an upload


def preprocess(source, dataset: str = datasets.DEFAULT_DATASET) -> tuple[torch.Tensor, Image.Image]:
    """Any upload or drawing -> (tensor (1, 1, 28, 28) in [0, 1], the 28x28 image `dataset`'s models see)."""
    if isinstance(source, dict):
        return to_model_input(to_grayscale(editor_composite(source)), drawing=True, dataset=dataset)
    img = open_image(source)
    picture = enlarged_model_picture(img)
    if picture is not None:
        return torch.from_numpy(picture.astype(np.float32) / 255.0)[None, None], Image.fromarray(picture)
    return to_model_input(to_grayscale(img), dataset=dataset)
