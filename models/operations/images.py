"""Tensors to PIL images for display: crisp nearest-neighbour upscaling of 28x28 pictures."""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image

DISPLAY_SCALE = 4  # 28 px -> 112 px; every model pixel becomes a 4x4 block, nothing is blurred


def to_pil(image: torch.Tensor) -> Image.Image:
    """(1, H, W) or (H, W) in [0, 1] -> 8-bit grayscale PIL image of the same size."""
    array = image.detach().float().clamp(0, 1).squeeze().cpu().numpy()
    return Image.fromarray((array * 255.0 + 0.5).astype(np.uint8))


def upscale(image: Image.Image, scale: int = DISPLAY_SCALE) -> Image.Image:
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)


def for_display(image: torch.Tensor) -> Image.Image:
    return upscale(to_pil(image))
