"""Draws live-training curves with PIL: ~1 ms per picture, where matplotlib takes ~100-200 ms.

The Train live tab redraws its curves about once a second while a model trains on the same
CPU, so the picture must cost next to nothing. Each panel is a set of named series plotted
against the training step, with its title and legend on lines of their own above the plot
(nothing of the picture sits under a corner where a page might put a badge or a button),
marks for the steps taken by hand, and optionally a sentence under it saying how to read it.
"""
from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

BACKGROUND, AXES, GRID, TEXT = (255, 255, 255), (90, 90, 90), (225, 225, 225), (30, 30, 30)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 14, 40, 22
SENTENCE_LINE = 16  # pixels per line of the sentence under a panel
LEGEND_LINE = 17
FONT_SIZE = 13


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    colour: tuple[int, int, int]
    steps: list[float] | None = None  # the step of each value; None: 1, 2, 3, ...
    smooth: int = 1  # plot the running mean of this many values (noisy per-batch rates)


@dataclass(frozen=True)
class Panel:
    title: str
    series: list[Series]
    limits: tuple[float, float] | None = None  # fixed y range (e.g. probabilities); None: fit the data
    floor: float | None = None  # a fitted range never goes below this (a term that cannot be negative)
    from_zero: bool = False  # the fitted range starts at 0 (a term whose size matters, not only its changes)
    fit_after: float = 0.0  # fit the range to the values after this fraction of the steps (a steep start is clipped)
    guide: float | None = None  # a dashed horizontal line, e.g. P = 0.5
    markers: list[tuple[float, str, tuple[int, int, int]]] = field(default_factory=list)  # (step, letter, colour)
    sentence: str | None = None  # drawn under the panel when asked (the API's picture has no page around it)
    empty_note: str = ""  # written in the plot while no series has a point yet


@functools.lru_cache(maxsize=8)  # loading the font costs more than drawing a whole panel
def font(size: int = FONT_SIZE):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: one fixed-size bitmap font
        return ImageFont.load_default()


@functools.lru_cache(maxsize=4096)
def _stamp(text: str, size: int, anchor: str) -> tuple[Image.Image, int, int]:
    """`text` rendered once as a mask, with its offset from the anchor point."""
    left, top, right, bottom = font(size).getbbox(text, anchor=anchor)
    mask = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=font(size), anchor=anchor)
    return mask, left, top


def put_text(image: Image.Image, xy: tuple[float, float], text: str, colour, anchor: str = "la",
             size: int = FONT_SIZE) -> None:
    """Like ImageDraw.text, from a cache: rendering glyphs costs ~2 ms a call, ten times the rest of a panel."""
    mask, left, top = _stamp(text, size, anchor)
    x, y = round(xy[0]) + left, round(xy[1]) + top
    image.paste(colour, (x, y, x + mask.width, y + mask.height), mask)


def text_width(text: str, size: int = FONT_SIZE) -> int:
    return _stamp(text, size, "la")[0].width + _stamp(text, size, "la")[1]


def _points(s: Series) -> list[tuple[float, float]]:
    steps = s.steps if s.steps is not None else range(1, len(s.values) + 1)
    values = s.values
    if s.smooth > 1 and values:
        total, smoothed = 0.0, []
        for i, v in enumerate(values):  # running mean; NaN-free inputs only (rates and probabilities)
            total += v - (values[i - s.smooth] if i >= s.smooth else 0.0)
            smoothed.append(total / min(i + 1, s.smooth))
        values = smoothed
    return [(float(x), float(v)) for x, v in zip(steps, values) if math.isfinite(v)]


def _binned(points: list[tuple[float, float]], last_step: float, columns: int) -> list[tuple[float, float]]:
    """At most one point per pixel column: the mean of the points that fall in it."""
    if len(points) <= columns:
        return points
    sums: dict[int, list[float]] = {}
    for x, v in points:
        column = min(int(x / last_step * columns), columns - 1)
        bucket = sums.setdefault(column, [0.0, 0.0, 0])
        bucket[0], bucket[1], bucket[2] = bucket[0] + x, bucket[1] + v, bucket[2] + 1
    return [(sx / n, sv / n) for _, (sx, sv, n) in sorted(sums.items())]


def _limits(panel: Panel, last_step: float) -> tuple[float, float]:
    if panel.limits is not None:
        return panel.limits
    start = panel.fit_after * last_step
    values = [v for s in panel.series for x, v in _points(s) if x >= start] or \
             [v for s in panel.series for _, v in _points(s)]
    if not values:
        return (panel.floor or 0.0), (panel.floor or 0.0) + 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or max(abs(high), 1.0) * 0.05
    low, high = low - pad, high + pad
    if panel.floor is not None:
        low = max(low, panel.floor)
    return (0.0 if panel.from_zero else low), high


