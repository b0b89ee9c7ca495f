"""A 2-D map of the VAE's latent space: test images' posterior means, projected with PCA.

The map is computed once, offline (`python -m train.latent_map --dataset D`), and shipped
next to the VAE weights as `latent_map.safetensors`, so the Space never needs the dataset.
The file also holds the PCA mean and basis (to place new uploads on the map) and a few
hundred real test images (the "real" column of the Compare tab).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image
from safetensors import safe_open
from safetensors.torch import save_file

from models.operations.vae import latent_plot
from models.operations.common.preprocess import preprocess
from models.operations.common.validation import parse_float
from models.networks.vae import VAE

FILENAME = "latent_map.safetensors"
NEIGHBOURS = 20
COORDINATE_LIMIT = 50.0  # /decode_latent's x and y; the maps' points lie within about +-5
TENSORS = ("coords", "labels", "latents", "mean", "basis", "explained", "real_images", "real_labels")


@dataclass
class LatentMap:
    coords: torch.Tensor       # (N, 2) PCA coordinates of the map's test images
    labels: torch.Tensor       # (N,) their classes
    latents: torch.Tensor      # (N, latent_dim) their posterior means (float16), for nearest neighbours
    mean: torch.Tensor         # (latent_dim,) PCA centre
    basis: torch.Tensor        # (latent_dim, 2) the first two principal directions
    explained: torch.Tensor    # (2,) share of the variance each direction explains
    real_images: torch.Tensor  # (M, 1, 28, 28) uint8 test images, the same number per class
    real_labels: torch.Tensor  # (M,)
    metadata: dict[str, str] = field(default_factory=dict)


def fit_pca(points: torch.Tensor, components: int = 2) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Mean, basis (D, components) and explained-variance ratios of `points` (N, D), by exact SVD.

    Each direction's sign is fixed (its largest entry positive), so the map does not flip
    from one run to the next.
    """
    points = points.double()
    mean = points.mean(0)
    _, s, vh = torch.linalg.svd(points - mean, full_matrices=False)
    basis = vh[:components].T
    signs = torch.sign(basis.gather(0, basis.abs().argmax(0, keepdim=True)))
    variance = s.pow(2)
    return mean.float(), (basis * signs).float(), (variance[:components] / variance.sum()).float()


def project(points: torch.Tensor, mean: torch.Tensor, basis: torch.Tensor) -> torch.Tensor:
    return (points.float() - mean) @ basis


def seeded_subset(n_total: int, n: int, seed: int) -> torch.Tensor:
    """`n` distinct indices out of `n_total` (all of them if fewer), fixed by the seed, sorted."""
    order = torch.randperm(n_total, generator=torch.Generator().manual_seed(seed))
    return order[: min(n, n_total)].sort().values


def per_class_subset(labels: torch.Tensor, per_class: int, seed: int) -> torch.Tensor:
    """Up to `per_class` indices of every class, fixed by the seed, sorted."""
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    picked = [order[labels[order] == c][:per_class] for c in labels.unique()]
    return torch.cat(picked).sort().values


@torch.inference_mode()
def encode_means(vae: VAE, images: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """uint8 images (N, 1, 28, 28) -> posterior means (N, latent_dim)."""
    return torch.cat([vae.encode(images[i:i + batch_size].float() / 255.0)[0]
                      for i in range(0, len(images), batch_size)])


def build(vae: VAE, images: torch.Tensor, labels: torch.Tensor, points: int = 2000, real_per_class: int = 32,
          seed: int = 0, metadata: dict[str, str] | None = None) -> LatentMap:
    """The map of a seeded subset of `points` images, and `real_per_class` real images per class."""
    chosen = seeded_subset(len(labels), points, seed)
    latents = encode_means(vae, images[chosen])
    mean, basis, explained = fit_pca(latents)
    real = per_class_subset(labels, real_per_class, seed + 1)
    return LatentMap(project(latents, mean, basis), labels[chosen].long(), latents.half(), mean, basis, explained,
                     images[real].to(torch.uint8).contiguous(), labels[real].long(),
                     {"points": str(len(chosen)), "seed": str(seed), **(metadata or {})})


def save(latent_map: LatentMap, path: Path) -> None:
    tensors = {name: getattr(latent_map, name).contiguous() for name in TENSORS}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=latent_map.metadata)


def load(path: Path) -> LatentMap:
    with safe_open(str(path), framework="pt") as f:
        missing = [name for name in TENSORS if name not in f.keys()]
        if missing:
            raise ValueError(f"{path} lacks {', '.join(missing)}")
        return LatentMap(**{name: f.get_tensor(name) for name in TENSORS}, metadata=f.metadata() or {})


