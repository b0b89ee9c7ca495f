"""Small networks that train from scratch in a minute on one CPU thread, for the Train live tab.

MLPs by default: on one CPU thread an MLP step costs a fraction of a small conv step, and in
a minute more steps won (measured, docs/train-live.md). The discriminator is conditioned by
projection with spectral norm, which taught the class far faster than feeding the label in
beside the pixels (the plain baseline, still available). A small upsample-and-convolve
generator is here too, screened against the MLP one.
"""
from __future__ import annotations

import torch
from torch import nn

IMAGE_PIXELS = 28 * 28
CONDITIONINGS = ("projection", "concat")
GENERATORS = ("mlp", "conv")


def hidden_layers(inputs: int, width: int, depth: int, norm=lambda layer: layer) -> list[nn.Module]:
    """`depth` fully connected layers of `width` units, each followed by a leaky ReLU."""
    layers = []
    for i in range(depth):
        layers += [norm(nn.Linear(inputs if i == 0 else width, width)), nn.LeakyReLU(0.2)]
    return layers


class LiveGenerator(nn.Module):
    """(noise z, class y) -> image in [-1, 1], shape (B, 1, 28, 28): an MLP of `depth` hidden layers on z
    joined to a one-hot y.

    `class_bias`: each class also adds a learned picture of its own before the final tanh (a
    per-class output bias: 784 numbers per class, no cost per step), so G can draw the class's
    typical shape before its hidden layer has learned to.
    """

    def __init__(self, *, noise_dim: int = 64, num_classes: int = 10, hidden: int = 256, class_bias: bool = False,
                 depth: int = 1):
        super().__init__()
        self.noise_dim, self.num_classes = noise_dim, num_classes
        self.net = nn.Sequential(*hidden_layers(noise_dim + num_classes, hidden, depth), nn.Linear(hidden, IMAGE_PIXELS))
        self.class_bias = nn.Embedding(num_classes, IMAGE_PIXELS) if class_bias else None
        if self.class_bias is not None:
            nn.init.zeros_(self.class_bias.weight)

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        onehot = nn.functional.one_hot(y, self.num_classes).to(z.dtype)
        out = self.net(torch.cat([z, onehot], 1))
        if self.class_bias is not None:
            out = out + self.class_bias(y).to(out.dtype)
        return torch.tanh(out).view(-1, 1, 28, 28)


class LiveConvGenerator(nn.Module):
    """(z, y) -> image in [-1, 1]: a linear map to `channels` maps of 7x7, then two
    nearest-neighbour upsamplings each followed by a 3x3 convolution (7 -> 14 -> 28)."""

    def __init__(self, *, noise_dim: int = 64, num_classes: int = 10, channels: int = 32):
        super().__init__()
        self.noise_dim, self.num_classes, self.channels = noise_dim, num_classes, channels
        self.project = nn.Sequential(nn.Linear(noise_dim + num_classes, channels * 49), nn.LeakyReLU(0.2))
        self.body = nn.Sequential(
            nn.Upsample(scale_factor=2), nn.Conv2d(channels, channels, 3, padding=1), nn.LeakyReLU(0.2),
            nn.Upsample(scale_factor=2), nn.Conv2d(channels, 1, 3, padding=1), nn.Tanh(),
        )

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        onehot = nn.functional.one_hot(y, self.num_classes).to(z.dtype)
        return self.body(self.project(torch.cat([z, onehot], 1)).view(-1, self.channels, 7, 7))


def live_generator(kind: str, *, noise_dim: int, num_classes: int, hidden: int, class_bias: bool = False,
                   depth: int = 1) -> nn.Module:
    """The generator named `kind` ("mlp" or "conv"); `hidden` is the MLP's width or the conv's channels / 8,
    `depth` the MLP's hidden layers."""
    if kind == "mlp":
        return LiveGenerator(noise_dim=noise_dim, num_classes=num_classes, hidden=hidden, class_bias=class_bias,
                             depth=depth)
    if kind == "conv":
        return LiveConvGenerator(noise_dim=noise_dim, num_classes=num_classes, channels=max(hidden // 8, 1))
    raise ValueError(f"generator must be one of {GENERATORS}, got {kind!r}")


class LiveDiscriminator(nn.Module):
    """(image in [-1, 1], class y) -> realness score (a logit), from an MLP of `depth` hidden layers.

    `conditioning`: "projection" adds the inner product of the features with a learned class
    embedding to an unconditional score (Miyato & Koyama 2018); "concat" feeds the one-hot
    class in beside the pixels (the plain conditional GAN, kept as the baseline).
    `spectral_norm` bounds each layer's largest singular value (Miyato et al. 2018).
    `classifier`: a second head on the same features that names the class of the image (the
    auxiliary classifier of AC-GAN, Odena et al. 2017), read by `score_and_classes`.
    """

    def __init__(self, *, num_classes: int = 10, hidden: int = 256, conditioning: str = "projection",
                 spectral_norm: bool = True, classifier: bool = False, depth: int = 1):
        super().__init__()
        if conditioning not in CONDITIONINGS:
            raise ValueError(f"conditioning must be one of {CONDITIONINGS}, got {conditioning!r}")
        norm = nn.utils.parametrizations.spectral_norm if spectral_norm else (lambda layer: layer)
        self.num_classes, self.conditioning = num_classes, conditioning
        inputs = IMAGE_PIXELS + (num_classes if conditioning == "concat" else 0)
        self.body = nn.Sequential(*hidden_layers(inputs, hidden, depth, norm))
        self.score = norm(nn.Linear(hidden, 1))
        self.embed = norm(nn.Embedding(num_classes, hidden)) if conditioning == "projection" else None
        # no spectral norm on the class head: its logits need their own scale for the cross-entropy
        self.classes = nn.Linear(hidden, num_classes) if classifier else None

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.score_and_classes(x, y)[0]

    def score_and_classes(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The realness score and, with the classifier head, the class logits (else None)."""
        x = x.flatten(1)
        if self.embed is None:
            h = self.body(torch.cat([x, nn.functional.one_hot(y, self.num_classes).to(x.dtype)], 1))
            score = self.score(h).squeeze(1)
        else:
            h = self.body(x)
            # projection: an unconditional score plus how well the features match the class's embedding
            score = self.score(h).squeeze(1) + (self.embed(y) * h).sum(1)
        return score, (self.classes(h) if self.classes is not None else None)


class LiveVAE(nn.Module):
    """A small MLP VAE: image -> (mu, logvar) of a Gaussian over `latent_dim` -> Bernoulli pixel logits."""

    def __init__(self, *, latent_dim: int = 16, hidden: int = 256):
        super().__init__()
        self.latent_dim = latent_dim
        self.encoder = nn.Sequential(nn.Linear(IMAGE_PIXELS, hidden), nn.ReLU(), nn.Linear(hidden, 2 * latent_dim))
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, IMAGE_PIXELS))

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.encoder(x.flatten(1)).chunk(2, dim=1)
        return mu, logvar

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z).view(-1, 1, 28, 28)

    def forward(self, x: torch.Tensor, noise: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x in [0, 1]; `noise` ~ N(0, I) of shape (B, latent_dim) -> (pixel logits, mu, logvar)."""
        mu, logvar = self.encode(x)
        z = mu + noise * (0.5 * logvar).exp()
        return self.decode_logits(z), mu, logvar
