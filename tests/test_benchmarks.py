"""Smoke test of the benchmarks: every section runs once and the report says what it must. No timing checks."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from benchmarks import report, run
from benchmarks.latency import summarize
from benchmarks.noop_app import build_demo
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


def test_noop_app_replays_a_recorded_api(tmp_path):
    Image.new("L", (112, 112)).save(tmp_path / "g-0.png")
    spec = {"endpoints": {
        "/generate": {"parameters": [{"name": "seed", "component": "Number", "default": 0},
                                     {"name": "count", "component": "Slider", "default": 16},
                                     {"name": "label", "component": "Dropdown", "default": "any"}],
                      "returns": [{"component": "Gallery", "value": [{"file": "g-0.png", "caption": "a"}]},
                                  {"component": "Json", "value": [{"index": 0}]}]},
        "/classify": {"parameters": [{"name": "image", "component": "Image", "default": None}],
                      "returns": [{"component": "Label", "value": {"Bag": 0.9, "Coat": 0.1}}]},
    }, "skipped": {}}
    (tmp_path / "api.json").write_text(json.dumps(spec))
    demo = build_demo(tmp_path / "api.json")
    info = demo.get_api_info()["named_endpoints"]
    assert set(info) == {"/generate", "/classify"}
    params = info["/generate"]["parameters"]
    assert [(p["parameter_name"], p["parameter_default"], p["component"]) for p in params] == [
        ("seed", 0, "Number"), ("count", 16, "Slider"), ("label", "any", "Dropdown")]
    assert [r["component"] for r in info["/generate"]["returns"]] == ["Gallery", "Json"]
    generate = next(fn.fn for fn in demo.fns.values() if fn.api_name == "generate")
    gallery, details = generate(5, 3, "Bag")
    assert gallery == [(str(tmp_path / "g-0.png"), "a")] and details == [{"index": 0}]


def test_noop_app_refuses_a_component_it_cannot_imitate(tmp_path):
    spec = {"endpoints": {"/x": {"parameters": [{"name": "a", "component": "Audio", "default": None}], "returns": []}}}
    (tmp_path / "api.json").write_text(json.dumps(spec))
    with pytest.raises(ValueError, match="no stand-in for input component 'Audio'"):
        build_demo(tmp_path / "api.json")


def test_quick_run_writes_every_section(tmp_path, processes):
    results = run.main(["--quick", "--clients", "1,2", "--out-dir", str(tmp_path)])
    assert set(ENDPOINTS) <= set(results["latency"])  # the core five always answer; others may lack files
    assert not set(results["latency"]) & set(results["skipped"])
    assert [r["model"] for r in results["model_cost"]] == ["classifier", "VAE (encode + decode)",
                                                             "GAN generator", "GAN discriminator"]
    assert all(r["params"] > 1000 and r["mflops_per_image"] > 0.1 for r in results["model_cost"])
    for app in ("app", "noop"):
        for endpoint in ("/generate", "/classify"):
            levels = results["throughput"][app][endpoint]
            assert [r["clients"] for r in levels] == [1, 2] and all(r["failed"] == 0 for r in levels), levels
            assert all(r["client_cpu_ms"] > 0 and r["server_cpu_ms"] >= 0 and r["cpu_ceiling_rps"] > 0 for r in levels)
    assert results["cold_start"]["app"]["median_s"] > 0 and results["peak_rss_mb"]["app"] > 50
    page = (tmp_path / "benchmarks.md").read_text()
    for needed in ["## Targets", "## Raw model cost", "## End-to-end latency", "## Throughput", "## Cold start",
                   "python -m benchmarks.run --quick", "Machine:", "![benchmark plot](benchmarks.png)", *ENDPOINTS]:
        assert needed in page, needed
    assert json.loads((tmp_path / "benchmarks.json").read_text())["meta"]["command"].startswith("python -m benchmarks.run")
    assert Image.open(tmp_path / "benchmarks.png").size[0] > 1000
    assert report.markdown(results, None).count("|") > 50


def test_generative_against_discriminative_on_an_animal_upload(tmp_path, processes):
    from benchmarks.generative_vs_discriminative import ENDPOINTS as PAIR
    from benchmarks.generative_vs_discriminative import FLOOR_APP, PICTURES, measure_apps
    from benchmarks.servers import APP

    results = measure_apps(2, tmp_path, "animal-mnist", warmup=1, scripts={"app": APP, "floor": FLOOR_APP})
    for result in results.values():
        assert result["dataset"] == "animal-mnist" and result["p50_ratio"] > 0
        assert all(result[e]["n"] == 2 and result[e]["p50_ms"] > 0 for e in (*PAIR, PICTURES))
        both = result["answer_then_pictures"]["p50_ms"]
        assert both > result["/classify_generative"]["p50_ms"] and both > result[PICTURES]["p50_ms"]
    assert (tmp_path / "floor.log").exists() and (tmp_path / "app.log").exists()


def test_the_floor_app_computes_each_upload_once_and_replays_copies(monkeypatch, tmp_path):
    from benchmarks import replayed_answer_app as floor

    computed = []

    def compute(family, image):
        computed.append(image)
        return {"a": 1.0}, {"k": 4}

    monkeypatch.setattr(floor, "computed", compute)
    monkeypatch.setattr(floor, "answers", {})
    family = type("Family", (), {"dataset": "animal-mnist"})()
    first, second, other = tmp_path / "1.png", tmp_path / "2.png", tmp_path / "3.png"
    first.write_bytes(b"same")
    second.write_bytes(b"same")
    other.write_bytes(b"other")
    answer = floor.replayed(family, str(first))
    answer[1]["k"] = 99  # a caller changing its copy leaves the stored answer alone
    assert floor.replayed(family, str(second)) == ({"a": 1.0}, {"k": 4})
    floor.replayed(family, str(other))
    assert computed == [str(first), str(other)]


def test_scoring_precision_benchmark_compares_both_on_the_same_images():
    from benchmarks import scoring_precision
    from models.operations.common import precision
    machine = precision.scoring_precision()
    r = scoring_precision.main(["--images", "40", "--uploads", "2", "--dataset", "animal-mnist"])
    assert precision.scoring_precision() == machine, "the machine's own rule is back after it"
    assert r["images"] == 40 and 0 <= r["same_pick"] <= 1 and r["speedup"] > 0
    assert all(0 <= r[p]["accuracy"] <= 1 and r[p]["ms_per_upload"] > 0 for p in ("fp32", "bf16"))


def test_antithetic_draws_benchmark_pairs_the_same_draws():
    import torch

    from benchmarks import antithetic_draws
    mirrored = torch.tensor([1.0, 2.0, 3.0, -1.0, -2.0, -3.0])  # draws e1..e3, then their mirrors
    assert antithetic_draws.paired(mirrored).tolist() == [1.0, -1.0, 2.0]
    r = antithetic_draws.main(["--images", "20", "--seeds", "0,1", "--max-k", "4", "--refine", "2,10",
                               "--dataset", "animal-mnist"])
    assert r["images"] == 20 and len(r["runs"]) == 2
    cells = {f"K={k} R={r_}" for k in (1, 2, 4) for r_ in (2, 10)}
    assert set(r["mean"]["independent"]) == set(r["mean"]["antithetic"]) == cells
    for run in r["runs"]:  # one draw is the same draw in both orders
        assert run["independent"]["K=1 R=10"] == run["antithetic"]["K=1 R=10"]


def test_classify_tab_in_browser_times_each_answer_from_the_click(tmp_path, chromium_processes):
    from benchmarks import classify_tab_in_browser as tab

    results = tab.main(["--rounds", "2", "--log", str(tmp_path / "app.log")])
    assert set(results) == set(tab.SHOWN) and all(r["n"] == 2 for r in results.values())
    # measured one after the other from the same click: the pictures come last
    assert results["pictures"]["p50_ms"] >= results["generative_label"]["p50_ms"] > 0


def test_classify_tab_in_browser_times_a_drawing_and_the_dataset_switch(tmp_path, chromium_processes):
    from benchmarks import classify_tab_in_browser as tab

    drawn = tab.main(["--mode", "drawing", "--rounds", "2", "--log", str(tmp_path / "drawing.log")])
    assert set(drawn) == set(tab.CHANGED) and all(r["n"] == 2 for r in drawn.values())
    assert drawn["pictures"]["p50_ms"] >= drawn["generative_label"]["p50_ms"] > 0
    switched = tab.main(["--mode", "switch", "--rounds", "2", "--log", str(tmp_path / "switch.log")])
    assert set(switched) == {"heading", "settled"} and switched["settled"]["p50_ms"] >= switched["heading"]["p50_ms"] > 0


def test_calibration_benchmark_measures_both_endpoints_and_the_generated_verdicts(live_server, tmp_path):
    """benchmarks.calibration_api against the live app, on a few images: every figure present and in range."""
    from benchmarks import calibration_api

    out = tmp_path / "calibration.json"
    rows = calibration_api.main(["--url", live_server, "--images", "12", "--generate-count", "3",
                                 "--datasets", "fashion-mnist", "--out", str(out)])
    row = rows[0]
    assert row["images"] == 12 and json.loads(out.read_text())["rows"] == rows
    for endpoint in ("classify", "classify_generative"):
        assert 0 <= row[endpoint]["ece"] <= 1 and 0 <= row[endpoint]["accuracy"] <= 1
        assert 0 <= row[endpoint]["calibrated_ece_median"] <= row[endpoint]["calibrated_ece_p90"] <= 1
        assert 0 <= row[endpoint]["p_value"] <= 1
    assert row["classify_generative"]["median_top_two_gap_nats"] >= 0
    assert row["generate"]["images"] == 3 and row["generate"]["png_sizes"] == ["112x112"]
    assert row["generate"]["max_p_real_gap"] <= calibration_api.TARGETS["p_real_gap"]


def test_calibration_noise_floor_is_zero_only_for_sure_answers():
    import numpy as np

    from benchmarks.calibration_noise import perfect_eces

    rng = np.random.default_rng(0)
    sure = [{"count": 0, "confidence": None}] * 14 + [{"count": 10, "confidence": 1.0}]
    assert perfect_eces(sure, 300, 20, rng).max() == 0
    spread = [{"count": 1, "confidence": (b + 0.5) / 15} for b in range(15)]
    floor = perfect_eces(spread, 300, 200, rng)
    assert 0.02 < np.median(floor) < 0.2, "a perfectly calibrated model still shows an ECE on 300 images"


def test_lesson_in_browser_times_the_steps_it_is_asked_for(tmp_path, chromium_processes):
    from benchmarks import lesson_in_browser as lesson

    assert lesson.parse_steps("1-3,12") == (1, 2, 3, 12) and lesson.parse_steps("5") == (5,)
    results = lesson.main(["--rounds", "1", "--steps", "1,4,12", "--log", str(tmp_path / "app.log")])
    assert set(results) == {"baseline (Next)", "step 1", "step 4", "step 12"}
    assert all(r["n"] == 1 and r["p50_ms"] > 0 for name, r in results.items() if name != "baseline (Next)")
    assert results["baseline (Next)"]["n"] == 11  # one timed Next on each of steps 1-11
