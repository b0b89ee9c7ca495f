"""End-to-end latency of every endpoint through gradio_client, the app and the no-op app in turns."""
from __future__ import annotations

import time

import numpy as np

from benchmarks.calls import Caller


def summarize(seconds: list[float]) -> dict:
    """p50 / p95 in milliseconds, and the number of samples."""
    ms = np.asarray(seconds) * 1000.0
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": int(ms.size)}


def timed(caller: Caller, endpoint: str, seed: int) -> float:
    start = time.perf_counter()
    caller.call(endpoint, seed)
    return time.perf_counter() - start


def endpoint_latency(app_url: str, noop_url: str, iterations: int, warmup: int = 2) -> dict[str, dict]:
    """For each endpoint: app and no-op percentiles and their ratios.

    Calls alternate between the two servers, and which goes first alternates too, so slow
    phases of a noisy machine hit both alike.
    """
    clients = {"app": Caller(app_url), "noop": Caller(noop_url)}
    results = {}
    for endpoint in clients["noop"].endpoints:  # the app's endpoints that answered when recorded
        for _ in range(warmup):
            for client in clients.values():
                client.call(endpoint, seed=warmup + iterations)
        samples = {"app": [], "noop": []}
        for i in range(iterations):
            order = ("app", "noop") if i % 2 == 0 else ("noop", "app")
            for name in order:
                samples[name].append(timed(clients[name], endpoint, seed=i))
        app, noop = summarize(samples["app"]), summarize(samples["noop"])
        results[endpoint] = {"app": app, "noop": noop,
                             "p50_ratio": app["p50_ms"] / noop["p50_ms"], "p95_ratio": app["p95_ms"] / noop["p95_ms"]}
    return results
