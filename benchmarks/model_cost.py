"""The physical floor: parameters, MFLOPs per image and CPU forward latency of each network."""
from __future__ import annotations

import statistics
import time

import torch
from torch.utils.flop_counter import FlopCounterMode

from benchmarks.machine import torch_threads
from models.loading.loader import Family


def forwards(family: Family) -> dict[str, tuple[torch.nn.Module, callable]]:
    """name -> (module whose parameters count, function of a batch size that runs one forward pass)."""
    c, vae, gan = family.classifier, family.vae, family.gan
    side, channels = c.image_size, c.channels

    def images(n):
        return torch.rand(n, channels, side, side)

    def labels(n):
        return torch.zeros(n, dtype=torch.long)

    return {
        "classifier": (c, lambda n: c(images(n))),
        "VAE (encode + decode)": (vae, lambda n: vae(images(n))),
        "GAN generator": (gan.generator, lambda n: gan.generate(gan.noise(n), labels(n))),
        "GAN discriminator": (gan.discriminator, lambda n: gan.discriminate(images(n), labels(n))),
    }


def mflops_per_image(run, batch: int = 8) -> float:
    # Outside inference_mode: the counter's module tracker hooks autograd, which spectral norm's
    # parametrized weights need. Counting is all this pass does.
    with FlopCounterMode(display=False) as counter:
        run(batch)
    return counter.get_total_flops() / batch / 1e6


@torch.inference_mode()
def forward_ms(run, batch: int, iterations: int) -> float:
    run(batch)  # first call allocates and picks kernels
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        run(batch)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def model_cost(family: Family, iterations: int, threads: int = 1) -> list[dict]:
    """One row per network; `threads` as app.py serves (1 torch thread)."""
    with torch_threads(threads):
        return [{"model": name,
                 "params": getattr(module, "saved_parameters", None) or sum(p.numel() for p in module.parameters()),
                 "mflops_per_image": mflops_per_image(run),
                 "ms_batch_1": forward_ms(run, 1, iterations),
                 "ms_batch_64": forward_ms(run, 64, max(1, iterations // 4))}
                for name, (module, run) in forwards(family).items()]
