"""Gradio's cache on a long-running server: does it level off? `python -m benchmarks.cache_size`

Starts `python app.py` with its own empty Gradio cache (GRADIO_TEMP_DIR) and a short expiry
(CACHE_MAX_AGE, CACHE_SWEEP_EVERY: space/compat/cache_expiry.py), then makes `--calls` API calls
cycling through every public endpoint (benchmarks/calls.py: every endpoint with varying seeds)
while another client runs `--live-runs` /train_live runs of `--live-seconds` one after another.
Every `--sample` seconds it counts the cache's files, bytes and folders; "ever" is every file name
seen so far (a file lives at least `--max-age` seconds, far longer than a sample), i.e. what the
cache would hold with no expiry, the baseline. After the load it keeps sampling for two expiry
periods. Writes docs/cache-size.json and docs/cache-size.png.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.calls import Caller
from benchmarks.servers import APP, Server
from models.datasets import DATASETS

REPO = Path(__file__).resolve().parent.parent


def measure(root: Path) -> tuple[int, int, int, set[str]]:
    """(files, bytes, folders, file names) under `root`; files deleted meanwhile are skipped."""
    files = size = folders = 0
    names = set()
    for folder, dirs, found in os.walk(root):
        folders += len(dirs)
        for name in found:
            path = os.path.join(folder, name)
            try:
                size += os.lstat(path).st_size
            except FileNotFoundError:
                continue
            files += 1
            names.add(path)
    return files, size, folders, names


class Sampler(threading.Thread):
    def __init__(self, root: Path, every: float, progress: dict):
        super().__init__(daemon=True, name="cache-sampler")
        self.root, self.every, self.progress = root, every, progress
        self.samples: list[dict] = []
        self.ever: set[str] = set()
        self.stop = threading.Event()
        self.started = time.monotonic()

    def sample(self) -> None:
        files, size, folders, names = measure(self.root)
        self.ever |= names
        self.samples.append({"t_s": round(time.monotonic() - self.started, 1), "files": files, "bytes": size,
                             "folders": folders, "files_ever": len(self.ever), **self.progress})

    def run(self) -> None:
        while not self.stop.wait(self.every):
            self.sample()


def live_runs(url: str, runs: int, seconds: int, progress: dict, errors: list) -> None:
    from gradio_client import Client
    client = Client(url, verbose=False, ssl_verify=False)
    for i in range(runs):
        try:
            job = client.submit(seconds, i, DATASETS[i % len(DATASETS)], api_name="/train_live")
            job.result(timeout=seconds + 300)
        except Exception as err:  # noqa: BLE001 - counted and reported
            errors.append(f"/train_live: {type(err).__name__}: {str(err)[:120]}")
        progress["live_runs"] = i + 1


def run(args) -> dict:
    cache = Path(tempfile.mkdtemp(prefix="cache-size-"))
    env = {"GRADIO_TEMP_DIR": str(cache), "CACHE_MAX_AGE": str(args.max_age), "CACHE_SWEEP_EVERY": str(args.every),
           "OMP_NUM_THREADS": None}
    progress, errors = {"calls": 0, "live_runs": 0}, []
    with Server(APP, Path(tempfile.gettempdir()) / "cache-size-app.log", startup_timeout=600, env=env) as server:
        server.wait_for_http()
        caller = Caller(server.url)
        endpoints = caller.calls
        sampler = Sampler(cache, args.sample, progress)
        sampler.start()
        live = threading.Thread(target=live_runs, args=(server.url, args.live_runs, args.live_seconds, progress, errors))
        live.start()
        started = time.monotonic()
        for i in range(args.calls):
            endpoint = endpoints[i % len(endpoints)]
            try:
                caller.call(endpoint, seed=i)
            except Exception as err:  # noqa: BLE001 - counted and reported
                errors.append(f"{endpoint}: {type(err).__name__}: {str(err)[:120]}")
            progress["calls"] = i + 1
        live.join()
        load_seconds = time.monotonic() - started
        time.sleep(2 * (args.max_age + args.every))  # the files of the last minute expire too
        sampler.stop.set()
        sampler.join()
        sampler.sample()
    samples = sampler.samples
    during = [s for s in samples if s["t_s"] <= load_seconds]
    peak = max(during, key=lambda s: s["files"]) if during else samples[-1]
    return {"calls": args.calls, "endpoints": len(endpoints), "live_runs": args.live_runs,
            "live_seconds": args.live_seconds, "max_age_s": args.max_age, "sweep_every_s": args.every,
            "load_seconds": round(load_seconds, 1), "errors": len(errors), "error_examples": sorted(set(errors))[:10],
            "peak_during_load": peak, "end_of_load": during[-1] if during else None, "after": samples[-1],
            "files_ever": len(sampler.ever), "load_1min": os.getloadavg(), "cpus": os.cpu_count(), "samples": samples}


def plot(result: dict, path: Path) -> None:
    from matplotlib.figure import Figure
    samples = result["samples"]
    t = [s["t_s"] for s in samples]
    fig = Figure(figsize=(7, 3.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.plot(t, [s["files_ever"] for s in samples], "--", color="tab:gray", label="files written (no expiry would keep all)")
    ax.plot(t, [s["files"] for s in samples], color="tab:blue", label=f"files in the cache (expiry {result['max_age_s']} s)")
    ax.axvline(result["load_seconds"], color="black", lw=0.8, ls=":", label="load ends")
    ax.set_xlabel("seconds")
    ax.set_ylabel("files")
    ax.legend(loc="upper left", fontsize=8)
    fig.savefig(path, metadata={"Software": None})


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--live-runs", type=int, default=10)
    p.add_argument("--live-seconds", type=int, default=20)
    p.add_argument("--max-age", type=int, default=60, help="seconds a cached file may live (CACHE_MAX_AGE)")
    p.add_argument("--every", type=int, default=10, help="seconds between sweeps (CACHE_SWEEP_EVERY)")
    p.add_argument("--sample", type=float, default=5.0, help="seconds between two counts of the cache")
    p.add_argument("--out-dir", type=Path, default=REPO / "docs")
    args = p.parse_args(argv)
    result = run(args)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "cache-size.json").write_text(json.dumps(result, indent=1))
    plot(result, args.out_dir / "cache-size.png")
    peak, end, after = result["peak_during_load"], result["end_of_load"], result["after"]
    print(f"{result['calls']} calls over {result['endpoints']} endpoints and {result['live_runs']} live runs of "
          f"{result['live_seconds']} s in {result['load_seconds']} s; {result['errors']} errors; expiry {args.max_age} s")
    print(f"files written in all: {result['files_ever']}")
    print(f"cache at its peak: {peak['files']} files, {peak['bytes'] / 1e6:.1f} MB (t={peak['t_s']} s)")
    if end:
        print(f"cache at the end of the load: {end['files']} files, {end['bytes'] / 1e6:.1f} MB, {end['folders']} folders")
    print(f"cache {after['t_s']} s in, after the load: {after['files']} files, {after['bytes'] / 1e6:.1f} MB, "
          f"{after['folders']} folders; load {result['load_1min'][0]:.1f}")
    return result


if __name__ == "__main__":
    main()
