"""Smoke test of the benchmarks: every section runs once and the report says what it must. No timing checks."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from benchmarks import report, run
from benchmarks.latency import summarize
from benchmarks.noop_app import build_demo, tile
from benchmarks.report import speedups, target_rows

ENDPOINTS = ["/classify", "/reconstruct", "/sample_vae", "/generate", "/discriminate"]


def test_summarize_percentiles():
    stats = summarize([0.010] * 19 + [0.200])
    assert stats["n"] == 20 and stats["p50_ms"] == pytest.approx(10.0)
    assert 10.0 < stats["p95_ms"] <= 200.0


def test_speedups_are_relative_to_one_client():
    levels = [{"clients": 1, "rps": 4.0}, {"clients": 4, "rps": 6.0}, {"clients": 16, "rps": 10.0}]
    assert speedups(levels) == {1: 1.0, 4: 1.5, 16: 2.5}
    assert speedups(levels[1:]) == {}


def test_targets_say_no_when_missed():
    results = {"latency": {"/classify": {"p50_ratio": 1.2}, "/generate": {"p50_ratio": 1.7}},
               "cold_start": {"ratio": 1.1},
               "throughput": {"app": {"/generate": [{"clients": 1, "rps": 5.0}, {"clients": 16, "rps": 7.0}]}}}
    rows = {row[0]: row for row in target_rows(results)}
    assert [r[2] for r in rows.values()] == ["**no**", "yes", "**no**"]
    assert "/generate: 1.70×" in rows["every endpoint's p50 ≤ 1.5× no-op"][1]


def test_noop_app_has_the_public_api_of_the_space():
    from test_api import DEFAULTS, ENDPOINTS as API

    info = build_demo().get_api_info()["named_endpoints"]
    assert set(info) == set(API)
    for name, params in API.items():
        assert [p["parameter_name"] for p in info[name]["parameters"]] == params, name
    assert tile(0, 1).size == (112, 112) and tile(0, 1).tobytes() != tile(1, 1).tobytes() != tile(0, 2).tobytes()
    assert DEFAULTS["count"] == 16


def test_quick_run_writes_every_section(tmp_path):
    results = run.main(["--quick", "--clients", "1,2", "--out-dir", str(tmp_path)])
    assert set(results["latency"]) == set(ENDPOINTS)
    assert [r["model"] for r in results["model_cost"]] == ["classifier", "VAE (encode + decode)",
                                                             "GAN generator", "GAN discriminator"]
    assert all(r["params"] > 1000 and r["mflops_per_image"] > 0.1 for r in results["model_cost"])
    for app in ("app", "noop"):
        for endpoint in ("/generate", "/classify"):
            levels = results["throughput"][app][endpoint]
            assert [r["clients"] for r in levels] == [1, 2] and all(r["failed"] == 0 for r in levels), levels
    assert results["cold_start"]["app"]["median_s"] > 0 and results["peak_rss_mb"]["app"] > 50
    page = (tmp_path / "benchmarks.md").read_text()
    for needed in ["## Targets", "## Raw model cost", "## End-to-end latency", "## Throughput", "## Cold start",
                   "python -m benchmarks.run --quick", "Machine:", "![benchmark plot](benchmarks.png)", *ENDPOINTS]:
        assert needed in page, needed
    assert json.loads((tmp_path / "benchmarks.json").read_text())["meta"]["command"].startswith("python -m benchmarks.run")
    assert Image.open(tmp_path / "benchmarks.png").size[0] > 1000
    assert report.markdown(results, None).count("|") > 50
