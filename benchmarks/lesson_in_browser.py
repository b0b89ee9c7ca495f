"""What a learner waits for in the Lesson tab: each step's action to its answer on the page, in Debian's Chromium.

    python -m benchmarks.lesson_in_browser [--rounds 10] [--live-rounds 2] [--lang en] [--steps 1,4,12] [--script app.py]

For every step, `rounds` times (one more first, to warm up, not counted): the step's action (a click,
or for step 4 the slider's release), then a wait until its answer is on the page: the answer's
loading overlay has come and gone and every picture of the step in view is decoded. Inputs alternate where the
step has any (the dog and the cat, two noise vectors, two scales, two images for D), so most rounds
change what is shown. The live steps (7 and 10) are timed to their *first* picture (the untrained
network), then left to finish before the next round. The baseline: the Next button (a trivial event
answered by the server, then the next step drawn), from the click to that step on screen. Printed:
p50 and p95 ms per step, and each p50 over the baseline's p50.
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
from benchmarks.servers import APP, Server

LIVE = {7: ("#lesson-7-answer", ("0 of 160", "160번 중 **0**", "160번 중 0")),
        10: ("#lesson-10-answer", ("Step 0", "0번째"))}
DONE = {7: ("Done:", "끝:"), 10: ("Done:", "끝:")}

# Installed on the step before its action: notes when one of its answers' loading overlays shows. The answer is
# on the page once that has happened, no overlay shows any more and every picture in view is decoded
# (DONE_CHECK, polled every frame: a picture finishing its download changes nothing an observer would see).
WATCH = """(selector) => {
  const root = document.querySelector(selector);
  window.lessonRoot = root;
  window.lessonBusySeen = false;
  const observer = new MutationObserver(() => {
    if (root.querySelector('[data-testid=status-tracker]:not(.hide)')) { window.lessonBusySeen = true; observer.disconnect(); }
  });
  observer.observe(root, {subtree: true, childList: true, attributes: true});
}"""
DONE_CHECK = """() => { const root = window.lessonRoot;
  return window.lessonBusySeen && !root.querySelector('[data-testid=status-tracker]:not(.hide)')
    && [...root.querySelectorAll('img')].filter(i => { const r = i.getBoundingClientRect();
         return r.bottom > 0 && r.top < innerHeight && r.width > 0; }).every(i => i.complete && i.naturalWidth > 0); }"""
PICTURES_DONE = "(s) => [...document.querySelectorAll(s + ' img')].every(i => i.complete && i.naturalWidth > 0)"


def act(page, step: int, round_: int) -> None:
    """The step's one action, with the round's input."""
    other = round_ % 2
    if step == 1:
        page.locator("#lesson-1-cat" if other else "#lesson-1-dog").click()
    elif step == 4:
        box = page.locator("#lesson-4-scale input[type=number]")
        box.fill("0" if other else "1.5")
        box.press("Tab")  # the slider's release, as at the end of a drag
    elif step == 12:
        page.locator("#lesson-12-choice label").nth(1 + other).click()
    else:
        page.locator(f"#lesson-{step}-button").click()


def prepare(page, step: int, round_: int) -> None:
    """The round's input typed before the timer starts (steps 3 and 11)."""
    if step in (3, 11):
        vectors = {3: ("[-5 3 2.6]", "[1 -2 0.5]"), 11: ("[-5 6.2 8]", "[4 4 -4]")}[step]
        box = page.locator(f"#lesson-{step}-noise textarea, #lesson-{step}-noise input").first
        box.fill(vectors[round_ % 2])
        box.press("Tab")


