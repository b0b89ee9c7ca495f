"""End-to-end latency of every endpoint through gradio_client, the app and the no-op app in turns."""
from __future__ import annotations

import time

import numpy as np

from benchmarks.calls import Caller
from benchmarks.servers import Server


def summarize(seconds: list[float]) -> dict:
    """p50 / p95 in milliseconds, and the number of samples."""
    ms = np.asarray(seconds) * 1000.0
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": int(ms.size)}


def timed(caller: Caller, server: Server, endpoint: str, seed: int, **arguments) -> tuple[float, float]:
    """(wall seconds, server CPU seconds) of one call."""
    cpu, start = server.cpu_seconds(), time.perf_counter()
    caller.call(endpoint, seed, **arguments)
    return time.perf_counter() - start, server.cpu_seconds() - cpu


def endpoint_latency(app: Server, noop: Server, iterations: int, warmup: int = 2) -> dict[str, dict]:
    """For each endpoint: app and no-op percentiles, their ratios, and server CPU per call.

    Calls alternate between the two servers, and which goes first alternates too, so slow
    phases of a noisy machine hit both alike. Server CPU time per call barely depends on how
    busy the machine is: the figure to trust when the wall-clock ones are noisy.
    """
    servers = {"app": app, "noop": noop}
    clients = {name: Caller(server.url) for name, server in servers.items()}
    results = {}
    for endpoint in clients["noop"].calls:  # the app's endpoints that answered when recorded, and their VARIANTS
        for _ in range(warmup):
            for client in clients.values():
                client.call(endpoint, seed=warmup + iterations)
        wall, cpu = {"app": [], "noop": []}, {"app": 0.0, "noop": 0.0}
        for i in range(iterations):
            for name in (("app", "noop") if i % 2 == 0 else ("noop", "app")):
                seconds, cpu_seconds = timed(clients[name], servers[name], endpoint, seed=i)
                wall[name].append(seconds)
                cpu[name] += cpu_seconds
        stats = {name: {**summarize(wall[name]), "server_cpu_ms": 1000.0 * cpu[name] / iterations} for name in wall}
        results[endpoint] = {**stats, "p50_ratio": stats["app"]["p50_ms"] / stats["noop"]["p50_ms"],
                             "p95_ratio": stats["app"]["p95_ms"] / stats["noop"]["p95_ms"]}
    return results