def _label(value: float, span: float) -> str:
    if span >= 20:
        return f"{value:.0f}"
    return f"{value:.1f}" if span >= 2 else f"{value:.2f}"


def _legend_rows(panel: Panel, width: int) -> list[list[tuple[Series, int]]]:
    """The legend's entries with their x offsets, in as many lines as the width needs."""
    rows, x = [[]], 6
    for s in panel.series:
        entry = 18 + text_width(s.name) + 16
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 6
        rows[-1].append((s, x))
        x += entry
    return rows


def draw_panel(image: Image.Image, panel: Panel, box: tuple[int, int, int, int], steps: int) -> None:
    """The panel inside `box` (left, top, right, bottom): title and legend lines, plot, step axis."""
    left, top, right, bottom = box
    draw = ImageDraw.Draw(image)
    legend = _legend_rows(panel, right - left)
    x0, y0 = left + MARGIN_LEFT, top + MARGIN_TOP + LEGEND_LINE * (len(legend) - 1)
    x1, y1 = right - MARGIN_RIGHT, bottom - MARGIN_BOTTOM
    last_step = max(steps, 1)
    low, high = _limits(panel, last_step)
    span = (high - low) or 1.0
    to_y = lambda v: y1 - (min(max(v, low), high) - low) / span * (y1 - y0)
    to_x = lambda step: x0 + step / last_step * (x1 - x0)
    for fraction in (0.0, 0.5, 1.0):  # three labelled grid lines
        value = low + fraction * span
        draw.line([(x0, to_y(value)), (x1, to_y(value))], fill=GRID)
        put_text(image, (x0 - 5, to_y(value)), _label(value, span), TEXT, "rm")
    if panel.guide is not None and low < panel.guide < high:
        y = to_y(panel.guide)
        for x in range(x0, x1, 8):
            draw.line([(x, y), (min(x + 4, x1), y)], fill=AXES)
    draw.rectangle([x0, y0, x1, y1], outline=AXES)
    put_text(image, (left + 6, top + 3), panel.title, TEXT)
    for line, entries in enumerate(legend):  # the legend on lines of its own, each name in its curve's colour
        y = top + 20 + line * LEGEND_LINE
        for s, x in entries:
            draw.line([(left + x, y + 7), (left + x + 14, y + 7)], fill=s.colour, width=3)
            put_text(image, (left + x + 18, y), s.name, s.colour)
    put_text(image, (x0, bottom - 3), "0", TEXT, "lb")
    put_text(image, (x1, bottom - 3), f"step {steps}", TEXT, "rb")
    for step, letter, colour in panel.markers:  # the steps taken by hand: a line and its letter
        x = to_x(min(step, last_step))
        draw.line([(x, y0), (x, y1)], fill=colour, width=2)
        near_end = x > x1 - 14  # the letter on the side with room; D's and G's one above the other
        put_text(image, (x + (-3 if near_end else 3), y0 + (1 if letter == "D" else 15)), letter, colour,
                 "ra" if near_end else "la")
    if panel.empty_note and not any(s.values for s in panel.series):
        put_text(image, ((x0 + x1) / 2, (y0 + y1) / 2 - 12), panel.empty_note, AXES, "mm")
    for s in panel.series:
        line = [(to_x(x), to_y(v)) for x, v in _binned(_points(s), last_step, x1 - x0)]
        if len(line) == 1:
            draw.ellipse([line[0][0] - 2, line[0][1] - 2, line[0][0] + 2, line[0][1] + 2], fill=s.colour)
        elif line:
            draw.line(line, fill=s.colour, width=2)


def _sentence_lines(panel: Panel, width: int) -> list[str]:
    return textwrap.wrap(panel.sentence or "", width=max(width // 7, 20))


def curves(panels: list[Panel], steps: int, width: int = 640, panel_height: int = 180,
           sentences: bool = False) -> Image.Image:
    """The panels stacked vertically, each with its own y axis, sharing the step axis;
    with `sentences`, each panel's sentence is written under it."""
    heights = [panel_height + (len(_sentence_lines(p, width)) * SENTENCE_LINE + 6 if sentences and p.sentence else 0)
               for p in panels]
    image = Image.new("RGB", (width, sum(heights)), BACKGROUND)
    top = 0
    for panel, height in zip(panels, heights):
        draw_panel(image, panel, (0, top, width, top + panel_height), steps)
        for i, line in enumerate(_sentence_lines(panel, width) if sentences else []):
            put_text(image, (MARGIN_LEFT, top + panel_height + 2 + i * SENTENCE_LINE), line, TEXT)
        top += height
    return image
