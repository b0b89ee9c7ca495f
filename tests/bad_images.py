"""A corpus of awkward and broken uploads, written by the tests themselves (nothing checked in).

`usable(folder)` holds odd but valid images the app must answer; `broken(folder)` holds files
it must refuse with a clear message. Each returns {name: (path, what the message must say)}.
"""
from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

BOMB_SIDE = 16_000  # 256 megapixels: 256 MB as 8-bit gray once decoded, ~40 kB as a PNG


def garment(size=(280, 280), dark_on_light=True) -> Image.Image:
    """A T-shirt silhouette: something every model input path can work with."""
    w, h = size
    img = Image.new("L", size, 245 if dark_on_light else 10)
    shape = [(0.33, 0.19), (0.17, 0.33), (0.25, 0.45), (0.35, 0.38), (0.35, 0.81), (0.65, 0.81),
             (0.65, 0.38), (0.75, 0.45), (0.83, 0.33), (0.67, 0.19), (0.5, 0.26)]
    ImageDraw.Draw(img).polygon([(x * w, y * h) for x, y in shape], fill=30 if dark_on_light else 230)
    return img


def _png_bytes(img: Image.Image, **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG", **params)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int = BOMB_SIDE) -> bytes:
    """A valid side x side 1-bit PNG of zeros, compressed row by row so writing it needs no big buffer."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, grayscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _save(folder: Path, name: str, img: Image.Image, fmt: str, **params) -> Path:
    path = folder / name
    img.save(path, fmt, **params)
    return path


def _exif_rotated(folder: Path) -> Path:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    return _save(folder, "exif-rotated.jpg", garment().rotate(90, expand=True).convert("RGB"), "JPEG", exif=exif)


def _animated_gif(folder: Path) -> Path:
    frames = [garment(), garment().rotate(20), garment().rotate(-20)]
    return _save(folder, "animated.gif", frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _transparent(folder: Path) -> Path:
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    rgba.putalpha(garment((200, 200), dark_on_light=False))  # the shape lives in the alpha channel
    return _save(folder, "transparent.png", rgba, "PNG")


def usable(folder: Path) -> dict[str, tuple[Path, str]]:
    """Odd but valid images: each must be answered."""
    wide = Image.new("L", (3000, 40), 250)
    ImageDraw.Draw(wide).rectangle((1400, 5, 1600, 35), fill=20)
    tall = wide.rotate(90, expand=True)
    sixteen = Image.fromarray(np.asarray(garment(), dtype=np.uint16) * 257)
    items = {
        "wide-75-to-1": _save(folder, "wide.png", wide, "PNG"),
        "tall-1-to-75": _save(folder, "tall.png", tall, "PNG"),
        "16-bit": _save(folder, "sixteen.png", sixteen, "PNG"),
        "cmyk-jpeg": _save(folder, "cmyk.jpg", garment().convert("CMYK"), "JPEG"),
        "palette": _save(folder, "palette.png", garment().convert("RGB").convert("P"), "PNG"),
        "animated-gif": _animated_gif(folder),
        "transparent-rgba": _transparent(folder),
        "exif-rotated": _exif_rotated(folder),
        "webp": _save(folder, "item.webp", garment().convert("RGB"), "WEBP"),
        "bmp": _save(folder, "item.bmp", garment(), "BMP"),
    }
    return {name: (path, "") for name, path in items.items()}


def broken(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files that are not usable images, each with the words its refusal must contain."""
    png = _png_bytes(garment().convert("RGB"))
    jpeg = io.BytesIO()
    garment().convert("RGB").save(jpeg, "JPEG")
    not_an_image = "not an image this app can read"
    damaged = "damaged or truncated|not an image this app can read"
    rng = np.random.default_rng(0)
    return {
        "empty-file": (_write(folder, "empty.png", b""), not_an_image),
        "truncated-png": (_write(folder, "truncated.png", png[: len(png) // 2]), damaged),
        "truncated-jpeg": (_write(folder, "truncated.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 3]), damaged),
        "text-as-png": (_write(folder, "notes.png", b"Just some words, no pixels.\n" * 20), not_an_image),
        "html-as-png": (_write(folder, "page.png", b"<!doctype html><html><script>alert(1)</script></html>"), not_an_image),
        "svg-as-png": (_write(folder, "vector.png", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                                    b'<rect width="10" height="10"/></svg>'), not_an_image),
        "pdf-as-png": (_write(folder, "doc.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), not_an_image),
        "random-bytes": (_write(folder, "noise.png", rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()), not_an_image),
        "one-pixel": (_save(folder, "one.png", Image.new("L", (1, 1), 200), "PNG"), "blank"),
        "bomb-256-megapixels": (_write(folder, "bomb.png", bomb_png()), "too large"),
    }


def write_corpus(folder: Path) -> dict[str, tuple[Path, str]]:
    os.makedirs(folder, exist_ok=True)
    return {**usable(folder), **broken(folder)}
