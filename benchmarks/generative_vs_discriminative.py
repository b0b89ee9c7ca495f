"""/classify_generative against /classify on one live app, in turns: p50 wall time, server CPU, and the ratio.

    python -m benchmarks.generative_vs_discriminative [--iterations 40] [--dataset animal-mnist]

Target (issue 16): /classify_generative's p50 within 2x of /classify's. Both get the same example
upload (a Fashion-MNIST ankle boot, or an Animal-MNIST cat), read as --dataset. Calls alternate, so a
noisy machine slows both alike; server CPU per call (from /proc) is the figure a busy machine
changes least.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from gradio_client import handle_file

from benchmarks.calls import EXAMPLES, Caller
from benchmarks.latency import summarize, timed
from benchmarks.servers import APP, Server

ENDPOINTS = ("/classify", "/classify_generative")
UPLOADS = {"fashion-mnist": "test-0000-ankle-boot.png", "animal-mnist": "animal-test-0349-cat.png"}


def measure(iterations: int, log_path: Path, dataset: str = "fashion-mnist", warmup: int = 3) -> dict:
    with Server(APP, log_path, startup_timeout=600.0) as app:
        app.wait_for_http()
        caller = Caller(app.url)
        upload = {"image": handle_file(str(EXAMPLES / UPLOADS[dataset])), "dataset": dataset}
        for i in range(warmup):
            for endpoint in ENDPOINTS:
                caller.call(endpoint, seed=i, **upload)
        wall, cpu = {e: [] for e in ENDPOINTS}, {e: 0.0 for e in ENDPOINTS}
        for i in range(iterations):
            for endpoint in (ENDPOINTS if i % 2 == 0 else ENDPOINTS[::-1]):
                seconds, cpu_seconds = timed(caller, app, endpoint, i, **upload)
                wall[endpoint].append(seconds)
                cpu[endpoint] += cpu_seconds
    out = {e: {**summarize(wall[e]), "server_cpu_ms": 1000 * cpu[e] / iterations} for e in ENDPOINTS}
    out["p50_ratio"] = out["/classify_generative"]["p50_ms"] / out["/classify"]["p50_ms"]
    out["load_average"] = [round(v, 2) for v in os.getloadavg()]
    out["dataset"] = dataset
    return out


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.generative_vs_discriminative", description=__doc__.split("\n")[0])
    p.add_argument("--iterations", type=int, default=40)
    p.add_argument("--dataset", default="fashion-mnist", choices=sorted(UPLOADS))
    p.add_argument("--log", type=Path, default=Path("/tmp/generative_vs_discriminative.log"))
    args = p.parse_args(argv)
    result = measure(args.iterations, args.log, args.dataset)
    for e in ENDPOINTS:
        r = result[e]
        print(f"{e}: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, server CPU {r['server_cpu_ms']:.1f} ms/call")
    print(f"{args.dataset}: p50 ratio /classify_generative / /classify: {result['p50_ratio']:.2f}x (target <= 2x); "
          f"load average {result['load_average']}")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
