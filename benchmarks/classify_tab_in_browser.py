"""What a learner waits for in the Classify tab: click to each answer on the page, in Debian's Chromium.

    python -m benchmarks.classify_tab_in_browser [--rounds 20] [--mode upload|drawing|switch] [--script app.py]

`upload` (the default): each round uploads one of two test images (an ankle boot, a bag: turn about,
so every answer on the page must change) and clicks Classify once; the page then shows the CNN's
P(Y|X), the generative P(y|x) and the pictures of the image as its three likeliest classes, each when
its request returns. `drawing`: the same from the Draw tab, one of two drawings (a tall bar, a wide
box) drawn with the mouse each round; an answer counts once it differs from what was on show before
the click. `switch`: every tab is visited once, then each round picks the other dataset in the
dropdown; timed to the heading naming it and to the page having no event still running.
Printed: p50 and p95 milliseconds from the click to each. `--script` runs another app script (an
older checkout's app.py, for a before/after on the same machine).
"""
from __future__ import annotations

import argparse
import json
import time
from contextlib import contextmanager
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


@contextmanager
def classify_tab(url: str):
    """The page at a desktop width in Debian's Chromium, on its Classify tab; closed on leaving."""
    with sync_playwright() as p:
        browser = chromium.launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            page.get_by_role("tab", name="Classify", exact=True).first.click()
            yield page
        finally:
            browser.close()


def rounds_in_browser(url: str, rounds: int) -> dict[str, list[float]]:
    seconds = {name: [] for name in SHOWN}
    with classify_tab(url) as page:
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
    return seconds


# An answer of the drawing mode counts once it is on show and differs from what was there before the click
# (an earlier drawing's answer may stay until then, or be emptied: either way the new one is told apart).
CHANGED = {
    "cnn_label": "#classify-label [data-testid=label-output-value]",
    "generative_label": "#classify-generative-label [data-testid=label-output-value]",
    "pictures": "#classify-as-class img",
}
CHANGED_JS = """([selector, before, count]) => { const found = [...document.querySelectorAll(selector)];
    const now = found.map(e => e.outerHTML).join('|');
    return found.length >= count && now !== before; }"""
SHAPES = [((0.45, 0.2), (0.45, 0.8), (0.55, 0.8), (0.55, 0.2)),  # a tall bar
          ((0.2, 0.35), (0.8, 0.35), (0.8, 0.65), (0.2, 0.65), (0.2, 0.35))]  # a wide box


def draw(page, shape, sketchpad: str = "#classify-sketch", pick_brush: bool = True) -> None:
    """Clears the canvas and draws `shape` (corners as fractions of the canvas) with the mouse."""
    sketch = page.locator(sketchpad)
    sketch.get_by_role("button", name="Clear canvas").click()
    page.wait_for_timeout(300)  # pages since issue 37 pick the brush themselves after a clear
    if pick_brush and "select the draw tool" in sketch.inner_text():  # older ones ignore strokes until then
        sketch.get_by_role("button", name="Brush", exact=True).click()
    canvas = sketch.locator("canvas").first
    canvas.scroll_into_view_if_needed()  # the mouse draws where the viewport shows the canvas
    box = canvas.bounding_box()
    side = min(box["width"], box["height"])
    left, top = box["x"] + (box["width"] - side) / 2, box["y"] + (box["height"] - side) / 2
    points = [(left + side * x, top + side * y) for x, y in shape]
    page.mouse.move(*points[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for i in range(1, 9):
            page.mouse.move(x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8)
    page.mouse.up()


def drawings_in_browser(url: str, rounds: int) -> dict[str, list[float]]:
    seconds = {name: [] for name in CHANGED}
    with classify_tab(url) as page:
        page.get_by_role("tab", name="Draw", exact=True).first.click()
        for i in range(rounds + 1):  # round 0 warms the page and the server up, and is not counted
            draw(page, SHAPES[i % 2])
            page.wait_for_timeout(300)  # the stroke settles in the editor before the click
            before = {answer: page.evaluate("(s) => [...document.querySelectorAll(s)].map(e => e.outerHTML).join('|')",
                                            selector) for answer, selector in CHANGED.items()}
            start = time.perf_counter()
            page.locator("#classify-draw-button").click()
            waited = {}
            for answer, selector in CHANGED.items():
                count = 3 if answer == "pictures" else 1
                page.wait_for_function(CHANGED_JS, arg=[selector, before[answer], count], polling="raf", timeout=60_000)
                waited[answer] = time.perf_counter() - start
            if i:
                for answer, value in waited.items():
                    seconds[answer].append(value)
    return seconds


TAB_NAMES = ("Classify", "Reconstruct", "Generate", "Explore", "Training timeline", "Real or fake?", "Compare",
             "Train live", "About")
SETTLED = "() => !document.querySelector('[data-testid=status-tracker]:not(.hide)')"  # as tests' settle()


def switches_in_browser(url: str, rounds: int) -> dict[str, list[float]]:
    from models import datasets

    labels = [datasets.label(d) for d in datasets.DATASETS]
    seconds = {"heading": [], "settled": []}
    with classify_tab(url) as page:
        for name in TAB_NAMES:  # what a learner has done before switching: looked at every tab
            tab = page.get_by_role("tab", name=name, exact=True).first
            if tab.count():
                tab.click()
                page.wait_for_timeout(1500)
        page.wait_for_function(SETTLED, polling=200, timeout=120_000)
        for i in range(rounds + 1):  # round 0 loads the other dataset's models, and is not counted
            label = labels[(i + 1) % len(labels)]
            page.locator("#dataset input").click()
            start = time.perf_counter()
            page.get_by_role("option", name=label, exact=True).click()
            page.wait_for_function("(l) => document.querySelector('#page-title')?.textContent.includes('models on ' + l)",
                                   arg=label, polling="raf", timeout=120_000)
            heading = time.perf_counter() - start
            page.wait_for_timeout(100)  # the events the switch starts have shown their progress
            page.wait_for_function(SETTLED, polling="raf", timeout=120_000)
            if i:
                seconds["heading"].append(heading)
                seconds["settled"].append(time.perf_counter() - start)
            page.wait_for_timeout(500)
    return seconds


MODES = {"upload": rounds_in_browser, "drawing": drawings_in_browser, "switch": switches_in_browser}


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.classify_tab_in_browser", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--mode", choices=MODES, default="upload")
    p.add_argument("--script", type=Path, default=APP)
    p.add_argument("--log", type=Path, default=Path("/tmp/classify_tab_in_browser.log"))
    args = p.parse_args(argv)
    with Server(args.script.resolve(), args.log, startup_timeout=600.0) as server:
        server.wait_for_http()
        seconds = MODES[args.mode](server.url, args.rounds)
    results = {answer: summarize(values) for answer, values in seconds.items()}
    for answer, r in results.items():
        print(f"click to {answer}: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms (n={r['n']})")
    print(json.dumps({"script": str(args.script), "mode": args.mode, **results}))
    return results


if __name__ == "__main__":
    main()
