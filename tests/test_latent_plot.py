"""The latent map's star painted on a cached backdrop lands where matplotlib draws it."""
import numpy as np
import pytest
import torch

from models.operations.vae import latent_plot

NAMES = ["a", "b", "c"]


@pytest.fixture(scope="module")
def points():
    g = torch.Generator().manual_seed(0)
    return torch.randn(300, 2, generator=g) * torch.tensor([3.0, 1.0]), torch.randint(0, 3, (300,), generator=g)


def gold_centre(picture, box) -> np.ndarray:
    """Centre of the pixels inside the axes `box` (the legend has a star too) with the star's fill colour."""
    rgb = np.asarray(picture).astype(int)
    left, top, right, bottom = (int(round(v)) for v in box)
    rows, cols = np.nonzero((np.abs(rgb[top:bottom, left:right] - latent_plot.STAR_COLOUR).sum(axis=2) <= 6))
    assert len(rows) > 50, "no star found"
    return np.array([cols.mean() + left, rows.mean() + top])


def draw(points, **kwargs):
    coords, labels = points
    return latent_plot.plot(coords, labels, NAMES, "title", ("x", "y"), **kwargs)


@pytest.mark.parametrize("xy", [(0.0, 0.0), (4.0, -1.5), (-5.0, 2.0)])
def test_painted_star_is_where_matplotlib_draws_it(points, xy):
    backdrop, frame = draw(points, star_legend=True)
    drawn, drawn_frame = draw(points, marker=xy)
    painted = latent_plot.paint_star(backdrop, frame, xy)
    assert painted.size == drawn.size and frame == drawn_frame  # a marker inside keeps the axes
    assert np.linalg.norm(gold_centre(painted, frame.box) - gold_centre(drawn, frame.box)) < 1.5  # matplotlib snaps markers to whole pixels
    assert np.linalg.norm(gold_centre(painted, frame.box) - np.array(frame.pixel(*xy))) < 1.5


def test_backdrop_is_the_plain_plot_plus_a_legend_entry(points):
    plain, plain_frame = draw(points)
    backdrop, frame = draw(points, star_legend=True)
    assert plain.size == backdrop.size
    assert not np.array_equal(np.asarray(plain), np.asarray(backdrop))  # the legend lists "your image"
    assert frame.box[0] < frame.box[2] and frame.box[1] < frame.box[3]


def test_a_star_outside_the_axes_is_not_painted(points):
    backdrop, frame = draw(points, star_legend=True)
    assert frame.pixel(1e3, 0.0) is None and frame.pixel(0.0, -1e3) is None
    assert latent_plot.paint_star(backdrop, frame, (1e3, 0.0)) is None


def test_star_points_alternate_outer_and_inner_radius():
    corners = np.array(latent_plot.star_points(10.0, 20.0, 8.0))
    radii = np.linalg.norm(corners - [10.0, 20.0], axis=1)
    assert np.allclose(radii[::2], 8.0) and np.allclose(radii[1::2], 8.0 * 0.381966)
    assert corners[0] == pytest.approx([10.0, 12.0])  # the first tip points up (rows grow downwards)
