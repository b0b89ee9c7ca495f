"""The Generate tab's plot of the batch's spread within a class against the noise scale, as a picture.

Drawn here with matplotlib, like the page's other curves: Gradio's own LinePlot sent a Vega-Lite
v5.17 specification to its bundled Vega-Lite v6, which warned about the mismatch in every visitor's
console (issue 37).
"""
from __future__ import annotations

import io

from PIL import Image


def diversity_plot(points: list[dict], current: float) -> Image.Image:
    """(noise scale, spread) points as a line, the batch's own scale marked; `points` from noise_effects.diversity."""
    from matplotlib.figure import Figure  # object API: no global pyplot state, safe in threads

    shown = [p for p in points if p["spread"] is not None]
    fig = Figure(figsize=(4.4, 2.4), dpi=100, layout="constrained")
    axes = fig.subplots()
    if shown:
        axes.plot([p["noise_scale"] for p in shown], [p["spread"] for p in shown], "o-", color="tab:blue")
    else:
        axes.text(0.5, 0.5, "no two images share a class", ha="center", va="center", transform=axes.transAxes)
    axes.axvline(current, color="grey", alpha=0.6)
    axes.set(xlabel="noise scale", ylabel="spread within a class", ylim=(0, None))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
