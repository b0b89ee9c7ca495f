"""The VAE: a convolutional encoder to a diagonal Gaussian q(z|x), a decoder back to pixels."""
import math

import torch
from torch import nn

from models.datasets import FASHION_MNIST
from models.networks.hub import HUB_KWARGS, PyTorchModelHubMixin

# How each likelihood is described in metrics.json and the model card.
LIKELIHOODS = {
    "gaussian": "Gaussian likelihood on pixel intensities in [0, 1] (mean from the decoder, one learned "
                "standard deviation shared by all pixels; a density, so -log p can be negative)",
    "bernoulli": "Bernoulli likelihood on pixel intensities in [0, 1] (binary cross-entropy, not binarised)",
}


class VAE(nn.Module, PyTorchModelHubMixin, **HUB_KWARGS):
    """Images in [0, 1], shape (B, channels, 28, 28). The decoder gives per-pixel means in [0, 1].

    `likelihood` is "gaussian" (a Gaussian around the decoder's mean with one learned standard
    deviation shared by all pixels, a "calibrated decoder" as in Rybkin et al. 2021, which keeps
    reconstructions sharp) or "bernoulli" (binary cross-entropy on intensities).
    The 28x28 layout is fixed by the two stride-2 stages (28 -> 14 -> 7).
    """

    def __init__(
        self,
        *,
        dataset: str = FASHION_MNIST.id,
        class_names: list[str] = list(FASHION_MNIST.class_names),
        image_size: int = 28,
        channels: int = 1,
        latent_dim: int = 32,
        width: int = 64,
        likelihood: str = "gaussian",
    ):
        super().__init__()
        if image_size != 28:
            raise ValueError("this VAE is laid out for 28x28 images")
        self.dataset, self.class_names = dataset, list(class_names)
        if likelihood not in ("gaussian", "bernoulli"):
            raise ValueError(f"likelihood must be 'gaussian' or 'bernoulli', not {likelihood!r}")
        self.image_size, self.channels, self.latent_dim = image_size, channels, latent_dim
        self.likelihood = likelihood
        if likelihood == "gaussian":
            self.log_sigma = nn.Parameter(torch.tensor(-2.0))  # learned with the rest; starts at sigma ~ 0.14
        w, flat = width, 2 * width * 7 * 7
        act = nn.SiLU
        self.encoder = nn.Sequential(
            nn.Conv2d(channels, w, 4, stride=2, padding=1), act(),   # 14x14
            nn.Conv2d(w, 2 * w, 4, stride=2, padding=1), act(),      # 7x7
            nn.Conv2d(2 * w, 2 * w, 3, padding=1), act(),
            nn.Flatten(), nn.Linear(flat, 2 * latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, flat), act(),
            nn.Unflatten(1, (2 * w, 7, 7)),
            nn.Conv2d(2 * w, 2 * w, 3, padding=1), act(),
            nn.ConvTranspose2d(2 * w, w, 4, stride=2, padding=1), act(),  # 14x14
            nn.ConvTranspose2d(w, w, 4, stride=2, padding=1), act(),      # 28x28
            nn.Conv2d(w, channels, 3, padding=1),
        )

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns the mean and log-variance of q(z|x), each (B, latent_dim)."""
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        return mu, logvar.clamp(-12.0, 8.0)

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Latent points -> images in [0, 1] (the means of p(x|z))."""
        return torch.sigmoid(self.decoder(z))

    @staticmethod
    def reparameterize(mu: torch.Tensor, logvar: torch.Tensor, generator: torch.Generator | None = None,
                       scale: float = 1.0) -> torch.Tensor:
        """A draw from N(mu, (scale * sigma)^2); `scale` widens (or narrows) the posterior, 1 is q(z|x) itself."""
        eps = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
        return mu + scale * eps * (0.5 * logvar).exp()

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Returns (decoder logits for a posterior sample, mu, logvar); the loss needs all three."""
        mu, logvar = self.encode(x)
        return self.decode_logits(self.reparameterize(mu, logvar)), mu, logvar

    def sample_prior(self, n: int, generator: torch.Generator | None = None, temperature: float = 1.0) -> torch.Tensor:
        """Decodes n points drawn from the prior N(0, temperature^2 I): the decoder generating on its own."""
        z = torch.randn(n, self.latent_dim, generator=generator, device=self.decoder[0].weight.device)
        return self.decode(temperature * z)


    def reconstruction_nats(self, logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Per-image -log p(x|z) in nats, for decoder logits of a latent sample."""
        if self.likelihood == "bernoulli":
            return nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
        log_sigma = self.log_sigma.clamp(min=-6.0)
        z = (x - torch.sigmoid(logits)) / log_sigma.exp()
        return (0.5 * z.pow(2) + log_sigma + 0.5 * math.log(2 * math.pi)).flatten(1).sum(1)

    def negative_elbo(self, logits: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        """Per-image negative ELBO in nats: reconstruction term plus KL(q(z|x) || N(0, I))."""
        return self.reconstruction_nats(logits, x) + kl_nats(mu, logvar)


def kl_nats(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """Per-image analytic KL divergence between N(mu, exp(logvar)) and N(0, I), in nats."""
    return 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(1)
