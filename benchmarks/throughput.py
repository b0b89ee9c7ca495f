"""Requests per second with N concurrent gradio_client clients, each sending its next request on an answer.

Besides the rate, each measurement records the CPU time per request of the server process
and of the clients (threads of this process). Server and clients share the machine's cores,
so `cores / (server + client CPU per request)` is the most requests per second the machine
could answer: the ceiling the measured rate is compared with.
"""
from __future__ import annotations

import os
import threading
import time

from benchmarks.calls import Caller
from benchmarks.servers import Server


def requests_per_second(server: Server, endpoint: str, clients: int, duration: float) -> dict:
    """N client threads call `endpoint` back to back for `duration` seconds.

    Requests still running at the deadline finish and count; the rate is completed
    requests over the time until the last one finished. Failed requests (e.g. a full
    queue) are counted apart and not in the rate.
    """
    connections = [Caller(server.url) for _ in range(clients)]  # connecting is not part of the measurement
    for i, connection in enumerate(connections):  # nor is each session's first request
        connection.call(endpoint, seed=10**9 + i)
    done, failed, errors = [0] * clients, [0] * clients, []
    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
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
    server_cpu, client_cpu = server.cpu_seconds() - server_cpu, time.process_time() - client_cpu
    answered = sum(done) + sum(failed)
    per_request = {"server_cpu_ms": 1000 * server_cpu / max(answered, 1),
                   "client_cpu_ms": 1000 * client_cpu / max(answered, 1)}
    cpu_ms = per_request["server_cpu_ms"] + per_request["client_cpu_ms"]
    return {"clients": clients, "requests": sum(done), "failed": sum(failed), "seconds": elapsed,
            "rps": sum(done) / elapsed, **per_request,
            "cpu_ceiling_rps": 1000 * (os.cpu_count() or 1) / cpu_ms if cpu_ms else float("nan"),
            "first_error": errors[0] if errors else None}


def throughput(server: Server, endpoints: list[str], levels: list[int], duration: float) -> dict[str, list[dict]]:
    return {ep: [requests_per_second(server, ep, n, duration) for n in levels] for ep in endpoints}
