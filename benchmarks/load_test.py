"""Load test: N concurrent gradio_client clients for T seconds on mixed endpoints against `python app.py`.

    python -m benchmarks.load_test --clients 32 --seconds 60          # starts app.py on 127.0.0.1
    python -m benchmarks.load_test --url http://127.0.0.1:7860/ --pid 1234

Reports requests served, failures (with their messages), p50/p95 latency per endpoint and
overall, and the server's resident memory (RSS): idle, after a warm-up run, and after the run. Each client is its own
`Client`, as separate visitors would be; seeds vary so outputs (and Gradio's cached output
files) differ from request to request, as with real visitors.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from gradio_client import Client, handle_file

from benchmarks.servers import APP, free_port, launch, server_env, stop, wait_for_http

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "test-0000-ankle-boot.png"
# one round of a client: the image endpoints with an upload, the generators with a small batch
MIX = ["/classify", "/reconstruct", "/generate", "/discriminate", "/sample_vae"]
# gradio_client's HTTP calls (config, upload) default to httpx's 5 s, far less than a browser
# waits: a slow answer is a latency to report, and only one past this counts as a failure
CLIENT_TIMEOUT_S = 120


def request(client: Client, endpoint: str, seed: int):
    image = handle_file(str(EXAMPLE))
    kwargs = {
        "/classify": {"image": image},
        "/reconstruct": {"image": image, "samples": 2, "seed": seed},
        "/generate": {"seed": seed, "count": 4},
        "/discriminate": {"image": image},
        "/sample_vae": {"seed": seed, "count": 4},
    }[endpoint]
    return client.predict(**kwargs, api_name=endpoint)


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class LoadRun:
    """Runs `clients` threads until `seconds` have passed; collects latencies and failures."""

    def __init__(self, url: str, clients: int, seconds: float):
        self.url, self.clients, self.seconds = url, clients, seconds
        self.latencies: dict[str, list[float]] = {e: [] for e in MIX}
        self.failures: Counter[str] = Counter()
        self.lock = threading.Lock()

    def _client_loop(self, index: int, start: threading.Barrier, deadline: list[float]) -> None:
        try:
            client = Client(self.url, verbose=False, httpx_kwargs={"timeout": CLIENT_TIMEOUT_S})
        except Exception as err:  # a client that cannot even connect is a failure too
            with self.lock:
                self.failures[f"connect: {type(err).__name__}: {err}"[:200]] += 1
            start.wait()
            return
        start.wait()
        n = 0
        while time.monotonic() < deadline[0]:
            endpoint = MIX[(index + n) % len(MIX)]
            began = time.monotonic()
            try:
                request(client, endpoint, seed=index * 100_000 + n)
                with self.lock:
                    self.latencies[endpoint].append(time.monotonic() - began)
            except Exception as err:
                with self.lock:
                    self.failures[f"{endpoint}: {type(err).__name__}: {err}"[:200]] += 1
            n += 1

    def run(self) -> dict:
        start = threading.Barrier(self.clients + 1)
        deadline = [float("inf")]
        threads = [threading.Thread(target=self._client_loop, args=(i, start, deadline), daemon=True)
                   for i in range(self.clients)]
        for t in threads:
            t.start()
        start.wait()  # every client is connected: the clock starts now
        began = time.monotonic()
        deadline[0] = began + self.seconds
        for t in threads:
            t.join(self.seconds + 120)
        elapsed = time.monotonic() - began
        every = [x for values in self.latencies.values() for x in values]
        return {
            "clients": self.clients, "seconds": round(elapsed, 1), "served": len(every),
            "failures": sum(self.failures.values()), "failure_messages": dict(self.failures.most_common(5)),
            "requests_per_s": round(len(every) / elapsed, 2),
            "p50_ms": round(1000 * percentile(every, 50), 1), "p95_ms": round(1000 * percentile(every, 95), 1),
            "per_endpoint": {e: {"served": len(v), "p95_ms": round(1000 * percentile(v, 95), 1)}
                             for e, v in self.latencies.items()},
        }


def measure(url: str, clients: int, seconds: float, pid: int | None = None, warmup_s: float | None = None) -> dict:
    """One load run, and the server's RSS idle, before it and after it.

    A warm-up run with the same number of clients comes first: memory that the first burst
    of concurrency allocates once (buffers, allocator pools) is not a leak; growth beyond it is.
    """
    warm = Client(url, verbose=False, httpx_kwargs={"timeout": CLIENT_TIMEOUT_S})
    for endpoint in MIX:
        request(warm, endpoint, seed=0)
    idle = rss_mb(pid)
    warmup = LoadRun(url, clients, min(10.0, seconds / 4) if warmup_s is None else warmup_s).run()
    before = rss_mb(pid)
    report = LoadRun(url, clients, seconds).run()
    after = rss_mb(pid)
    report["warmup_failures"] = warmup["failures"]
    if before is not None and after is not None:
        report.update(rss_idle_mb=round(idle, 1), rss_before_mb=round(before, 1), rss_after_mb=round(after, 1),
                      rss_growth_pct=round(100 * (after - before) / before, 1))
    return report


def start_server(port: int, log_path: Path, **env: str) -> subprocess.Popen:
    """`python app.py` on 127.0.0.1:port, up and answering (benchmarks/servers.py starts it)."""
    proc = launch(APP, server_env(port, **env), log_path)
    try:
        wait_for_http(proc, f"http://127.0.0.1:{port}/", log_path, time.monotonic() + 120)
    except RuntimeError:
        stop(proc)
        raise
    return proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an app already running (default: start python app.py)")
    parser.add_argument("--pid", type=int, help="its process id, for RSS (with --url)")
    parser.add_argument("--log", default="/tmp/load_test_app.log")
    args = parser.parse_args()
    proc = None
    if args.url is None:
        port = free_port()
        proc = start_server(port, Path(args.log))
        args.url, args.pid = f"http://127.0.0.1:{port}/", proc.pid
    try:
        print(json.dumps(measure(args.url, args.clients, args.seconds, args.pid), indent=2))
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
