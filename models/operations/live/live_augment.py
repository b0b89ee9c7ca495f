"""DiffAugment-style changes to the images D sees (Zhao et al. 2020, "Differentiable Augmentation
for Data-Efficient GAN Training"): the same kind of random change for real and generated images,
differentiable, so G learns through it. Written here for 28x28 images in [-1, 1]."""
from __future__ import annotations

import torch

SHIFT = 3  # translation: up to 3 px (1/8 of 28) in each direction, background (-1) coming in
CUTOUT = 14  # cutout: one 14x14 square (half the side) set to 0, grey


def translate(x: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    b, _, h, w = x.shape
    padded = torch.nn.functional.pad(x, (SHIFT, SHIFT, SHIFT, SHIFT), value=-1.0)
    dy, dx = (torch.randint(0, 2 * SHIFT + 1, (2, b, 1), generator=rng))
    rows = (torch.arange(h) + dy)[:, :, None]  # (B, H, 1)
    cols = (torch.arange(w) + dx)[:, None, :]  # (B, 1, W)
    return padded[torch.arange(b)[:, None, None], 0, rows, cols].unsqueeze(1)


def cutout(x: torch.Tensor, rng: torch.Generator) -> torch.Tensor:
    b, _, h, w = x.shape
    top, left = torch.randint(0, h - CUTOUT + 1, (b, 1, 1), generator=rng), torch.randint(0, w - CUTOUT + 1, (b, 1, 1), generator=rng)
    r, c = torch.arange(h)[None, :, None], torch.arange(w)[None, None, :]
    inside = (r >= top) & (r < top + CUTOUT) & (c >= left) & (c < left + CUTOUT)
    return x * (~inside).unsqueeze(1).to(x.dtype)


def augment(x: torch.Tensor, policy: str, rng: torch.Generator) -> torch.Tensor:
    """`policy`: "none", or comma-separated "translation" and "cutout", applied in that order."""
    for name in filter(None, policy.split(",")):
        if name == "translation":
            x = translate(x, rng)
        elif name == "cutout":
            x = cutout(x, rng)
        elif name != "none":
            raise ValueError(f"unknown augmentation {name!r}")
    return x