def timed_step(page, step: int, round_: int) -> float:
    """Seconds from the action to the answer on the page (live steps: to their first picture)."""
    prepare(page, step, round_)
    if step in LIVE:
        selector, first = LIVE[step]
        start = time.perf_counter()
        act(page, step, round_)
        page.wait_for_function("([s, words]) => { const t = document.querySelector(s)?.textContent || '';"
                               " return words.some(w => t.includes(w.replaceAll('*', ''))); }",
                               arg=[selector, list(first)], polling="raf", timeout=120_000)
        page.wait_for_function(PICTURES_DONE, arg=f"#lesson-step-{step}", polling="raf", timeout=60_000)
        elapsed = time.perf_counter() - start
        page.wait_for_function("([s, words]) => words.some(w => (document.querySelector(s)?.textContent || '')"
                               ".includes(w))", arg=[selector, list(DONE[step])], timeout=180_000)
        return elapsed
    page.evaluate(WATCH, f"#lesson-step-{step}")
    start = time.perf_counter()
    act(page, step, round_)
    page.wait_for_function(DONE_CHECK, polling="raf", timeout=60_000)
    return time.perf_counter() - start


def baseline_once(page, step: int) -> float:
    """Next from `step` to the following step on screen, then Back (not timed)."""
    start = time.perf_counter()
    page.locator(f"#lesson-next-{step}").click()
    page.locator(f"#lesson-step-{step + 1}").wait_for(state="visible")
    elapsed = time.perf_counter() - start
    page.locator(f"#lesson-back-{step + 1}").click()
    page.locator(f"#lesson-step-{step}").wait_for(state="visible")
    return elapsed


def rounds_in_browser(url: str, rounds: int, live_rounds: int, lang: str,
                      steps: tuple[int, ...] = tuple(range(1, 13))) -> dict[str, list[float]]:
    seconds: dict[str, list[float]] = {"baseline (Next)": []}
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=lang).new_page()
        page.goto(f"{url}?lang={lang}")
        page.locator("#lesson-step-1").wait_for(state="visible", timeout=120_000)
        for step in range(1, 13):
            if step in steps:
                seconds[f"step {step}"] = []
                for i in range((live_rounds if step in LIVE else rounds) + 1):  # round 0 warms up, not counted
                    value = timed_step(page, step, i)
                    if i:
                        seconds[f"step {step}"].append(value)
            if step < 12:
                for i in range(rounds + 1):
                    value = baseline_once(page, step)
                    if i:
                        seconds["baseline (Next)"].append(value)
                page.locator(f"#lesson-next-{step}").click()
                page.locator(f"#lesson-step-{step + 1}").wait_for(state="visible")
        browser.close()
    return seconds


def parse_steps(text: str) -> tuple[int, ...]:
    """"1-12", "1,4,12" or "3" -> the step numbers (1-12)."""
    steps = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        steps.update(range(int(low), int(high or low) + 1))
    if not steps or min(steps) < 1 or max(steps) > 12:
        raise SystemExit(f"--steps must name steps from 1 to 12, got {text!r}")
    return tuple(sorted(steps))


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.lesson_in_browser", description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--live-rounds", type=int, default=2, help="rounds of the live steps 7 and 10 (20 s each for 10)")
    p.add_argument("--lang", choices=["en", "ko"], default="en")
    p.add_argument("--steps", default="1-12", help="the steps to time, e.g. 1,4,12 (the others are walked past)")
    p.add_argument("--script", type=Path, default=APP)
    p.add_argument("--log", type=Path, default=Path("/tmp/lesson_in_browser.log"))
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    with Server(args.script.resolve(), args.log, startup_timeout=600.0) as server:
        server.wait_for_http()
        seconds = rounds_in_browser(server.url, args.rounds, args.live_rounds, args.lang, parse_steps(args.steps))
    results = {name: summarize(values) for name, values in seconds.items()}
    baseline = results["baseline (Next)"]["p50_ms"]
    for name, r in results.items():
        print(f"{name}: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms (n={r['n']}), "
              f"{r['p50_ms'] / baseline:.1f}x the baseline" + ("  <- over 1 s" if r["p50_ms"] > 1000 else ""))
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} (1 min)")
    print(json.dumps({"script": str(args.script), "lang": args.lang, "load_1min": [load_before[0], os.getloadavg()[0]],
                      **results}))
    return results


if __name__ == "__main__":
    main()