@torch.inference_mode()
def place(vae: VAE, latent_map: LatentMap, x: torch.Tensor, class_names: list[str]) -> dict:
    """Where image `x` (1, 1, 28, 28) lands on the map, and the classes of its nearest map points.

    Neighbours are found in the full latent space: two codes can be close on the 2-D
    projection and far apart in the 32 dimensions the decoder actually sees.
    """
    mu = vae.encode(x)[0]
    xy = project(mu, latent_map.mean, latent_map.basis)[0]
    distances = (latent_map.latents.float() - mu).norm(dim=1)
    nearest = distances.topk(min(NEIGHBOURS, len(distances)), largest=False).indices
    counts = torch.bincount(latent_map.labels[nearest], minlength=len(class_names))
    neighbours = {class_names[i]: int(counts[i]) for i in counts.argsort(descending=True).tolist() if counts[i] > 0}
    return {"x": round(float(xy[0]), 4), "y": round(float(xy[1]), 4), "nearest_test_images": neighbours}


def point(latent_map: LatentMap, x: float, y: float) -> torch.Tensor:
    """The latent vector (1, latent_dim) at map coordinates (x, y): the PCA centre plus x and y times the
    two principal directions. The directions are orthonormal, so `project` of it gives (x, y) back; the
    dimensions the map does not show stay at the centre."""
    return (latent_map.mean + latent_map.basis @ torch.tensor([float(x), float(y)]))[None]


def nearest_on_map(latent_map: LatentMap, x: float, y: float, class_names: list[str]) -> dict:
    """Classes of the NEIGHBOURS map points nearest to (x, y) on the map, most frequent first, and the distance to the nearest."""
    distances = (latent_map.coords.float() - torch.tensor([float(x), float(y)])).norm(dim=1)
    nearest = distances.topk(min(NEIGHBOURS, len(distances)), largest=False).indices
    counts = torch.bincount(latent_map.labels[nearest], minlength=len(class_names))
    classes = {class_names[i]: int(counts[i]) for i in counts.argsort(descending=True, stable=True).tolist() if counts[i] > 0}
    return {"nearest_classes_on_map": classes, "distance_to_nearest_map_point": round(float(distances.min()), 4)}


@torch.inference_mode()
def decode_point(vae: VAE, latent_map: LatentMap, x: float, y: float, class_names: list[str]) -> tuple[torch.Tensor, dict]:
    """The VAE's decoding of the map point (x, y), (1, channels, 28, 28) in [0, 1], and the map's classes around it."""
    x, y = parse_float(x, "x", -COORDINATE_LIMIT, COORDINATE_LIMIT), parse_float(y, "y", -COORDINATE_LIMIT, COORDINATE_LIMIT)
    image = vae.decode(point(latent_map, x, y))
    return image, {"x": float(x), "y": float(y), **nearest_on_map(latent_map, x, y, class_names)}


def title(latent_map: LatentMap, dataset: str) -> str:
    return f"VAE latent space of {dataset}: posterior means of {len(latent_map.labels)} test images, PCA"


def axis_labels(latent_map: LatentMap) -> tuple[str, str]:
    share = latent_map.explained.tolist()
    return (f"principal direction 1 ({share[0]:.0%} of the variance)",
            f"principal direction 2 ({share[1]:.0%} of the variance)")


def plot(latent_map: LatentMap, class_names: list[str], dataset: str, marker: tuple[float, float] | None = None,
         star_legend: bool = False) -> tuple[Image.Image, latent_plot.PixelFrame]:
    """The map as a scatter plot coloured by class, a star at `marker`; see models.operations.vae.latent_plot."""
    return latent_plot.plot(latent_map.coords, latent_map.labels, class_names, title(latent_map, dataset),
                            axis_labels(latent_map), marker, star_legend)


def view(vae: VAE, latent_map: LatentMap, class_names: list[str], dataset: str, image=None,
         backdrop: tuple[Image.Image, latent_plot.PixelFrame] | None = None) -> tuple[Image.Image, dict]:
    """The map as a plot, with a star where `image` (optional, any upload) lands; and the numbers behind it.

    `backdrop`: this map drawn with `star_legend=True`, to paint the star on instead of drawing it all again."""
    info = {"dataset": dataset, "points": len(latent_map.labels),
            "explained_variance": [round(v, 4) for v in latent_map.explained.tolist()]}
    if image is None:
        return plot(latent_map, class_names, dataset)[0], info
    placed = place(vae, latent_map, preprocess(image, dataset)[0], class_names)
    info["image"] = placed
    marker = (placed["x"], placed["y"])
    picture = latent_plot.paint_star(*backdrop, marker) if backdrop is not None else None
    if picture is None:  # no backdrop, or the star lies outside its axes
        picture = plot(latent_map, class_names, dataset, marker)[0]
    return picture, info
