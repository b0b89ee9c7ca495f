"""The three networks: shapes, ranges, Hub round trips and seeded determinism."""
import math

import pytest
import torch

from models import VAE, Classifier, ConditionalGAN
from models.networks.cvae import ConditionalVAE


def images(n=4, seed=0):
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(seed))


def test_classifier_shapes():
    model = Classifier().eval()
    assert model(images()).shape == (4, 10)
    assert model.features(images()).shape == (4, 128)
    probs = model.predict_proba(images())
    assert torch.allclose(probs.sum(1), torch.ones(4))


def test_vae_shapes_and_loss():
    model = VAE().eval()
    mu, logvar = model.encode(images())
    assert mu.shape == logvar.shape == (4, model.latent_dim)
    decoded = model.decode(mu)
    assert decoded.shape == (4, 1, 28, 28) and decoded.min() >= 0 and decoded.max() <= 1
    logits, mu, logvar = model(images())
    loss = model.negative_elbo(logits, images(), mu, logvar)
    assert loss.shape == (4,) and torch.isfinite(loss).all()
    assert model.sample_prior(3).shape == (3, 1, 28, 28)


def test_bernoulli_negative_elbo_at_the_prior():
    x = torch.full((2, 1, 28, 28), 0.5)
    zero = torch.zeros(2, 8)
    # logits 0 -> p = 0.5, so the reconstruction term is 784 * log 2 nats and the KL is 0
    loss = VAE(likelihood="bernoulli").negative_elbo(torch.zeros(2, 1, 28, 28), x, zero, zero)
    assert torch.allclose(loss, torch.full((2,), 784 * math.log(2.0)))


def test_gaussian_reconstruction_matches_torch_distributions():
    vae = VAE(likelihood="gaussian")
    with torch.no_grad():
        vae.log_sigma.fill_(math.log(0.2))
    logits, x = torch.randn(3, 1, 28, 28), torch.rand(3, 1, 28, 28)
    expected = -torch.distributions.Normal(torch.sigmoid(logits), 0.2).log_prob(x).flatten(1).sum(1)
    assert torch.allclose(vae.reconstruction_nats(logits, x), expected, atol=1e-3)
    zero = torch.zeros(3, 8)
    assert torch.allclose(vae.negative_elbo(logits, x, zero, zero), expected, atol=1e-3)


def test_vae_rejects_an_unknown_likelihood():
    with pytest.raises(ValueError, match="likelihood"):
        VAE(likelihood="poisson")


def test_gan_shapes_and_ranges():
    gan = ConditionalGAN().eval()
    z, y = gan.noise(5), gan.random_labels(5)
    fake = gan.generate(z, y)
    assert z.shape == (5, gan.noise_dim) and y.max() < 10
    assert fake.shape == (5, 1, 28, 28) and fake.min() >= 0 and fake.max() <= 1
    assert gan.discriminate(fake, y).shape == (5,)


def test_gan_same_seed_same_images():
    gan = ConditionalGAN().eval()
    make = lambda seed: gan.generate(gan.noise(3, torch.Generator().manual_seed(seed)), torch.tensor([0, 1, 2]))
    assert torch.equal(make(7), make(7))
    assert not torch.equal(make(7), make(8))


def test_round_trip_through_save_pretrained(tmp_path):
    torch.manual_seed(0)
    for model in (Classifier(class_names=list("abcdefghij")), VAE(latent_dim=8), ConditionalGAN(noise_dim=16)):
        model.eval()
        folder = tmp_path / type(model).__name__
        model.save_pretrained(folder)
        assert (folder / "model.safetensors").exists() and (folder / "config.json").exists()
        loaded = type(model).from_pretrained(folder).eval()
        x = images(2)
        with torch.no_grad():
            if isinstance(model, Classifier):
                assert loaded.class_names == list("abcdefghij")
                assert torch.equal(model(x), loaded(x))
            elif isinstance(model, VAE):
                assert loaded.latent_dim == 8
                assert torch.equal(model.encode(x)[0], loaded.encode(x)[0])
            else:
                z, y = model.noise(2, torch.Generator().manual_seed(1)), torch.tensor([3, 4])
                assert loaded.noise_dim == 16
                assert torch.equal(model.generate(z, y), loaded.generate(z, y))
                assert torch.equal(model.discriminate(x, y), loaded.discriminate(x, y))


def test_cvae_per_pixel_scale_is_a_gaussian_with_each_pixels_sigma():
    cvae = ConditionalVAE(pixel_scale="per_pixel", width=8, latent_dim=4)
    assert cvae.out.out_channels == 2   # the mean's map and the log sigma's
    outputs, x = torch.randn(3, 2, 28, 28), torch.rand(3, 1, 28, 28)
    log_sigma = cvae.log_sigmas(outputs)
    assert log_sigma.shape == (3, 1, 28, 28) and (log_sigma > cvae.min_log_sigma).all()
    expected = -torch.distributions.Normal(torch.sigmoid(outputs[:, :1]), log_sigma.exp()).log_prob(x).flatten(1).sum(1)
    assert torch.allclose(cvae.reconstruction_nats(outputs, x), expected, rtol=1e-5)
    # an untrained decoder's zeros give the same sigma the shared scale starts from
    assert torch.allclose(cvae.log_sigmas(torch.zeros(1, 2, 28, 28)), torch.tensor(-2.0))
    assert cvae.decode(torch.zeros(2, 4), torch.tensor([0, 1])).shape == (2, 1, 28, 28)


def test_cvae_rejects_an_unknown_pixel_scale():
    with pytest.raises(ValueError, match="pixel_scale"):
        ConditionalVAE(pixel_scale="per_image")
