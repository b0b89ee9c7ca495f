"""What a learner waits for after pressing Start in the Train live tab: click to G's first picture, in Debian's Chromium.

    python -m benchmarks.train_live_first_frame [--rounds 10] [--script app.py] [--frame "#live-grid img"]

Each round switches the dataset (which empties the tab), clicks Start and waits until a new
picture of G's images (step 0: pure noise) has loaded, then clicks Pause and lets the run stop. In the same rounds,
as a baseline on the same server and machine, the Classify tab's click to its CNN answer.
Printed: p50 / p95 milliseconds of both and the load average. `--script` and `--frame` run an
older checkout's app.py with its own picture's selector (a before/after on the same machine).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks import chromium
from benchmarks.latency import summarize
from benchmarks.servers import APP, REPO, Server

# (dataset label in the menu, an example of it for the baseline and its class), in turn
ROUNDS = [("Animals — cats & dogs", "animal-test-0349-cat.png", "cat"), ("Fashion-MNIST", "test-0018-bag.png", "Bag")]
SRC = "s => document.querySelector(s)?.src || ''"
# a picture loaded that is not the one shown before the click (this checkout empties it on a dataset
# switch; an older one may keep the other dataset's picture until Start replaces it)
NEW_AND_LOADED = ("([s, before]) => { const i = document.querySelector(s);"
                  " return !!i && i.src !== before && i.complete && i.naturalWidth > 0; }")
CNN_ANSWER = ("(c) => document.querySelector('#classify-label [data-testid=label-output-value]')"
              "?.textContent.trim() === c")


def choose_dataset(page, label: str) -> None:
    page.locator("#dataset input").click()
    page.get_by_role("option", name=label, exact=True).click()


def rounds_in_browser(url: str, rounds: int, frame: str, settle_s: float) -> dict[str, list[float]]:
    seconds = {"start_to_first_frame": [], "classify_baseline": []}
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        for i in range(rounds + 1):  # round 0 warms the page and the server up, and is not counted
            label, example, expected = ROUNDS[i % 2]
            choose_dataset(page, label)
            page.get_by_role("tab", name="Train live", exact=True).first.click()
            page.wait_for_timeout(int(settle_s * 1000))  # the tab has read the dataset's files meanwhile
            before = page.evaluate(SRC, frame)
            start = time.perf_counter()
            page.locator("#live-start").click()
            page.wait_for_function(NEW_AND_LOADED, arg=[frame, before], polling="raf", timeout=120_000)
            first_frame = time.perf_counter() - start
            page.locator("#live-pause").click()
            page.wait_for_timeout(1500)  # the run's slice in flight ends
            page.get_by_role("tab", name="Classify", exact=True).first.click()
            page.locator("#classify-image input[type=file]").set_input_files(str(REPO / "examples" / example))
            page.wait_for_timeout(300)
            start = time.perf_counter()
            page.locator("#classify-button").click()
            page.wait_for_function(CNN_ANSWER, arg=expected, polling="raf", timeout=60_000)
            if i:
                seconds["start_to_first_frame"].append(first_frame)
                seconds["classify_baseline"].append(time.perf_counter() - start)
        browser.close()
    return seconds


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.train_live_first_frame", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--script", type=Path, default=APP)
    p.add_argument("--frame", default="#live-grid img", help="the first picture's <img> (older checkouts: '#live-gallery img')")
    p.add_argument("--settle", type=float, default=3.0, help="seconds between opening the tab and pressing Start")
    p.add_argument("--log", type=Path, default=Path("/tmp/train_live_first_frame.log"))
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    with Server(args.script.resolve(), args.log, startup_timeout=900.0) as server:
        server.wait_for_http()
        seconds = rounds_in_browser(server.url, args.rounds, args.frame, args.settle)
    results = {name: summarize(values) for name, values in seconds.items()}
    results["ratio_p50"] = results["start_to_first_frame"]["p50_ms"] / results["classify_baseline"]["p50_ms"]
    for name in seconds:
        print(f"{name}: p50 {results[name]['p50_ms']:.0f} ms, p95 {results[name]['p95_ms']:.0f} ms (n={results[name]['n']})")
    results.update(script=str(args.script), load_before=load_before, load_after=os.getloadavg())
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
