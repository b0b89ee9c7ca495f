"""The GAN's training timeline, from the files train/gan.py writes next to the weights.

`samples/epoch_XX.png`: the same fixed noise, one row per class, after every epoch;
`losses.json`: D's and G's hinge losses every few steps; `training.json`: per-epoch
validation scores. Shown as an epoch slider, loss curves and a GIF of the grids.
"""
from __future__ import annotations

import functools
import io
import json
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from models.loading import artefacts
from models.operations.common.animation import gif_bytes
from models.operations.common.images import upscale
from models.loading.loader import Family, WeightsError
from models.operations.common.validation import parse_int

EPOCH_FILE = re.compile(r"epoch_(\d+)\.png$")
GRID_SCALE = 2  # the grid as the API returns it: each pixel a 2x2 block, lossless and crisp on screen
HEADER = 18  # pixels of caption above each grid in the GIF
FRAME_MS, LAST_FRAME_MS = 450, 1800


def sample_grids(family: Family) -> list[tuple[int, Path]]:
    """(epoch, grid file) for every epoch the GAN's training saved, in order."""
    found = [(int(m.group(1)), p) for p in artefacts.find_all(family, "gan", "samples/epoch_*.png")
             if (m := EPOCH_FILE.search(p.name))]
    if not found:
        raise WeightsError(f"no training timeline for {family.dataset}: no samples/epoch_XX.png next to the GAN "
                           f"weights in {', '.join(str(f) for f in artefacts.folders(family, 'gan'))} "
                           f"(python -m train.gan writes them)")
    return sorted(found)


def parse_epoch(value, epochs: list[int]) -> int:
    """An epoch that has a grid; 0 means the last one."""
    epoch = parse_int(value, "epoch", 0, max(epochs))
    if epoch == 0:
        return epochs[-1]
    if epoch not in epochs:
        raise WeightsError(f"no sample grid was saved for epoch {epoch}; saved: {', '.join(map(str, epochs))}")
    return epoch


def captioned(grid: Image.Image, text: str) -> Image.Image:
    """The grid in grey with a black caption strip on top."""
    grey = ImageOps.expand(grid.convert("L"), border=(0, HEADER, 0, 0), fill=0)
    ImageDraw.Draw(grey).text((4, 3), text, fill=255)
    return grey


def animation(grids: list[tuple[int, Path]]) -> bytes:
    """All epochs' grids as one looping GIF, the last one held longer."""
    last = grids[-1][0]
    frames = [captioned(Image.open(path), f"epoch {epoch} of {last}") for epoch, path in grids]
    durations = [FRAME_MS] * (len(frames) - 1) + [LAST_FRAME_MS]
    return gif_bytes(frames, durations)


def _epoch_axis(losses: list[dict]) -> list[float]:
    """Training steps as fractional epochs, so the loss curves share the epoch slider's scale."""
    per_epoch = max(r["step"] for r in losses) / max(r["epoch"] for r in losses)
    return [r["step"] / per_epoch for r in losses]


def curves(losses: list[dict], history: list[dict], epoch: int) -> Image.Image:
    """Left: D's and G's losses over training. Right: per-epoch validation scores. The chosen epoch is shaded."""
    # Drawing takes ~230 ms of CPU, ten times the rest of the request: draw each (data, epoch) once.
    png = _curves_png(json.dumps([losses, history], sort_keys=True), epoch)
    return Image.open(io.BytesIO(png)).convert("RGB")


@functools.lru_cache(maxsize=64)
def _curves_png(data: str, epoch: int) -> bytes:  # keyed on the numbers themselves: new training data redraws
    from matplotlib.figure import Figure  # object API: no global pyplot state

    losses, history = json.loads(data)

    fig = Figure(figsize=(9, 3.4), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2)
    if losses:
        x = _epoch_axis(losses)
        left.plot(x, [r["d_loss"] for r in losses], label="discriminator loss", color="tab:blue")
        left.plot(x, [r["g_loss"] for r in losses], label="generator loss", color="tab:orange")
        left.legend(frameon=False)
    else:
        left.text(0.5, 0.5, "no losses.json", ha="center", va="center", transform=left.transAxes)
    left.set(xlabel="epoch", ylabel="hinge loss", title="The two networks' losses")
    epochs = [r["epoch"] for r in history if "val_fd" in r]
    if epochs:
        right.plot(epochs, [r["val_fd"] for r in history if "val_fd" in r], "o-", color="tab:red",
                   label="Fréchet distance (lower is better)")
        right.set_ylabel("Fréchet distance")
        twin = right.twinx()
        twin.plot(epochs, [r.get("val_label_fidelity") for r in history if "val_fd" in r], "s--",
                  color="tab:green", label="label fidelity (higher is better)")
        twin.set(ylabel="label fidelity", ylim=(0, 1))
        handles = right.get_lines() + twin.get_lines()
        right.legend(handles=handles, loc="center right", frameon=False, fontsize="small")
    else:
        right.text(0.5, 0.5, "no per-epoch validation scores", ha="center", va="center", transform=right.transAxes)
    right.set(xlabel="epoch", title="Generator quality on validation data")
    left.axvspan(epoch - 1, epoch, color="grey", alpha=0.2)  # the steps of the chosen epoch
    right.axvline(epoch, color="grey", alpha=0.6)  # validation ran at the end of each epoch
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def timeline(family: Family, epoch=0, grids: list[tuple[int, Path]] | None = None,
             ) -> tuple[Image.Image, Image.Image, dict]:
    """The chosen epoch's grid, the loss and quality curves with that epoch shaded, and its numbers.

    `grids` is sample_grids(family), when the caller has it already."""
    grids = grids if grids is not None else sample_grids(family)
    epochs = [e for e, _ in grids]
    epoch = parse_epoch(epoch, epochs)
    grid = upscale(Image.open(dict(grids)[epoch]).convert("L"), GRID_SCALE)
    losses = artefacts.read_json(family, "gan", "losses.json") or []
    history = (artefacts.read_json(family, "gan", "training.json") or {}).get("history", [])
    record = next((r for r in history if r.get("epoch") == epoch), {})
    info = {"epoch": epoch, "epochs": epochs, **{k: v for k, v in record.items() if k != "epoch"}}
    return grid, curves(losses, history, epoch), info
