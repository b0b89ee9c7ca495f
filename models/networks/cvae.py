"""The class-conditional VAE: q(z|x,y), p(z|y) and p(x|z,y), so it can score log p(x|y) for every class.

Everything is conditioned on the class y, so the same network answers two questions:
- generation: draw z from the class's prior p(z|y) and decode it as that class;
- classification by Bayes' rule: P(y|x) ∝ p(x|y) p(y), with log p(x|y) estimated by an
  importance-weighted bound (models.operations.classify.generative_classifier).

The encoder's convolutional trunk sees the image only; the class enters as a learned offset of
the posterior's mean and log-variance. So the trunk runs once per image and every class's
posterior costs one addition: what makes scoring all classes cheap.
"""
import math

import torch
from torch import nn

from models.datasets import FASHION_MNIST
from models.networks import cvae_settings as settings
from models.networks.hub import HUB_KWARGS, PyTorchModelHubMixin

PIXEL_SCALES = ("shared", "per_pixel")


def likelihood_text(pixel_scale: str, min_log_sigma: float) -> str:
    """The decoder's likelihood in words, for the model card."""
    spread = ("one learned standard deviation shared by all pixels" if pixel_scale == "shared" else
              "a standard deviation per pixel, also from the decoder, so each reconstruction says where it is "
              f"unsure; at least exp({min_log_sigma:g}) = {math.exp(min_log_sigma):.3f}")
    return (f"Gaussian likelihood on pixel intensities in [0, 1] (mean from the decoder, {spread}; a density, "
            "so log p(x|y) can be positive)")


