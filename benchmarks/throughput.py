"""Requests per second with N concurrent gradio_client clients, each sending its next request on an answer."""
from __future__ import annotations

import threading
import time

from benchmarks.calls import Caller


def requests_per_second(url: str, endpoint: str, clients: int, duration: float) -> dict:
    """N client threads call `endpoint` back to back for `duration` seconds.

    Requests still running at the deadline finish and count; the rate is completed
    requests over the time until the last one finished. Failed requests (e.g. a full
    queue) are counted apart and not in the rate.
    """
    connections = [Caller(url) for _ in range(clients)]  # connecting is not part of the measurement
    connections[0].call(endpoint, seed=10**9)
    done, failed, errors = [0] * clients, [0] * clients, []
    start = time.perf_counter()
    deadline = start + duration

    def worker(i: int) -> None:
        seeds = iter(range(i * 10**6, (i + 1) * 10**6))  # every request its own seed
        while time.perf_counter() < deadline:
            try:
                connections[i].call(endpoint, next(seeds))
                done[i] += 1
            except Exception as err:
                failed[i] += 1
                errors.append(f"{type(err).__name__}: {err}"[:200])

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"clients": clients, "requests": sum(done), "failed": sum(failed), "seconds": elapsed,
            "rps": sum(done) / elapsed, "first_error": errors[0] if errors else None}


def throughput(url: str, endpoints: list[str], levels: list[int], duration: float) -> dict[str, list[dict]]:
    return {ep: [requests_per_second(url, ep, n, duration) for n in levels] for ep in endpoints}
