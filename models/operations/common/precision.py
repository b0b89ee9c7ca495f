"""Where bfloat16 pays: the one rule for training's `--precision auto` and for scoring uploads.

oneDNN runs bf16 convolutions natively on CPUs with AVX-512 BF16 or AMX (about 1.8x faster than
fp32 for training; for one upload's scoring 1.0-2.0x from run to run on this shared machine, never
measurably slower: benchmarks/scoring_precision.py); elsewhere bf16 is emulated and slower, so fp32
is kept.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

import torch

from models import compat

PRECISIONS = ("fp32", "bf16")
# set only inside `scoring_in` (benchmarks and tests compare the two); None: the machine's rule
_chosen: ContextVar[str | None] = ContextVar("scoring_precision", default=None)


def native_bf16(device: torch.device | str = "cpu") -> bool:
    """Whether `device` computes bf16 natively (CUDA: the GPU says so; CPU: oneDNN's check)."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return device.type == "cpu" and torch.backends.mkldnn.is_available() and compat.mkldnn_bf16_supported()


def scoring_precision(device: torch.device | str = "cpu") -> str:
    """What the generative classifier's decoder passes run in: "bf16" where native, else "fp32"
    (inside `scoring_in`, the precision it names)."""
    return _chosen.get() or ("bf16" if native_bf16(device) else "fp32")


@contextmanager
def scoring_in(name: str):
    """Scores in `name` ("fp32" or "bf16") whatever the machine's rule says, until the block ends:
    for measuring one precision against the other on the same machine."""
    if name not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {name!r}")
    token = _chosen.set(name)
    try:
        yield
    finally:
        _chosen.reset(token)


def scoring_autocast(device: torch.device | str = "cpu"):
    """The context the decoder passes of scoring run under (log-likelihoods are summed in fp32 after it)."""
    device = torch.device(device)
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=scoring_precision(device) == "bf16")
