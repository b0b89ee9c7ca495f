"""What the classifier looked at: the pixels whose brightening raises P(class | x), drawn over the image.

The plain gradient of one probability with respect to 784 pixels is speckled: a ReLU network's
gradient jumps from pixel to pixel. Averaging it over a few dozen slightly noisy copies of the
image (SmoothGrad, Smilkov et al. 2017) keeps what is stable; a 3x3 mean softens it further.
One batch through a small CNN: tens of milliseconds on one CPU thread.
"""
from __future__ import annotations

import torch
from PIL import Image

from models.operations.common.images import DISPLAY_SCALE

DRAWS = 32      # noisy copies averaged
NOISE = 0.15    # their pixel noise, for images in [0, 1]
SEED = 0        # fixed: the same image always gets the same picture
SHADE = 0.45    # how bright the image itself stays under the heat


def saliency(classifier, x: torch.Tensor, class_index: int, draws: int = DRAWS, noise: float = NOISE,
             seed: int = SEED) -> torch.Tensor:
    """(28, 28) in [0, 1]: where brightening the pixel raises P(class_index | x), 1 at the strongest.

    `x`: one image (1, 1, 28, 28) in [0, 1]. Only rises count: a pixel that lowers the
    probability gets 0, like one that does not matter."""
    rng = torch.Generator().manual_seed(seed)
    copies = x.detach().expand(draws, -1, -1, -1) + noise * torch.randn((draws, *x.shape[1:]), generator=rng)
    copies.requires_grad_(True)
    with torch.enable_grad():
        probability = classifier(copies).softmax(dim=-1)[:, class_index].sum()
        gradient, = torch.autograd.grad(probability, copies)
    mean = gradient.mean(dim=0, keepdim=True)
    smooth = torch.nn.functional.avg_pool2d(mean, 3, stride=1, padding=1, count_include_pad=False)[0, 0]
    rises = smooth.clamp(min=0)
    peak = float(rises.max())
    return rises / peak if peak > 0 else rises


def heat_colours(heat: torch.Tensor) -> torch.Tensor:
    """(H, W) in [0, 1] -> (H, W, 3): black, through red, to yellow."""
    return torch.stack([(heat * 2).clamp(0, 1), (heat * 2 - 1).clamp(0, 1), torch.zeros_like(heat)], dim=-1)


def overlay(x: torch.Tensor, heat: torch.Tensor, scale: int = DISPLAY_SCALE * 2) -> Image.Image:
    """The image dimmed to grey with the heat laid over it (opaque where it is strongest), enlarged."""
    base = (x.detach()[0, 0] * SHADE)[..., None].expand(-1, -1, 3)
    alpha = heat[..., None]
    rgb = base * (1 - alpha) + heat_colours(heat) * alpha
    picture = Image.fromarray((rgb.clamp(0, 1) * 255 + 0.5).to(torch.uint8).numpy())
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)
