"""Animated GIFs made with PIL, kept under a size budget so pages and API answers stay light."""
from __future__ import annotations

import io

from PIL import Image

MAX_GIF_BYTES = 1_000_000
GREY_LEVELS = (256, 64, 32, 16)  # fewer levels compress better; tried in this order


def _encode(frames: list[Image.Image], duration_ms: int | list[int], levels: int) -> bytes:
    step = 256 // levels
    # Posterize to `levels` greys; mode "L" frames need no palette search, so output is deterministic.
    lut = [min(255, (v // step) * step + step // 2) if levels < 256 else v for v in range(256)]
    grey = [frame.convert("L").point(lut) for frame in frames]
    buffer = io.BytesIO()
    grey[0].save(buffer, format="GIF", save_all=True, append_images=grey[1:], duration=duration_ms,
                 loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


def gif_bytes(frames: list[Image.Image], duration_ms: int | list[int] = 250, max_bytes: int = MAX_GIF_BYTES) -> bytes:
    """A looping grey GIF of `frames`, under `max_bytes`: fewer grey levels first, then fewer frames."""
    if not frames:
        raise ValueError("an animation needs at least one frame")
    while True:
        for levels in GREY_LEVELS:
            data = _encode(frames, duration_ms, levels)
            if len(data) <= max_bytes:
                return data
        if len(frames) == 1:
            raise ValueError(f"one frame alone is over {max_bytes} bytes as a GIF")
        # keep the first and last frame, drop every other one in between
        keep = list(range(0, len(frames) - 1, 2)) + [len(frames) - 1] if len(frames) > 2 else [len(frames) - 1]
        frames = [frames[i] for i in keep]
        if isinstance(duration_ms, list):
            duration_ms = [duration_ms[i] for i in keep]


def ping_pong(frames: list[Image.Image]) -> list[Image.Image]:
    """There and back again, so a looping animation has no jump at the seam."""
    return frames + frames[-2:0:-1]
