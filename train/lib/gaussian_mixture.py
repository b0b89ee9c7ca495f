"""A full-covariance Gaussian mixture fitted by expectation-maximisation, in torch.

Used after training to fit each class's aggregate posterior (the cVAE's latent codes of that
class's training images), the "ex-post density estimation" of Ghosh et al. (2020): sampling from
where the codes really are, instead of from a prior the codes only roughly match.
"""
from dataclasses import dataclass

import torch

RIDGE = 1e-4  # added to every covariance's diagonal: keeps it invertible for tiny or flat components


@dataclass
class GaussianMixture:
    log_weights: torch.Tensor  # (M,)
    means: torch.Tensor        # (M, D)
    trils: torch.Tensor        # (M, D, D): Cholesky factors of the covariances

    def log_density(self, points: torch.Tensor) -> torch.Tensor:
        """(N,) log p(points) under the mixture."""
        return torch.logsumexp(self._joint(points), dim=1)

    def _joint(self, points: torch.Tensor) -> torch.Tensor:
        """(N, M) log w_m + log N(x; mu_m, Sigma_m)."""
        dist = torch.distributions.MultivariateNormal(self.means, scale_tril=self.trils)
        return dist.log_prob(points[:, None, :]) + self.log_weights


def _moments(points: torch.Tensor, resp: torch.Tensor) -> GaussianMixture:
    """The M-step: weights, means and covariances from (N, M) responsibilities."""
    counts = resp.sum(0) + 1e-8                                       # (M,)
    means = resp.T @ points / counts[:, None]                         # (M, D)
    centred = points[None] - means[:, None]                           # (M, N, D)
    cov = torch.einsum("mn,mnd,mne->mde", resp.T, centred, centred) / counts[:, None, None]
    cov = cov + RIDGE * torch.eye(points.shape[1], dtype=points.dtype)
    return GaussianMixture((counts / counts.sum()).log(), means, torch.linalg.cholesky(cov))


def spread_seeds(points: torch.Tensor, components: int, generator: torch.Generator) -> torch.Tensor:
    """k-means++ seeding: each next seed drawn with probability proportional to its squared
    distance from the nearest seed so far, so seeds rarely share a cluster."""
    seeds = points[torch.randint(len(points), (1,), generator=generator)]
    for _ in range(components - 1):
        nearest = torch.cdist(points, seeds).min(1).values.pow(2)
        seeds = torch.cat([seeds, points[torch.multinomial(nearest / nearest.sum(), 1, generator=generator)]])
    return seeds


def fit(points: torch.Tensor, components: int, generator: torch.Generator,
        iterations: int = 100, tolerance: float = 1e-4) -> tuple[GaussianMixture, float]:
    """Fits `components` Gaussians to (N, D) points; returns the mixture and its mean log-likelihood.

    Starts from hard assignments to the nearest of `components` k-means++ seeds, then runs
    EM until the mean log-likelihood improves by less than `tolerance` nats per point."""
    points = points.double()
    if len(points) < components * (points.shape[1] + 1):
        raise ValueError(f"{len(points)} points are too few for {components} full-covariance components")
    nearest = torch.cdist(points, spread_seeds(points, components, generator)).argmin(1)
    resp = torch.nn.functional.one_hot(nearest, components).double()
    mixture, previous = _moments(points, resp), -float("inf")
    for _ in range(iterations):
        joint = mixture._joint(points)
        mean_log_likelihood = torch.logsumexp(joint, 1).mean().item()
        if mean_log_likelihood - previous < tolerance:
            break
        previous = mean_log_likelihood
        mixture = _moments(points, torch.softmax(joint, 1))
    return GaussianMixture(*(t.float() for t in (mixture.log_weights, mixture.means, mixture.trils))), previous
