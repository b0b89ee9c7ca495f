"""Step 6 of the lesson: the encoder's answer for one image is a distribution q(z|x), drawn on the latent map.

q(z|x) is a Gaussian with a mean and a standard deviation per latent dimension. Seen through
the map's two principal directions (models/operations/vae/latent_map.py) it is a Gaussian in
2-D too: its mean projected, its covariance B^T diag(sigma^2) B. The prior N(0, I) projects to
a circle of radius 1 around the projection of z = 0 (the directions are orthonormal).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from models.networks.vae import VAE
from models.operations.vae.latent_map import LatentMap, project

SAMPLES = 5
SEED = 0


@dataclass
class PosteriorOnMap:
    mean: torch.Tensor          # (2,) the posterior mean on the map
    covariance: torch.Tensor    # (2, 2) the posterior's covariance on the map
    samples: torch.Tensor       # (S, 2) the drawn codes on the map
    prior_centre: torch.Tensor  # (2,) z = 0 on the map
    sigma: torch.Tensor         # (latent_dim,) the posterior's standard deviations
    decoded_mean: torch.Tensor  # (1, C, 28, 28) in [0, 1]
    decoded: torch.Tensor       # (S, C, 28, 28) the samples decoded


@torch.inference_mode()
def posterior_on_map(vae: VAE, latent_map: LatentMap, x: torch.Tensor, samples: int = SAMPLES,
                     seed: int = SEED) -> PosteriorOnMap:
    """q(z|x) of one image `x` (1, C, 28, 28) on the map, with `samples` seeded draws and their decodings."""
    mu, logvar = vae.encode(x)
    sigma = (0.5 * logvar[0]).exp()
    z = mu + sigma * torch.randn((samples, mu.shape[1]), generator=torch.Generator().manual_seed(seed))
    basis = latent_map.basis
    return PosteriorOnMap(
        mean=project(mu, latent_map.mean, basis)[0],
        covariance=basis.T @ torch.diag(sigma.pow(2)) @ basis,
        samples=project(z, latent_map.mean, basis),
        prior_centre=project(torch.zeros_like(mu), latent_map.mean, basis)[0],
        sigma=sigma,
        decoded_mean=vae.decode(mu),
        decoded=vae.decode(z),
    )


def ellipse(mean: torch.Tensor, covariance: torch.Tensor, radius: float = 2.0, points: int = 72) -> torch.Tensor:
    """(points + 1, 2): the closed outline `radius` standard deviations from `mean` (2 sigma holds ~86% in 2-D)."""
    values, vectors = torch.linalg.eigh(covariance.double())
    angles = torch.linspace(0, 2 * torch.pi, points + 1, dtype=torch.float64)
    circle = torch.stack([angles.cos(), angles.sin()], dim=1)
    return (mean.double() + radius * circle * values.clamp(min=0).sqrt() @ vectors.T).float()


def spread(decoded: torch.Tensor, decoded_mean: torch.Tensor) -> float:
    """Root-mean-square pixel difference between the decoded samples and the mean's decoding (0: identical)."""
    return float((decoded - decoded_mean).pow(2).mean().sqrt())
