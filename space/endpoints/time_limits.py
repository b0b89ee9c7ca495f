"""How long each event may run before the server stops waiting for it (enforced by space.compat.deadlines).

Sized from measured latencies (`python -m benchmarks.time_limits`, figures in docs/reliability.md):
FACTOR times the endpoint's p99 at its largest accepted arguments, measured on a busy machine
(load average 21-25 on 2 cores), rounded up to 10 s, and never under FLOOR seconds: a request that
works is not refused for being slow when the Space is busier still. A request past its limit gets
"took longer than its time limit". The live runs set their own (MAX_SECONDS plus a margin).
"""
from __future__ import annotations

import math

FACTOR = 10  # x the p99 at the largest arguments
FLOOR = 20  # seconds
DEFAULT = 60  # seconds: the page's own events (reading a dataset's files the first time, judging, switching)

LIMITS = {  # api_name -> seconds; the comment: p99 at the largest arguments, 2026-12-07, load 21-25
    "classify": 20,  # 0.15 s
    "classify_generative": 20,  # 0.87 s
    "reconstruct_as_class": 20,  # 0.92 s
    "reconstruct": 20,  # 0.86 s at samples=16
    "sample_vae": 30,  # 2.79 s at count=64
    "generate": 30,  # 2.85 s at count=64
    "discriminate": 20,  # 0.12 s
    "interpolate_noise": 20,  # 1.26 s at steps=32
    "interpolate_classes": 20,  # 1.77 s at steps=32
    "interpolate_images": 30,  # 2.15 s at steps=32
    "latent_map": 20,  # 0.35 s
    "decode_latent": 20,  # 0.17 s
    "training_timeline": 20,  # 0.18 s
    "compare": 20,  # 1.85 s at count=16
    "real_or_fake_round": 20,  # 1.46 s (p50 0.10 s; load 22-24, 40 calls)
    "real_or_fake_answer": 20,  # 0.35 s (p50 0.06 s)
}


def suggested(p99_seconds: float) -> int:
    """The limit the sizing rule gives an endpoint with this p99."""
    return max(FLOOR, 10 * math.ceil(FACTOR * p99_seconds / 10))
