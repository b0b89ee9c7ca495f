"""The serving forms the app runs compute what the saved models compute."""
import torch
from torch import nn

from models.loading.loader import bundled_folder, load_model
from models.loading.serving import fold_batchnorm, for_serving


def test_folded_classifier_matches_the_saved_one_and_has_no_batchnorm():
    saved = load_model(bundled_folder("fashion-mnist", "classifier"), "classifier")
    serving = for_serving(saved)
    x = torch.rand(16, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    with torch.inference_mode():
        assert torch.allclose(serving(x), saved(x), atol=1e-4)
        assert torch.allclose(serving.features(x), saved.features(x), atol=1e-4)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in serving.modules())
    assert any(isinstance(m, nn.BatchNorm2d) for m in saved.modules())  # the saved model is left alone
    assert serving.saved_parameters == sum(p.numel() for p in saved.parameters())
    assert not serving.training


def test_vae_and_gan_serving_forms_give_the_same_images():
    vae = load_model(bundled_folder("fashion-mnist", "vae"), "vae")
    gan = load_model(bundled_folder("fashion-mnist", "gan"), "gan")
    z, y = gan.noise(8, torch.Generator().manual_seed(1)), torch.arange(8)
    latent = torch.randn(8, vae.latent_dim, generator=torch.Generator().manual_seed(2))
    with torch.inference_mode():
        assert torch.allclose(for_serving(gan).generate(z, y), gan.generate(z, y), atol=1e-5)
        assert torch.allclose(for_serving(vae).decode(latent), vae.decode(latent), atol=1e-5)


def test_fold_only_touches_conv_then_batchnorm_pairs():
    model = nn.Sequential(nn.BatchNorm2d(3), nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU()).eval()
    model[2].running_mean.fill_(0.5)
    folded = fold_batchnorm(model)
    assert isinstance(folded[0], nn.BatchNorm2d) and isinstance(folded[2], nn.Identity)
    x = torch.rand(2, 3, 8, 8)
    with torch.no_grad():
        assert torch.allclose(folded(x), model(x), atol=1e-6)


def test_in_halves_equals_one_batch_and_keeps_order():
    from models.loading.serving import in_halves

    calls = []

    def score(x, y):
        calls.append(len(x))
        return x.sum(dim=(1, 2, 3)) * y

    x, y = torch.rand(11, 1, 4, 4), torch.arange(11.0)
    assert torch.equal(in_halves(score, x, y), score(x, y))
    assert calls[:2] == [6, 5]  # two halves, in order
    calls.clear()
    in_halves(score, x[:3], y[:3])
    assert calls == [3]  # small batches are not split


def test_concurrently_returns_results_in_order_without_autograd():
    from models.loading.serving import concurrently

    w = torch.ones(3, requires_grad=True)
    a, b = concurrently(lambda: w * 2, lambda: w + 1)
    assert torch.equal(a, torch.full((3,), 2.0)) and torch.equal(b, torch.full((3,), 2.0))
    assert not a.requires_grad and not b.requires_grad  # inference mode in the worker threads
