"""What a learner waits for in the Classify tab: click to each answer on the page, in Debian's Chromium.

    python -m benchmarks.classify_tab_in_browser [--rounds 20] [--script app.py]

Each round uploads one of two test images (an ankle boot, a bag: turn about, so every answer on the
page must change) and clicks Classify once; the page then shows the CNN's P(Y|X), the generative
P(y|x) and the pictures of the image as its three likeliest classes, each when its request returns.
Printed: p50 and p95 milliseconds from the click to each. `--script` runs another app script (an
older checkout's app.py, for a before/after on the same machine).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks import chromium
from benchmarks.latency import summarize
from benchmarks.servers import APP, REPO, Server

UPLOADS = [("test-0000-ankle-boot.png", "Ankle boot"), ("test-0018-bag.png", "Bag")]
# What "shown" means for each answer: the label names the expected class; the gallery holds three
# pictures whose first caption names it (so a previous round's pictures do not count).
SHOWN = {
    "cnn_label": "(c) => document.querySelector('#classify-label [data-testid=label-output-value]')"
                 "?.textContent.trim() === c",
    "generative_label": "(c) => document.querySelector('#classify-generative-label "
                        "[data-testid=label-output-value]')?.textContent.trim() === c",
    "pictures": "(c) => { const g = document.querySelector('#classify-as-class');"
                " return !!g && g.querySelectorAll('img').length === 3 && g.textContent.includes('as ' + c); }",
}


def rounds_in_browser(url: str, rounds: int) -> dict[str, list[float]]:
    seconds = {name: [] for name in SHOWN}
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        page.get_by_role("tab", name="Classify", exact=True).first.click()
        for i in range(rounds + 1):  # round 0 warms the page and the server up, and is not counted
            name, expected = UPLOADS[i % 2]
            page.locator("#classify-image input[type=file]").set_input_files(str(REPO / "examples" / name))
            page.wait_for_timeout(300)  # the upload settles in the input before the click
            start = time.perf_counter()
            page.locator("#classify-button").click()
            waited = {}
            for answer, condition in SHOWN.items():  # polled every animation frame
                page.wait_for_function(condition, arg=expected, polling="raf", timeout=60_000)
                waited[answer] = time.perf_counter() - start
            if i:
                for answer, value in waited.items():
                    seconds[answer].append(value)
        browser.close()
    return seconds


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.classify_tab_in_browser", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--script", type=Path, default=APP)
    p.add_argument("--log", type=Path, default=Path("/tmp/classify_tab_in_browser.log"))
    args = p.parse_args(argv)
    with Server(args.script.resolve(), args.log, startup_timeout=600.0) as server:
        server.wait_for_http()
        seconds = rounds_in_browser(server.url, args.rounds)
    results = {answer: summarize(values) for answer, values in seconds.items()}
    for answer, r in results.items():
        print(f"click to {answer}: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms (n={r['n']})")
    print(json.dumps({"script": str(args.script), **results}))
    return results


if __name__ == "__main__":
    main()
