"""Where bfloat16 pays: the one rule for training's `--precision auto` and for scoring uploads.

oneDNN runs bf16 convolutions natively on CPUs with AVX-512 BF16 or AMX (about 1.8x faster than
fp32 for training; for one upload's scoring 1.0-2.0x from run to run on this shared machine, never
measurably slower: benchmarks/scoring_precision.py); elsewhere bf16 is emulated and slower, so fp32
is kept.
"""
from __future__ import annotations

import torch


def native_bf16(device: torch.device | str = "cpu") -> bool:
    """Whether `device` computes bf16 natively (CUDA: the GPU says so; CPU: oneDNN's check)."""
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return device.type == "cpu" and torch.backends.mkldnn.is_available() \
        and torch.ops.mkldnn._is_mkldnn_bf16_supported()


def scoring_precision(device: torch.device | str = "cpu") -> str:
    """What the generative classifier's decoder passes run in: "bf16" where native, else "fp32"."""
    return "bf16" if native_bf16(device) else "fp32"


def scoring_autocast(device: torch.device | str = "cpu"):
    """The context the decoder passes of scoring run under (log-likelihoods are summed in fp32 after it)."""
    device = torch.device(device)
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=scoring_precision(device) == "bf16")
