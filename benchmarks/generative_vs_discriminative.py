"""/classify_generative against /classify on one live app, in turns: p50 wall time, server CPU, and the ratio.

    python -m benchmarks.generative_vs_discriminative [--iterations 40] [--dataset animal-mnist] [--no-floor]

Target (issue 16): /classify_generative's p50 within 2x of /classify's. Both get the same example
upload (a Fashion-MNIST ankle boot, or an Animal-MNIST cat), read as --dataset. Calls alternate, so a
noisy machine slows both alike; server CPU per call (from /proc) is the figure a busy machine
changes least.

The floor: the same pair of calls on benchmarks/replayed_answer_app.py, the app with the generative
answer computed once and replayed, measured in the same turns. Its ratio is what Gradio and its
client charge for the generative answer's extra output alone; the app's ratio minus it is the model's.

Also timed in the same turns (no target): /reconstruct_as_class for the answer's three likeliest
classes, the pictures the Classify tab asks for once the answer is there, and the two together.
"""
from __future__ import annotations

import argparse
import json
import os
from contextlib import ExitStack
from pathlib import Path

from gradio_client import handle_file

from benchmarks.calls import EXAMPLES, Caller
from benchmarks.latency import summarize, timed
from benchmarks.servers import APP, REPO, Server
from models.operations.classify.generative_classifier import top_classes

ENDPOINTS = ("/classify", "/classify_generative")
PICTURES = "/reconstruct_as_class"
UPLOADS = {"fashion-mnist": "test-0000-ankle-boot.png", "animal-mnist": "animal-test-0349-cat.png"}
FLOOR_APP = REPO / "benchmarks" / "replayed_answer_app.py"


def measure_apps(iterations: int, log_dir: Path, dataset: str = "fashion-mnist", warmup: int = 3,
                 scripts: dict[str, Path] | None = None) -> dict[str, dict]:
    """For each named app script: both endpoints' figures and their p50 ratio. The apps run side by
    side and take turns call by call (and which endpoint goes first alternates)."""
    scripts = scripts or {"app": APP}
    with ExitStack() as stack:
        apps = {name: stack.enter_context(Server(script, Path(log_dir) / f"{name}.log", startup_timeout=600.0))
                for name, script in scripts.items()}
        callers = {}
        for name, app in apps.items():
            app.wait_for_http()
            callers[name] = Caller(app.url)
        upload = {"image": handle_file(str(EXAMPLES / UPLOADS[dataset])), "dataset": dataset}
        label = next(iter(callers.values())).call("/classify_generative", **upload)[0]
        pictures = {**upload, "classes": top_classes({c["label"]: c["confidence"] for c in label["confidences"]})}
        calls = {**{e: upload for e in ENDPOINTS}, PICTURES: pictures}
        for i in range(warmup):
            for name in apps:
                for endpoint, arguments in calls.items():
                    callers[name].call(endpoint, seed=i, **arguments)
        wall = {name: {e: [] for e in calls} for name in apps}
        cpu = {name: {e: 0.0 for e in calls} for name in apps}
        for i in range(iterations):
            for name in apps:
                for endpoint in (*(ENDPOINTS if i % 2 == 0 else ENDPOINTS[::-1]), PICTURES):
                    seconds, cpu_seconds = timed(callers[name], apps[name], endpoint, i, **calls[endpoint])
                    wall[name][endpoint].append(seconds)
                    cpu[name][endpoint] += cpu_seconds
    results = {}
    for name in apps:
        out = {e: {**summarize(wall[name][e]), "server_cpu_ms": 1000 * cpu[name][e] / iterations} for e in calls}
        both = [a + p for a, p in zip(wall[name]["/classify_generative"], wall[name][PICTURES])]
        out["answer_then_pictures"] = summarize(both)
        out["p50_ratio"] = out["/classify_generative"]["p50_ms"] / out["/classify"]["p50_ms"]
        out["load_average"] = [round(v, 2) for v in os.getloadavg()]
        out["dataset"] = dataset
        results[name] = out
    return results


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.generative_vs_discriminative", description=__doc__.split("\n")[0])
    p.add_argument("--iterations", type=int, default=40)
    p.add_argument("--dataset", default="fashion-mnist", choices=sorted(UPLOADS))
    p.add_argument("--log-dir", type=Path, default=Path("/tmp/generative_vs_discriminative"))
    p.add_argument("--no-floor", action="store_true", help="skip the replayed-answer app (half the time)")
    args = p.parse_args(argv)
    scripts = {"app": APP} if args.no_floor else {"app": APP, "floor": FLOOR_APP}
    results = measure_apps(args.iterations, args.log_dir, args.dataset, scripts=scripts)
    for name, result in results.items():
        for e in (*ENDPOINTS, PICTURES):
            r = result[e]
            print(f"{name} {e}: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, server CPU {r['server_cpu_ms']:.1f} ms/call")
        print(f"{name} answer, then its pictures: p50 {result['answer_then_pictures']['p50_ms']:.1f} ms")
    app = results["app"]
    print(f"{args.dataset}: p50 ratio /classify_generative / /classify: {app['p50_ratio']:.2f}x (target <= 2x); "
          f"load average {app['load_average']}")
    if "floor" in results:
        print(f"floor (the generative answer replayed, no model work): {results['floor']['p50_ratio']:.2f}x")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
