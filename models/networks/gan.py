"""The class-conditional GAN: generator G(z, y) and projection discriminator D(x, y).

Recipe chosen to train stably on a CPU in minutes: conditional batch-norm in G
(class-specific scale and shift), spectral normalization and a projection head in D
(Miyato & Koyama 2018), trained with the hinge loss. Both networks live in one module so
one model.safetensors holds both, and `config.json` rebuilds the pair.
"""
import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from models.datasets import FASHION_MNIST
from models.networks.hub import HUB_KWARGS, PyTorchModelHubMixin


def hinge_critic_loss(real_score: torch.Tensor, fake_score: torch.Tensor) -> torch.Tensor:
    """The discriminator's hinge loss: real scores pushed above 1, fake ones below -1."""
    return torch.relu(1 - real_score).mean() + torch.relu(1 + fake_score).mean()


class ConditionalBatchNorm2d(nn.Module):
    """Batch-norm whose scale and shift are looked up per class."""

    def __init__(self, channels: int, num_classes: int):
        super().__init__()
        self.bn = nn.BatchNorm2d(channels, affine=False)
        self.scale = nn.Embedding(num_classes, channels)
        self.shift = nn.Embedding(num_classes, channels)
        nn.init.ones_(self.scale.weight)
        nn.init.zeros_(self.shift.weight)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """`y`: class indices (B,), or class weights (B, num_classes) that mix the classes' scales and shifts."""
        if y.is_floating_point():  # a blend of classes, e.g. to walk from one class to another
            scale, shift = y @ self.scale.weight, y @ self.shift.weight
        else:
            scale, shift = self.scale(y), self.shift(y)
        return self.bn(x) * scale[:, :, None, None] + shift[:, :, None, None]


class UpBlock(nn.Module):
    """Nearest-neighbour upsample, then 3x3 conv: no checkerboard artefacts of transposed convs."""

    def __init__(self, c_in: int, c_out: int, num_classes: int):
        super().__init__()
        self.norm = ConditionalBatchNorm2d(c_in, num_classes)
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.norm(x, y))
        return self.conv(nn.functional.interpolate(x, scale_factor=2, mode="nearest"))


class Generator(nn.Module):
    def __init__(self, noise_dim: int, num_classes: int, width: int, channels: int):
        super().__init__()
        self.width = width
        self.project = nn.Linear(noise_dim, 4 * width * 7 * 7)
        self.up1 = UpBlock(4 * width, 2 * width, num_classes)  # 7 -> 14
        self.up2 = UpBlock(2 * width, width, num_classes)      # 14 -> 28
        self.out_norm = ConditionalBatchNorm2d(width, num_classes)
        self.out = nn.Conv2d(width, channels, 3, padding=1)

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = self.project(z).view(-1, 4 * self.width, 7, 7)
        h = self.up2(self.up1(h, y), y)
        return torch.tanh(self.out(torch.relu(self.out_norm(h, y))))


class Discriminator(nn.Module):
    def __init__(self, num_classes: int, width: int, channels: int):
        super().__init__()
        sn, act = spectral_norm, nn.LeakyReLU(0.1)
        self.body = nn.Sequential(
            sn(nn.Conv2d(channels, width, 3, padding=1)), act,
            sn(nn.Conv2d(width, 2 * width, 4, stride=2, padding=1)), act,      # 14x14
            sn(nn.Conv2d(2 * width, 2 * width, 3, padding=1)), act,
            sn(nn.Conv2d(2 * width, 4 * width, 4, stride=2, padding=1)), act,  # 7x7
            sn(nn.Conv2d(4 * width, 4 * width, 3, padding=1)), act,
        )
        self.linear = sn(nn.Linear(4 * width, 1))
        self.embed = sn(nn.Embedding(num_classes, 4 * width))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = self.body(x).sum(dim=(2, 3))
        # projection: unconditional score plus the inner product with the class embedding
        return self.linear(h).squeeze(1) + (self.embed(y) * h).sum(1)


class ConditionalGAN(nn.Module, PyTorchModelHubMixin, **HUB_KWARGS):
    """Public tensors are images in [0, 1]; internally both networks work in [-1, 1]."""

    def __init__(
        self,
        *,
        dataset: str = FASHION_MNIST.id,
        class_names: list[str] = list(FASHION_MNIST.class_names),
        image_size: int = 28,
        channels: int = 1,
        noise_dim: int = 64,
        g_width: int = 32,
        d_width: int = 16,
    ):
        super().__init__()
        if image_size != 28:
            raise ValueError("this GAN is laid out for 28x28 images")
        self.dataset, self.class_names = dataset, list(class_names)
        self.image_size, self.channels, self.noise_dim = image_size, channels, noise_dim
        self.generator = Generator(noise_dim, len(self.class_names), g_width, channels)
        self.discriminator = Discriminator(len(self.class_names), d_width, channels)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def noise(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """The generator's input: n standard-normal vectors of length noise_dim."""
        return torch.randn(n, self.noise_dim, generator=generator)

    def random_labels(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """Classes for the "any" choice: uniform over the dataset's classes."""
        return torch.randint(0, self.num_classes, (n,), generator=generator)

    def generate(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Noise (B, noise_dim) and class indices (B,) or class weights (B, num_classes) -> images in [0, 1]."""
        return (self.generator(z, y) + 1.0) / 2.0

    def discriminate(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1] and class indices -> real/fake logits (B,); sigmoid gives P(real)."""
        return self.discriminator(x * 2.0 - 1.0, y)

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.generate(z, y)
