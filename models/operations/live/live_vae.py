"""The live VAE session: a small VAE trained from scratch while the Train live tab shows its
reconstructions of fixed test images and the two terms of its loss (no Gradio here)."""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import torch
from torch import nn

from models import datasets
from models.networks.live import LiveVAE
from models.operations.common.dataset_files import Split
from models.operations.live.live_training import seeded, Session, parse_lr, shown_images, training_data_once
from models.operations.common.validation import parse_int, parse_seed


@dataclass(frozen=True)
class VaeSettings:
    lr: float = 1e-3
    latent_dim: int = 16
    batch_size: int = 128
    hidden: int = 256
    seed: int = 0

    def checked(self) -> "VaeSettings":
        return VaeSettings(lr=parse_lr(self.lr), latent_dim=parse_int(self.latent_dim, "latent_dim", 1, 256),
                           batch_size=parse_int(self.batch_size, "batch_size", 1, 1024),
                           hidden=parse_int(self.hidden, "hidden", 8, 2048), seed=parse_seed(self.seed))


class VaeSession(Session):
    """A small VAE; `shown` are fixed images (e.g. one test image per class) it reconstructs."""

    def __init__(self, data: Split, class_names: list[str], shown: torch.Tensor, settings: VaeSettings = VaeSettings()):
        s = settings.checked()
        super().__init__(data, class_names, s.seed, s.batch_size)
        self.settings = s
        self.vae = seeded(s.seed, lambda: LiveVAE(latent_dim=s.latent_dim, hidden=s.hidden))
        self.shown = shown.float().div(255.0) if shown.dtype == torch.uint8 else shown.float()
        self.history: dict[str, list[float]] = {"reconstruction": [], "kl": []}

    @functools.cached_property
    def opt(self) -> torch.optim.Adam:  # made at the first update, as GanSession's
        return torch.optim.Adam(self.vae.parameters(), self.settings.lr)

    def _update(self) -> None:
        x, _ = self.real_batch()
        logits, mu, logvar = self.vae(x, torch.randn(len(x), self.settings.latent_dim, generator=self.rng))
        # the negative ELBO per image in nats: Bernoulli reconstruction term + KL(q(z|x) || N(0, I))
        reconstruction = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum() / len(x)
        self.opt.zero_grad(set_to_none=True)
        (reconstruction + kl).backward()
        self.opt.step()
        self.history["reconstruction"].append(reconstruction.item())
        self.history["kl"].append(kl.item())

    def step(self) -> dict:
        with self.lock:
            start = time.monotonic()
            self._update()
            self.seconds += time.monotonic() - start
        return self.stats()

    @torch.no_grad()
    def reconstructions(self) -> torch.Tensor:
        """Decodings of the shown images' posterior means, (N, 1, 28, 28) in [0, 1]."""
        with self.lock:
            mu, _ = self.vae.encode(self.shown)
            return torch.sigmoid(self.vae.decode_logits(mu))

    def stats(self) -> dict:
        h = self.history
        last = lambda key: round(h[key][-1], 3) if h[key] else None
        steps = len(h["kl"])
        return {"step": steps, "seconds": round(self.seconds, 2), "reconstruction": last("reconstruction"),
                "kl": last("kl"),
                "images_per_second": round(steps * self.batch_size / self.seconds, 1) if self.seconds > 0 else 0.0}


def vae_session(dataset: str, settings: VaeSettings = VaeSettings()) -> VaeSession:
    return VaeSession(training_data_once(dataset), datasets.class_names(dataset), shown_images(dataset), settings)
