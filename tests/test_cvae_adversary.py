"""The decoder's adversary (train/lib/cvae_adversary.py): what it trains and what it leaves alone."""
import pytest
import torch

from models.networks.cvae import ConditionalVAE
from train.lib.cvae_adversary import DecoderAdversary


def small_cvae(**kwargs) -> ConditionalVAE:
    torch.manual_seed(0)
    return ConditionalVAE.from_settings(width=8, latent_dim=4, class_names=list("abc"), **kwargs)


def test_the_adversarial_loss_reaches_the_decoder_and_not_the_encoder_or_the_prior():
    cvae = small_cvae(adversarial_weight=10.0)
    adversary = DecoderAdversary(cvae, torch.device("cpu"))
    x, y = torch.rand(6, 1, 28, 28), torch.tensor([0, 1, 2, 0, 1, 2])
    _, mu, logvar = cvae(x, y)
    fakes = adversary.fakes(mu, logvar, y)
    assert fakes.shape == x.shape and 0 <= fakes.min() and fakes.max() <= 1
    adversary.decoder_loss(fakes, y).backward()
    untouched = [cvae.trunk[0].weight, cvae.head.weight, cvae.head_y.weight, cvae.prior_mu, cvae.prior_logvar]
    assert all(p.grad is None for p in untouched)
    decoder = [cvae.dec_in.weight, cvae.c1.weight, cvae.c3.weight, cvae.out.weight]
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in decoder)


def test_the_critic_learns_to_tell_real_from_decoded():
    cvae = small_cvae()
    adversary = DecoderAdversary(cvae, torch.device("cpu"))
    real = (torch.rand(8, 1, 28, 28) > 0.5).float()   # crisp, like silhouettes
    y = torch.arange(8) % 3
    with torch.no_grad():
        _, mu, logvar = cvae(real, y)
        fakes = adversary.fakes(mu, logvar, y)       # an untrained decoder: flat grey
    losses = [adversary.critic_step(real, fakes, y) for _ in range(30)]
    assert losses[-1] < losses[0] - 0.5
    with torch.no_grad():
        assert (adversary.critic(real * 2 - 1, y) > adversary.critic(fakes * 2 - 1, y)).all()


def test_a_negative_adversarial_weight_is_refused():
    with pytest.raises(ValueError, match="adversarial_weight"):
        small_cvae(adversarial_weight=-1.0)
    assert small_cvae().trained_with.adversarial_weight == 0.0   # the default: the ELBO alone, as every earlier model


def test_with_the_fitted_prior_the_critic_sees_decodes_of_the_mixtures_draws():
    cvae = small_cvae(adversarial_weight=10.0, adversarial_prior="fitted")
    adversary = DecoderAdversary(cvae, torch.device("cpu"))
    point = torch.tensor([3.0, -2.0, 1.0, 4.0])      # far from the learned prior's N(0, I)
    for c in range(3):                               # one component, all but no spread, at `point`
        cvae.set_fitted(c, torch.zeros(1), point[None], 1e-6 * torch.eye(4)[None])
    x, y = torch.rand(6, 1, 28, 28), torch.tensor([0, 1, 2, 0, 1, 2])
    with torch.no_grad():
        _, mu, logvar = cvae(x, y)
        fakes = adversary.fakes(mu, logvar, y)
        expected = cvae.decode(point.repeat(3, 1), y[3:])
    assert torch.allclose(fakes[3:], expected, atol=1e-5)
    learned = small_cvae(adversarial_weight=10.0)
    learned.load_state_dict(cvae.state_dict())
    with torch.no_grad():
        assert not torch.allclose(DecoderAdversary(learned, torch.device("cpu")).fakes(mu, logvar, y)[3:], expected,
                                  atol=1e-3)


def test_an_unknown_adversarial_prior_is_refused():
    with pytest.raises(ValueError, match="adversarial_prior"):
        small_cvae(adversarial_prior="uniform")
    assert small_cvae().trained_with.adversarial_prior == "learned"
