"""Draws the latent map: a scatter plot coloured by class, and a star where an upload lands.

Drawing the scatter with matplotlib takes ~180 ms of CPU, painting one star ~1 ms. So a map
is drawn once (with the star's legend entry already in place) and each upload's star is
painted with PIL onto a copy, at the pixel where matplotlib would have put it. A star outside
the drawn axes needs wider axes: then the whole plot is drawn again, star included.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

STAR_COLOUR, STAR_EDGE = (255, 215, 0), (0, 0, 0)  # matplotlib's "gold" and "black"
STAR_AREA = 420  # matplotlib marker size, points^2
DPI = 100


@dataclass(frozen=True)
class PixelFrame:
    """Where data coordinates land in the saved picture (linear axes).

    column = x_offset + x_scale * x, row = y_offset + y_scale * y (rows count downwards);
    `box` is the axes' inside in pixels: left, top, right, bottom."""
    x_offset: float
    x_scale: float
    y_offset: float
    y_scale: float
    box: tuple[float, float, float, float]

    def pixel(self, x: float, y: float) -> tuple[float, float] | None:
        """The pixel of data point (x, y), or None when it lies outside the axes."""
        column, row = self.x_offset + self.x_scale * x, self.y_offset + self.y_scale * y
        left, top, right, bottom = self.box
        return (column, row) if left <= column <= right and top <= row <= bottom else None

    def data(self, column: float, row: float) -> tuple[float, float] | None:
        """The data point at a pixel of the picture (the inverse of `pixel`), or None outside the axes."""
        left, top, right, bottom = self.box
        if not (left <= column <= right and top <= row <= bottom):
            return None
        return (column - self.x_offset) / self.x_scale, (row - self.y_offset) / self.y_scale

    def limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The axes' data ranges: (x_min, x_max), (y_min, y_max)."""
        left, top, right, bottom = self.box
        (x0, y0), (x1, y1) = self.data(left, bottom), self.data(right, top)
        return (x0, x1), (y0, y1)


def _frame(fig, ax) -> PixelFrame:
    height = fig.bbox.height  # display coordinates start at the bottom, pixel rows at the top
    (x0, y0), (x1, y1) = ax.transData.transform([(0.0, 0.0), (1.0, 1.0)])
    box = ax.bbox
    return PixelFrame(float(x0), float(x1 - x0), float(height - y0), float(-(y1 - y0)),
                      (float(box.x0), float(height - box.y1), float(box.x1), float(height - box.y0)))


def plot(coords, labels, class_names: list[str], title: str, axis_labels: tuple[str, str],
         marker: tuple[float, float] | None = None, star_legend: bool = False) -> tuple[Image.Image, PixelFrame]:
    """Scatter of `coords` (N, 2) coloured by `labels`; a star at `marker` if given.

    `star_legend` lists the star in the legend without drawing one (a backdrop for `paint_star`)."""
    from matplotlib import colormaps
    from matplotlib.figure import Figure  # the object API: no global pyplot state, safe in threads

    fig = Figure(figsize=(8, 6), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    colours = [colormaps["tab10"](i % 10) for i in range(len(class_names))]
    for index, name in enumerate(class_names):
        points = coords[labels == index]
        ax.scatter(points[:, 0], points[:, 1], s=7, alpha=0.6, color=colours[index], label=name, linewidths=0)
    if marker is not None or star_legend:
        xs, ys = ([marker[0]], [marker[1]]) if marker is not None else ([], [])  # no data: limits stay as they are
        ax.scatter(xs, ys, s=STAR_AREA, marker="*", color="gold", edgecolors="black", linewidths=1.5,
                   label="your image", zorder=5)
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    ax.set_title(title)
    legend = ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    for handle in legend.legend_handles:
        handle.set_sizes([60])  # legible swatches, whatever the size of the dots or the star
        handle.set_alpha(1.0)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})  # draws: the layout is final after this
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), _frame(fig, ax)


def star_points(column: float, row: float, outer: float, inner_ratio: float = 0.381966) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star pointing up, centred on (column, row)."""
    corners = []
    for k in range(10):
        radius = outer if k % 2 == 0 else outer * inner_ratio
        angle = math.pi / 2 + k * math.pi / 5
        corners.append((column + radius * math.cos(angle), row - radius * math.sin(angle)))
    return corners


def paint_star(backdrop: Image.Image, frame: PixelFrame, xy: tuple[float, float]) -> Image.Image | None:
    """A copy of `backdrop` with the star at data point `xy`; None if `xy` is outside its axes."""
    where = frame.pixel(*xy)
    if where is None:
        return None
    picture = backdrop.copy()
    outer = math.sqrt(STAR_AREA) / 2 * DPI / 72  # matplotlib's marker size is a diameter in points
    ImageDraw.Draw(picture).polygon(star_points(*where, outer), fill=STAR_COLOUR, outline=STAR_EDGE, width=2)
    return picture
