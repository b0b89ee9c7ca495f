"""Load and overload against `python app.py` (benchmarks/load_test.py does the work).

The short run is part of the default suite; the full one (32 clients x 60 s) is marked `load`
and runs with `python -m pytest -m load`. No timing is asserted: only failures and memory.
"""
import time

import pytest
from gradio_client import Client

from benchmarks.load_test import measure, rss_mb, start_server
from conftest import free_port, stop

BUSY = "Queue is full! Please try again."


def print_report(title: str, report: dict) -> None:
    keys = ("clients", "seconds", "served", "failures", "warmup_failures", "requests_per_s", "p50_ms", "p95_ms",
            "rss_idle_mb", "rss_before_mb", "rss_after_mb", "rss_growth_pct")
    print(f"\n{title}: " + ", ".join(f"{k}={report.get(k)}" for k in keys))


def test_short_load_on_mixed_endpoints(live_server, live_server_pid):
    report = measure(live_server, clients=8, seconds=10, pid=live_server_pid)
    print_report("load 8 clients x 10 s", report)
    assert report["failures"] == 0 and report["warmup_failures"] == 0, report["failure_messages"]
    assert all(v["served"] > 0 for v in report["per_endpoint"].values()), report["per_endpoint"]
    assert report["rss_growth_pct"] < 50, "generous: a leak would grow with every request"


@pytest.mark.load
def test_full_load_32_clients_for_60_s(tmp_path):
    port = free_port()
    proc = start_server(port, tmp_path / "app.log")
    try:
        report = measure(f"http://127.0.0.1:{port}/", clients=32, seconds=60, pid=proc.pid)
    finally:
        stop(proc)
    print_report("load 32 clients x 60 s", report)
    assert report["failures"] == 0 and report["warmup_failures"] == 0, report["failure_messages"]
    assert report["rss_growth_pct"] <= 10, "the issue's bound on memory growth under load"


def test_overload_gets_a_clear_busy_error_and_the_server_recovers(tmp_path, processes):
    port = free_port()
    proc = start_server(port, tmp_path / "app.log", QUEUE_MAX_SIZE="2")
    url = f"http://127.0.0.1:{port}/"
    try:
        client = Client(url, verbose=False)
        client.predict(seed=0, count=1, api_name="/generate")  # warm
        before = rss_mb(proc.pid)
        jobs = [client.submit(seed=i, count=64, api_name="/generate") for i in range(24)]
        outcomes = []
        for job in jobs:
            try:
                job.result(timeout=300)
                outcomes.append("served")
            except Exception as err:
                outcomes.append(str(err))
        busy = outcomes.count(BUSY)
        print(f"\noverload, queue max_size=2: {outcomes.count('served')} served, {busy} told '{BUSY}', "
              f"RSS {before:.0f} -> {rss_mb(proc.pid):.0f} MB")
        assert busy >= 1, "24 requests at once must overflow a queue of 2"
        assert outcomes.count("served") >= 2
        assert set(outcomes) <= {"served", BUSY}, set(outcomes)
        assert rss_mb(proc.pid) < before * 1.5
        time.sleep(0.5)
        assert len(client.predict(seed=1, count=2, api_name="/sample_vae")) == 2, "the server recovers"
    finally:
        stop(proc)
