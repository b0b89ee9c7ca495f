"""Serving forms of the trained networks: the same functions, laid out to run faster on a CPU.

Applied by models.loading.loader to the models the app serves. They compute what the saved models
compute (to float rounding, ~1e-6) but are not the saved architecture any more: publish and
save the models from `load_model`, never these.
"""
from __future__ import annotations

import copy
import functools
from concurrent.futures import ThreadPoolExecutor

import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval


def fold_batchnorm(model: nn.Module) -> nn.Module:
    """A copy of `model` in eval mode where each BatchNorm2d that directly follows a Conv2d in an
    nn.Sequential is folded into that convolution's weights and bias (one pass less per layer)."""
    folded = copy.deepcopy(model).eval()
    folded.saved_parameters = sum(p.numel() for p in model.parameters())  # folding adds conv biases
    for sequence in [m for m in folded.modules() if isinstance(m, nn.Sequential)]:
        for i in range(len(sequence) - 1):
            conv, norm = sequence[i], sequence[i + 1]
            if isinstance(conv, nn.Conv2d) and isinstance(norm, nn.BatchNorm2d):
                sequence[i], sequence[i + 1] = fuse_conv_bn_eval(conv, norm), nn.Identity()
    return folded


def for_serving(model: nn.Module) -> nn.Module:
    """Batch-norm folded and weights channels-last, which oneDNN's convolutions run fastest here."""
    return fold_batchnorm(model).to(memory_format=torch.channels_last)


_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="serving")


def concurrently(*calls):
    """Runs zero-argument callables on two worker threads (in inference mode); their results, in order.

    The calls must not themselves wait on this pool: two requests at once could then hold both
    workers while waiting for a third task."""
    def run(call):
        with torch.inference_mode():  # thread-local: the caller's mode does not reach the workers
            return call()

    return [future.result() for future in [_workers.submit(run, call) for call in calls]]


def in_halves(fn, *batches: torch.Tensor, min_size: int = 8) -> torch.Tensor:
    """fn(*batches), computed as two half batches on two threads, concatenated.

    The app runs torch with one thread per request (see app.py); a request that scores many
    images would leave the second core idle. Tensors flow in and out; torch releases the GIL
    while it computes, so the halves really run in parallel (2x on an idle 2-core machine).
    """
    if len(batches[0]) < min_size:
        with torch.inference_mode():
            return fn(*batches)
    halves = zip(*(b.chunk(2) for b in batches))
    return torch.cat(concurrently(*(functools.partial(fn, *parts) for parts in halves)))
