"""Runs every benchmark and writes docs/benchmarks.{md,png,json}: `python -m benchmarks.run`.

Sections: model cost (in this process); end-to-end latency of every public endpoint (the
app and the no-op app, which replays the app's recorded API and answers, served at once and
called in turns); throughput (1, 4, 16 concurrent clients); peak memory; cold start (both
scripts started in turns). Servers run offline on loopback; clients are threads
of this process, so they share the CPUs with the servers as a real client on the same
machine would. About 5 minutes with the defaults on 2 cores; `--quick` runs one iteration of each.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import tempfile
from pathlib import Path

from benchmarks import machine, report
from benchmarks.servers import APP, NOOP_APP, REPO, Server

SECTIONS = ("cost", "coldstart", "latency", "throughput")
THROUGHPUT_ENDPOINTS = ["/generate", "/classify"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", type=Path, default=REPO / "docs", help="where benchmarks.{md,png,json} go")
    p.add_argument("--app", type=Path, default=APP, help="the app script to measure (e.g. an older copy)")
    p.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    p.add_argument("--iterations", type=int, default=30, help="latency calls per endpoint and app")
    p.add_argument("--duration", type=float, default=6.0, help="seconds per throughput measurement")
    p.add_argument("--clients", default="1,4,16", help="concurrent client counts for throughput")
    p.add_argument("--cold-starts", type=int, default=3, help="starts of each script")
    p.add_argument("--model-iterations", type=int, default=50, help="timed forward passes per network at batch 1")
    p.add_argument("--quick", action="store_true", help="one iteration of everything (a smoke run, not a measurement)")
    args = p.parse_args(argv)
    args.sections = [s for s in args.sections.split(",") if s]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {sorted(unknown)}; accepted: {', '.join(SECTIONS)}")
    args.clients = [int(c) for c in args.clients.split(",")]
    if args.quick:
        args.iterations, args.duration, args.cold_starts, args.model_iterations = 1, 0.2, 1, 1
    return args


def run_cost(args) -> list[dict]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from benchmarks.model_cost import model_cost
    from models.datasets import DEFAULT_DATASET
    from models.loading.loader import load_family

    return model_cost(load_family(DEFAULT_DATASET), args.model_iterations)


def record(app: Server, log_dir: Path) -> Path:
    """The app's API and answers, for the no-op app to replay (see benchmarks.api_record)."""
    from benchmarks.api_record import record_api

    app.wait_for_http()
    return record_api(app.url, log_dir / "api-record")


def run_served(args, results: dict, log_dir: Path) -> Path:
    """Records the app's API; latency and throughput against the app and the no-op; their peak memory."""
    from benchmarks.latency import endpoint_latency
    from benchmarks.throughput import throughput

    with Server(args.app, log_dir / "app.log") as app:
        spec = record(app, log_dir)
        with Server(NOOP_APP, log_dir / "noop.log", (spec,)) as noop:
            noop.wait_for_http()
            if "latency" in args.sections:
                results["latency"] = endpoint_latency(app, noop, args.iterations, warmup=1 if args.quick else 2)
            if "throughput" in args.sections:
                results["throughput"] = {name: throughput(server, THROUGHPUT_ENDPOINTS, args.clients, args.duration)
                                         for name, server in (("app", app), ("noop", noop))}
            results["peak_rss_mb"] = {"app": app.peak_rss_mb(), "noop": noop.peak_rss_mb()}
    return spec


def skipped_endpoints(spec: Path) -> dict[str, str]:
    return json.loads(spec.read_text())["skipped"]


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    meta = machine.describe()
    meta["date"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    meta["command"] = ("python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:])).strip()
    results: dict = {"meta": meta}
    busy = os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1)
    if args.quick or busy:
        results["note"] = ("A smoke run (--quick): one iteration each, the numbers mean nothing." if args.quick else
                           "The machine was busy when this started (see the load average): treat the numbers with care.")
    log_dir = Path(tempfile.mkdtemp(prefix="benchmarks-"))
    if "cost" in args.sections:
        print("model cost ...", flush=True)
        results["model_cost"] = run_cost(args)
    spec = None
    if {"latency", "throughput"} & set(args.sections):
        print("latency and throughput ...", flush=True)
        spec = run_served(args, results, log_dir)
    if "coldstart" in args.sections:
        from benchmarks.coldstart import cold_start

        if spec is None:
            with Server(args.app, log_dir / "app.log") as app:
                spec = record(app, log_dir)
        print("cold start ...", flush=True)
        results["cold_start"] = cold_start(args.app, NOOP_APP, (spec,), args.cold_starts, log_dir)
    if spec is not None:
        results["skipped"] = skipped_endpoints(spec)
    meta["load"] += "; at the end: " + machine.load_average()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "benchmarks.json").write_text(json.dumps(results, indent=1))
    report.write(results, args.out_dir / "benchmarks.md", args.out_dir / "benchmarks.png")
    print(report.markdown(results, None))
    print(f"written to {args.out_dir}/benchmarks.{{md,png,json}}; server logs in {log_dir}")
    return results


if __name__ == "__main__":
    main()
