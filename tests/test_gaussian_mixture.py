"""The EM fit behind the cVAE's fitted prior: finds known clusters, and more components fit better."""
import math

import pytest
import torch

from train.lib import gaussian_mixture


def three_clusters(n: int = 900) -> torch.Tensor:
    g = torch.Generator().manual_seed(0)
    centres = torch.tensor([[-6.0, 0.0], [0.0, 6.0], [6.0, 0.0]])
    shares = [n // 2, n // 3, n - n // 2 - n // 3]   # weights 1/2, 1/3, 1/6
    return torch.cat([c + 0.5 * torch.randn(k, 2, generator=g) for c, k in zip(centres, shares)])


def test_recovers_the_clusters_means_and_weights():
    mixture, _ = gaussian_mixture.fit(three_clusters(), 3, torch.Generator().manual_seed(1))
    order = mixture.means[:, 0].argsort()
    assert mixture.means[order].flatten().tolist() == pytest.approx([-6, 0, 0, 6, 6, 0], abs=0.15)
    assert mixture.log_weights[order].exp().tolist() == pytest.approx([1 / 2, 1 / 3, 1 / 6], abs=0.01)
    spread = mixture.trils[order] @ mixture.trils[order].transpose(1, 2)  # covariances
    assert torch.diagonal(spread, dim1=1, dim2=2).flatten().tolist() == pytest.approx([0.25] * 6, rel=0.25)


def test_more_components_fit_clustered_points_better():
    points = three_clusters()
    one, ll_one = gaussian_mixture.fit(points, 1, torch.Generator().manual_seed(0))
    three, ll_three = gaussian_mixture.fit(points, 3, torch.Generator().manual_seed(0))
    assert ll_three > ll_one + 1.0
    assert three.log_density(points).mean().item() == pytest.approx(ll_three, abs=0.01)


def test_one_component_is_the_sample_mean_and_covariance():
    points = three_clusters()
    mixture, _ = gaussian_mixture.fit(points, 1, torch.Generator().manual_seed(0))
    assert mixture.means[0].tolist() == pytest.approx(points.mean(0).tolist(), abs=1e-4)
    cov = torch.cov(points.T, correction=0) + gaussian_mixture.RIDGE * torch.eye(2)
    assert (mixture.trils[0] @ mixture.trils[0].T).flatten().tolist() == pytest.approx(cov.flatten().tolist(), abs=1e-3)
    assert math.isclose(mixture.log_weights[0].item(), 0.0, abs_tol=1e-6)


def test_too_few_points_are_refused():
    with pytest.raises(ValueError, match="too few"):
        gaussian_mixture.fit(torch.randn(10, 4), 3, torch.Generator().manual_seed(0))
