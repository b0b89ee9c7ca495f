"""Step 6's picture: the latent map with the prior and one image's posterior, and a zoom on the posterior.

No words in the picture, only notation (p(z), q(z|x), 2σ, ×zoom): the page around it speaks the
learner's language, and the server needs no font for Korean.
"""
from __future__ import annotations

import io

import torch
from PIL import Image

from models.operations.lesson.posterior import PosteriorOnMap, ellipse

DPI = 100
MAP_GREY, CLASS_COLOUR, PRIOR_COLOUR, POSTERIOR_COLOUR = "#c8c8c8", "#ff7f0e", "#1f77b4", "#d62728"
ZOOM_SIGMAS = 4.0  # the zoom shows this many of the posterior's largest standard deviations each side


def zoom_half_width(post: PosteriorOnMap) -> float:
    """Half the zoom panel's width in map units: ZOOM_SIGMAS of the posterior's widest standard deviation."""
    return ZOOM_SIGMAS * float(torch.linalg.eigvalsh(post.covariance.double()).max().clamp(min=1e-8).sqrt())


def zoom_factor(coords: torch.Tensor, post: PosteriorOnMap) -> int:
    """How many times the zoom panel enlarges the map (the map's widest extent over the panel's width)."""
    extent = float((coords.max(0).values - coords.min(0).values).max())
    return max(1, round(extent / (2 * zoom_half_width(post))))


def _limits(centre: torch.Tensor, half: float) -> tuple[tuple[float, float], tuple[float, float]]:
    x, y = float(centre[0]), float(centre[1])
    return (x - half, x + half), (y - half, y + half)


def draw(coords: torch.Tensor, labels: torch.Tensor, class_index: int, post: PosteriorOnMap) -> Image.Image:
    """Left: the map's test images (the class's own in colour), the prior's 1σ and 2σ circles and the
    posterior's 2σ outline, with a box where the right panel zooms; right: the zoomed posterior, its
    mean and the drawn samples numbered like their decodings."""
    from matplotlib.figure import Figure  # the object API: no global pyplot state, safe in threads
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(8.4, 4.2), dpi=DPI, layout="constrained")
    whole, zoom = fig.subplots(1, 2)
    own = labels == class_index
    whole.scatter(coords[~own, 0], coords[~own, 1], s=4, color=MAP_GREY, linewidths=0)
    whole.scatter(coords[own, 0], coords[own, 1], s=5, color=CLASS_COLOUR, alpha=0.7, linewidths=0)
    for radius, style in ((1.0, "-"), (2.0, "--")):
        ring = ellipse(post.prior_centre, torch.eye(2), radius)
        whole.plot(ring[:, 0], ring[:, 1], style, color=PRIOR_COLOUR, linewidth=1.5,
                   label="p(z) = N(0, I): 1σ, 2σ" if radius == 1.0 else None)
    outline = ellipse(post.mean, post.covariance)
    whole.plot(outline[:, 0], outline[:, 1], color=POSTERIOR_COLOUR, linewidth=2, label="q(z|x): 2σ")
    half = zoom_half_width(post)
    (x0, x1), (y0, y1) = _limits(post.mean, half)
    whole.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="black", linewidth=1))
    whole.set_aspect("equal", adjustable="datalim")
    whole.legend(loc="lower left", fontsize=8, framealpha=0.9)
    whole.set_xticks([])
    whole.set_yticks([])

    zoom.plot(outline[:, 0], outline[:, 1], color=POSTERIOR_COLOUR, linewidth=2)
    zoom.scatter([float(post.mean[0])], [float(post.mean[1])], marker="*", s=260, color="gold", edgecolors="black",
                 zorder=5, label="μ")
    zoom.scatter(post.samples[:, 0], post.samples[:, 1], s=40, color=POSTERIOR_COLOUR, zorder=4, label="z ~ q(z|x)")
    for number, (x, y) in enumerate(post.samples.tolist(), start=1):
        zoom.annotate(str(number), (x, y), textcoords="offset points", xytext=(5, 4), fontsize=9)
    zoom.set_xlim(x0, x1)
    zoom.set_ylim(y0, y1)
    zoom.set_aspect("equal")
    zoom.set_title(f"×{zoom_factor(coords, post)}", loc="right", fontsize=10)
    zoom.legend(loc="lower left", fontsize=8, framealpha=0.9)
    zoom.set_xticks([])
    zoom.set_yticks([])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
