"""Tensors to PIL images for display: crisp nearest-neighbour upscaling of 28x28 pictures."""
from __future__ import annotations

import torch
from PIL import Image

DISPLAY_SCALE = 4  # 28 px -> 112 px; every model pixel becomes a 4x4 block, nothing is blurred


def to_8bit(images: torch.Tensor) -> torch.Tensor:
    """Images in [0, 1] -> the 8-bit levels the page shows (values outside [0, 1] clipped, rounded)."""
    return (images.detach().float().clamp(0, 1) * 255.0 + 0.5).floor().to(torch.uint8)


def as_shown(images: torch.Tensor) -> torch.Tensor:
    """Images in [0, 1] at the 8-bit levels the page and the API's PNG files hold. A model output is
    judged (D's P(real), the classifier's answer) as shown, so the verdict in its caption is the one
    the file gets when it is sent back (preprocess reads an enlarged model picture exactly)."""
    return to_8bit(images).float().div_(255.0)


def to_pil(image: torch.Tensor) -> Image.Image:
    """(1, H, W) or (H, W) in [0, 1] -> 8-bit grayscale PIL image of the same size."""
    return Image.fromarray(to_8bit(image).squeeze().cpu().numpy())


def upscale(image: Image.Image, scale: int = DISPLAY_SCALE) -> Image.Image:
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)


def for_display(image: torch.Tensor) -> Image.Image:
    return upscale(to_pil(image))