def log_normal(z: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """log N(z; mu, diag(exp(logvar))), summed over the last dimension."""
    return -0.5 * ((z - mu).pow(2) / logvar.exp() + logvar + math.log(2 * math.pi)).sum(-1)


class ConditionalVAE(nn.Module, PyTorchModelHubMixin, **HUB_KWARGS):
    """Images in [0, 1], shape (B, channels, 28, 28); classes as indices (B,).

    The constructor's top-level arguments are the architecture; `serving` and `trained_with` (dicts in
    config.json, objects on the model: models/networks/cvae_settings.py) are how it is served and how it
    was made.

    `class_prior`: p(y) of the training split, used by Bayes' rule (uniform when not given).
    Training learns p(z|y) as a diagonal Gaussian per class (`serving.latent_prior="learned"`). After
    training a mixture of `fitted_components` full-covariance Gaussians per class can be fitted to
    the training images' codes (`serving.latent_prior="fitted"`: a two-stage model, Ghosh et al. 2020); the
    served p(z|y) is then that mixture, for sampling and for scoring log p(x|y) alike. The codes are
    the posterior means (`trained_with.fitted_draws=0`), or that many draws from each training image's
    posterior q(z|x,y): a sample of the aggregate posterior, the prior that maximises the ELBO.
    The served prior, `fitted_components`, `fitted_draws`, `importance_samples` (K) and `refined_classes` (R: one
    draw per class screens the classes, the R likeliest get all K; None: every class gets K) are
    chosen on the validation split (train/select_cvae.py).
    `serving.likelihood_temperature` (T): the served answer is the tempered posterior p(y|x) ∝ p(x|y)^(1/T) p(y),
    T fitted on the validation split (`python -m train.calibrate`). Log-likelihoods of a whole image
    differ between classes by tens of nats, so plain Bayes' rule (T = 1, the default) answers 100% / 0%
    even when it is wrong; dividing them by T keeps their order and makes the confidence honest.
    `trained_with.adversarial_weight`: how strongly a critic shaped the decoder in training
    (train/lib/cvae_adversary.py; 0: a plain VAE), `adversarial_prior`: which p(z|y) its prior draws came from.
    """

    def __init__(
        self,
        *,
        dataset: str = FASHION_MNIST.id,
        class_names: list[str] = FASHION_MNIST.class_names,
        class_prior: list[float] | None = None,
        image_size: int = 28,
        channels: int = 1,
        latent_dim: int = 32,
        width: int = 64,
        min_log_sigma: float = -5.0,
        pixel_scale: str = "shared",
        fitted_components: int = 1,
        serving: dict | None = None,
        trained_with: dict | None = None,
    ):
        super().__init__()
        if image_size != 28:
            raise ValueError("this VAE is laid out for 28x28 images")
        if pixel_scale not in PIXEL_SCALES:
            raise ValueError(f"pixel_scale must be one of {', '.join(PIXEL_SCALES)}, not {pixel_scale!r}")
        if fitted_components < 1:
            raise ValueError("fitted_components must be at least 1")
        self.fitted_components = fitted_components
        self.serving: settings.Serving = settings.build("serving", serving)
        self.trained_with: settings.TrainedWith = settings.build("trained_with", trained_with)
        self.dataset, self.class_names = dataset, list(class_names)
        n = len(self.class_names)
        prior = torch.full((n,), 1.0 / n) if class_prior is None else torch.tensor(class_prior, dtype=torch.float32)
        if prior.shape != (n,) or (prior <= 0).any():
            raise ValueError("class_prior needs one positive probability per class")
        self.register_buffer("log_class_prior", (prior / prior.sum()).log(), persistent=False)
        self.image_size, self.channels, self.latent_dim, self.width = image_size, channels, latent_dim, width
        self.min_log_sigma, self.pixel_scale = min_log_sigma, pixel_scale
        w, flat = width, 2 * width * 7 * 7
        self.act = nn.SiLU()
        self.trunk = nn.Sequential(
            nn.Conv2d(channels, w, 4, stride=2, padding=1), nn.SiLU(),   # 14x14
            nn.Conv2d(w, 2 * w, 4, stride=2, padding=1), nn.SiLU(),      # 7x7
            nn.Conv2d(2 * w, 2 * w, 3, padding=1), nn.SiLU(), nn.Flatten())
        self.head = nn.Linear(flat, 2 * latent_dim)
        self.head_y = nn.Embedding(n, 2 * latent_dim)   # the class's offset to the posterior
        self.dec_in = nn.Linear(latent_dim, flat)
        self.dec_y = nn.Embedding(n, flat)               # the class enters the decoder at 7x7 ...
        self.c1 = nn.Conv2d(2 * w, 2 * w, 3, padding=1)
        self.c2 = nn.ConvTranspose2d(2 * w, w, 4, stride=2, padding=1)  # 14x14
        self.c3 = nn.ConvTranspose2d(w, w, 4, stride=2, padding=1)      # 28x28
        # per_pixel: a second map of the same size, each pixel's log standard deviation
        self.out = nn.Conv2d(w, channels * (2 if pixel_scale == "per_pixel" else 1), 3, padding=1)
        self.y2 = nn.Embedding(n, w)                     # ... and as a per-channel shift at 14x14 and 28x28
        self.y3 = nn.Embedding(n, w)
        for table in (self.head_y, self.dec_y, self.y2, self.y3):
            nn.init.zeros_(table.weight)
        self.prior_mu = nn.Parameter(torch.zeros(n, latent_dim))
        self.prior_logvar = nn.Parameter(torch.zeros(n, latent_dim))
        if pixel_scale == "shared":
            self.log_sigma = nn.Parameter(torch.tensor(-2.0))
        # Per class, a mixture of `fitted_components` full-covariance Gaussians fitted after training
        # to the posterior means of the training images (train/cvae.py); the served p(z|y) when
        # latent_prior == "fitted".
        m = fitted_components
        self.register_buffer("fitted_log_weights", torch.full((n, m), -math.log(m)))
        self.register_buffer("fitted_mu", torch.zeros(n, m, latent_dim))
        self.register_buffer("fitted_tril", torch.eye(latent_dim).repeat(n, m, 1, 1))

    @classmethod
    def from_settings(cls, **flat) -> "ConditionalVAE":
        """Built from settings given on one level (a recipe's model settings), each put in its group."""
        return cls(**settings.nest(flat))

    @classmethod
    def _from_pretrained(cls, *, config: dict | None = None, **kwargs):
        """Hub mixin hook (it passes config.json here): a config.json written before the settings were
        grouped keeps them on the top level, where the constructor no longer takes them."""
        if config and settings.is_flat(config):
            nested = settings.nest(config)
            kwargs.update({group: nested[group] for group in settings.GROUPS if group in nested})
        return super()._from_pretrained(**kwargs)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The class-free part of the posterior: (B, 2 * latent_dim)."""
        return self.head(self.trunk(x))

    def posterior(self, features: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and log-variance of q(z|x,y) from the image's features and the class."""
        mu, logvar = (features + self.head_y(y)).chunk(2, dim=1)
        return mu, logvar.clamp(-12.0, 8.0)

    def encode(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.posterior(self.features(x), y)

    def prior(self, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and log-variance of the class's learned prior p(z|y) (the one training uses)."""
        return self.prior_mu[y], self.prior_logvar[y].clamp(-8.0, 4.0)

    @staticmethod
    def _plus_class(h: torch.Tensor, offset: torch.Tensor) -> torch.Tensor:
        """h (B, C, ...) plus a class offset (B, C) broadcast over the rest, added in h's dtype. Under
        bf16 autocast an fp32 offset would promote the activation back to fp32, to be cast again by
        the next layer: about 40% of scoring's time on this CPU (docs/generative-classifier.md, "bf16 where the CPU has it").
        In fp32 the cast is a no-op."""
        return h + offset.to(h.dtype).view(*offset.shape, *(1,) * (h.dim() - offset.dim()))

    def decode_logits(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = self.act(self._plus_class(self.dec_in(z), self.dec_y(y))).view(-1, 2 * self.width, 7, 7)
        h = self.act(self.c1(h))
        h = self.act(self._plus_class(self.c2(h), self.y2(y)))
        h = self.act(self._plus_class(self.c3(h), self.y3(y)))
        return self.out(h)

    def decode(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Latent points and classes -> images in [0, 1] (the means of p(x|z,y))."""
        return torch.sigmoid(self.decode_logits(z, y)[:, :self.channels])

    def log_prior(self, z: torch.Tensor, y: torch.Tensor, latent_prior: str | None = None) -> torch.Tensor:
        """log p(z|y) under the served prior (or `latent_prior`): z (..., N, latent_dim), y (N,) -> (..., N)."""
        if (latent_prior or self.serving.latent_prior) == "learned":
            return log_normal(z, *self.prior(y))
        # no argument checks: the factors come from EM's Cholesky decompositions, and checking them
        # costs more than the log-density itself (1.3 of 2.2 ms for an upload's 10 draws)
        mixture = torch.distributions.MultivariateNormal(self.fitted_mu[y], scale_tril=self.fitted_tril[y],
                                                         validate_args=False)
        return torch.logsumexp(mixture.log_prob(z.unsqueeze(-2)) + self.fitted_log_weights[y], dim=-1)

    def sample(self, y: torch.Tensor, generator: torch.Generator | None = None, scale: float = 1.0,
               latent_prior: str | None = None) -> torch.Tensor:
        """Decodes one random latent point per class index in `y`, drawn from the served p(z|y) (or
        `latent_prior`'s); `scale` multiplies the spread (1: the distribution itself; a mixture's
        choice of component does not depend on it)."""
        return self.decode(self.draw_latents(y, generator, scale, latent_prior), y)

    def draw_latents(self, y: torch.Tensor, generator: torch.Generator | None = None, scale: float = 1.0,
                     latent_prior: str | None = None) -> torch.Tensor:
        """One latent point per class index in `y` from p(z|y), as `sample` draws them: (N, latent_dim)."""
        eps = torch.randn((len(y), self.latent_dim), generator=generator).to(self.prior_mu.device)
        if (latent_prior or self.serving.latent_prior) == "fitted":
            pick = torch.multinomial(self.fitted_log_weights[y].exp().cpu(), 1, generator=generator)[:, 0]
            pick = pick.to(y.device)
            z = self.fitted_mu[y, pick] + scale * (self.fitted_tril[y, pick] @ eps[:, :, None])[:, :, 0]
        else:
            mu, logvar = self.prior(y)
            z = mu + scale * eps * (0.5 * logvar).exp()
        return z

    @torch.no_grad()
    def posterior_means(self, x: torch.Tensor, y: torch.Tensor, batch: int = 1000) -> torch.Tensor:
        """(N, latent_dim) means of q(z|x,y)."""
        return torch.cat([self.encode(xb, yb)[0] for xb, yb in zip(x.split(batch), y.split(batch))])

    @torch.no_grad()
    def fitting_codes(self, x: torch.Tensor, y: torch.Tensor, generator: torch.Generator | None = None,
                      batch: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
        """The points the fitted prior is fitted to, and their classes: the posterior means of the
        images (fitted_draws == 0), else `fitted_draws` draws from each image's q(z|x,y), image-major."""
        if self.trained_with.fitted_draws == 0:
            return self.posterior_means(x, y, batch), y
        codes = []
        for xb, yb in zip(x.split(batch), y.split(batch)):
            mu, logvar = self.encode(xb, yb)
            eps = torch.randn((len(mu), self.trained_with.fitted_draws, self.latent_dim), generator=generator).to(mu.device)
            codes.append((mu[:, None] + eps * (0.5 * logvar[:, None]).exp()).flatten(0, 1))
        return torch.cat(codes), y.repeat_interleave(self.trained_with.fitted_draws)

    @torch.no_grad()
    def set_fitted(self, c: int, log_weights: torch.Tensor, means: torch.Tensor, trils: torch.Tensor) -> None:
        """Installs class c's fitted mixture: (M,) log weights, (M, D) means, (M, D, D) Cholesky factors."""
        self.fitted_log_weights[c] = log_weights
        self.fitted_mu[c], self.fitted_tril[c] = means, trils

    def log_sigmas(self, logits: torch.Tensor) -> torch.Tensor:
        """log sigma of p(x|z,y) from decoder outputs: the shared one, or each pixel's (kept above
        min_log_sigma smoothly, so it keeps its gradient; an untrained decoder's 0 gives -2, or half a
        nat above a higher floor)."""
        if self.pixel_scale == "shared":
            return self.log_sigma.clamp(min=self.min_log_sigma)
        offset = math.log(math.expm1(max(-2.0 - self.min_log_sigma, 0.5)))
        return self.min_log_sigma + nn.functional.softplus(logits[:, self.channels:] + offset)

    def reconstruction_nats(self, logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Per-image -log p(x|z,y) in nats, for decoder outputs."""
        log_sigma = self.log_sigmas(logits)
        z = (x - torch.sigmoid(logits[:, :self.channels])) / log_sigma.exp()
        return (0.5 * z.pow(2) + log_sigma + 0.5 * math.log(2 * math.pi)).flatten(1).sum(1)

    def kl_nats(self, mu: torch.Tensor, logvar: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Per-image analytic KL(q(z|x,y) || p(z|y)) in nats."""
        prior_mu, prior_logvar = self.prior(y)
        return 0.5 * (prior_logvar - logvar + (logvar.exp() + (mu - prior_mu).pow(2)) / prior_logvar.exp() - 1).sum(1)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(decoder logits for one posterior sample, mu, logvar): what the training loss needs."""
        mu, logvar = self.encode(x, y)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        return self.decode_logits(z, y), mu, logvar

    def negative_elbo(self, logits, x, mu, logvar, y) -> torch.Tensor:
        return self.reconstruction_nats(logits, x) + self.kl_nats(mu, logvar, y)
