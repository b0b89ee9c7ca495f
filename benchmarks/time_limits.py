"""p50 / p99 latency of every public endpoint at its largest arguments, against its time limit.

`python -m benchmarks.time_limits [--calls 40]` starts `python app.py`, calls each endpoint (its
defaults, the VARIANTS of benchmarks/calls.py, and the largest counts the API accepts) one call at
a time, and prints p50, p99 and max with the limit of space/endpoints/time_limits.py and the one
its sizing rule suggests for this run. The machine's load is printed too: a shared machine's
figures are noisy, and the limits are meant to cover a busy one.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from benchmarks.calls import Caller
from benchmarks.machine import describe, load_average
from benchmarks.servers import Server
from space.endpoints.time_limits import LIMITS, suggested

LARGEST = {  # endpoint -> arguments at the top of their accepted range
    "/generate": {"count": 64}, "/sample_vae": {"count": 64}, "/reconstruct": {"samples": 16},
    "/interpolate_noise": {"steps": 32}, "/interpolate_classes": {"steps": 32}, "/interpolate_images": {"steps": 32},
    "/compare": {"count": 16},
}


def measure(caller: Caller, calls: int) -> dict[str, dict]:
    results = {}
    for endpoint in caller.endpoints:
        extra = LARGEST.get(endpoint, {})
        caller.call(endpoint, seed=calls, **extra)  # warm
        seconds = []
        for i in range(calls):
            start = time.perf_counter()
            caller.call(endpoint, seed=i, **extra)
            seconds.append(time.perf_counter() - start)
        p50, p99 = np.percentile(seconds, [50, 99])
        name = endpoint.lstrip("/")
        results[endpoint] = {"arguments": extra, "p50_s": float(p50), "p99_s": float(p99), "max_s": max(seconds),
                             "limit_s": LIMITS.get(name), "suggested_s": suggested(float(p99))}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    meta = describe()
    with Server(log_path=Path("/tmp/time-limits-app.log")) as server:
        server.wait_for_http()
        results = measure(Caller(server.url), args.calls)
    meta["load"] += f"; at the end: {load_average()}"
    print(f"{meta['machine']}; {meta['software']}\n{meta['load']}\n")
    print(f"{'endpoint':24s} {'arguments':16s} {'p50':>8s} {'p99':>8s} {'max':>8s} {'limit':>6s} {'rule':>6s}")
    for endpoint, r in results.items():
        shown = ",".join(f"{k}={v}" for k, v in r["arguments"].items()) or "defaults"
        print(f"{endpoint:24s} {shown:16s} {r['p50_s'] * 1000:6.0f}ms {r['p99_s'] * 1000:6.0f}ms "
              f"{r['max_s'] * 1000:6.0f}ms {r['limit_s'] or '-':>5}s {r['suggested_s']:>5}s")
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "calls": args.calls, "results": results}, indent=1))


if __name__ == "__main__":
    main()
