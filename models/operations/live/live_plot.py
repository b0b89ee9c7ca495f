"""Draws live-training curves with PIL: ~1 ms per picture, where matplotlib takes ~100-200 ms.

The Train live tab redraws its curves about once a second while a model trains on the same
CPU, so the picture must cost next to nothing. Each panel is a set of named series plotted
against the step; long series are averaged into one point per pixel column.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

BACKGROUND, AXES, GRID, TEXT = (255, 255, 255), (90, 90, 90), (225, 225, 225), (30, 30, 30)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 12, 24, 22


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Panel:
    title: str
    series: list[Series]
    limits: tuple[float, float] | None = None  # fixed y range (e.g. probabilities); None: fit the data
    guide: float | None = None  # a dashed horizontal line, e.g. P = 0.5


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: one fixed-size bitmap font
        return ImageFont.load_default()


def _binned(values: list[float], columns: int) -> list[float]:
    """At most `columns` points: the mean of each run of consecutive values."""
    finite = [v for v in values if math.isfinite(v)]
    if len(values) <= columns or not finite:
        return values
    size = len(values) / columns
    out = []
    for c in range(columns):
        chunk = [v for v in values[int(c * size): max(int((c + 1) * size), int(c * size) + 1)] if math.isfinite(v)]
        out.append(sum(chunk) / len(chunk) if chunk else math.nan)
    return out


def _limits(panel: Panel) -> tuple[float, float]:
    if panel.limits is not None:
        return panel.limits
    values = [v for s in panel.series for v in s.values if math.isfinite(v)]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.05 or max(abs(high), 1.0) * 0.05
    return low - pad, high + pad


def _draw_panel(draw: ImageDraw.ImageDraw, panel: Panel, box: tuple[int, int, int, int], steps: int, font) -> None:
    left, top, right, bottom = box
    x0, y0, x1, y1 = left + MARGIN_LEFT, top + MARGIN_TOP, right - MARGIN_RIGHT, bottom - MARGIN_BOTTOM
    low, high = _limits(panel)
    span = (high - low) or 1.0
    to_y = lambda v: y1 - (v - low) / span * (y1 - y0)
    for fraction in (0.0, 0.5, 1.0):  # three labelled grid lines
        value = low + fraction * span
        y = to_y(value)
        draw.line([(x0, y), (x1, y)], fill=GRID)
        draw.text((x0 - 4, y), f"{value:.2f}", fill=TEXT, font=font, anchor="rm")
    if panel.guide is not None and low < panel.guide < high:
        y = to_y(panel.guide)
        for x in range(x0, x1, 8):
            draw.line([(x, y), (min(x + 4, x1), y)], fill=AXES)
    draw.rectangle([x0, y0, x1, y1], outline=AXES)
    draw.text((x0, top + 4), panel.title, fill=TEXT, font=font)
    draw.text((x1, bottom - 4), f"step {steps}", fill=TEXT, font=font, anchor="rb")
    legend_x = x1
    for s in reversed(panel.series):  # legend in the top right, right to left
        width = draw.textlength(s.name, font=font)
        draw.text((legend_x - width, top + 4), s.name, fill=s.colour, font=font)
        legend_x -= width + 14
    for s in panel.series:
        points = _binned(s.values, x1 - x0)
        if not points:
            continue
        step = (x1 - x0) / max(len(points) - 1, 1)
        line = [(x0 + i * step, to_y(min(max(v, low), high))) for i, v in enumerate(points) if math.isfinite(v)]
        if len(line) == 1:
            draw.ellipse([line[0][0] - 2, line[0][1] - 2, line[0][0] + 2, line[0][1] + 2], fill=s.colour)
        elif line:
            draw.line(line, fill=s.colour, width=2)


def curves(panels: list[Panel], steps: int, width: int = 640, panel_height: int = 180) -> Image.Image:
    """The panels stacked vertically, each with its own y axis, sharing the step axis."""
    image = Image.new("RGB", (width, panel_height * len(panels)), BACKGROUND)
    draw, font = ImageDraw.Draw(image), _font(12)
    for i, panel in enumerate(panels):
        _draw_panel(draw, panel, (0, i * panel_height, width, (i + 1) * panel_height), steps, font)
    return image
