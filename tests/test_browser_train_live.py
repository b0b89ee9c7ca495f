"""The Train live tab in Debian's Chromium: start a run, pause it, step D and G by hand; saves docs/train-live-tab.png."""
import re

import pytest
from playwright.sync_api import expect

from conftest import REPO
from test_browser import browser_page, open_tab

SCREENSHOT = REPO / "docs" / "train-live-tab.png"


@pytest.fixture(scope="module")
def page(live_server):
    yield from browser_page(live_server, "Train live")


def number(page, key: str) -> float:
    """A value of the Numbers panel (a gr.JSON), read from the page's text."""
    text = page.locator("#live-stats").inner_text()
    found = re.search(rf'"?{key}"?\s*:\s*(-?[\d.]+)', text)
    assert found, f"{key} not in the numbers panel: {text!r}"
    return float(found.group(1))


def wait_for_step(page, at_least: int) -> None:
    expect(page.locator("#live-stats")).to_contain_text("step")
    page.wait_for_function(
        """([n]) => { const m = document.querySelector('#live-stats').innerText.match(/"?g_steps"?\\s*:\\s*(\\d+)/);
                      return m && Number(m[1]) >= n; }""", arg=[at_least], timeout=60_000)


def test_start_pause_and_single_steps_change_the_numbers(page):
    open_tab(page, "Train live")
    seconds = page.locator("#live-seconds input[type=number]")
    seconds.fill("30")
    seconds.press("Enter")
    page.locator("#live-start").click()
    expect(page.locator("#live-gallery img")).to_have_count(10)  # one row per class
    wait_for_step(page, 2)
    page.locator("#live-pause").click()
    page.wait_for_timeout(1500)  # a slice in flight may still land
    paused = number(page, "g_steps")
    page.wait_for_timeout(2500)
    assert number(page, "g_steps") == paused  # paused: nothing trains

    d_before = number(page, "d_steps")
    page.locator("#live-step-d").click()
    expect(page.locator("#live-step-text")).to_contain_text("discriminator step")
    assert number(page, "d_steps") == d_before + 1 and number(page, "g_steps") == paused
    page.locator("#live-step-g").click()
    expect(page.locator("#live-step-text")).to_contain_text("generator step")
    assert number(page, "g_steps") == paused + 1
    text = page.locator("#live-step-text").inner_text()
    before, after = map(float, re.findall(r"(\d\.\d{3})", text)[:2])
    assert after > before  # a generator step raises D's P(real) on its images
    page.locator("#live-curves").evaluate("element => element.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SCREENSHOT))


def test_bad_learning_rate_gets_a_clear_error(page):
    open_tab(page, "Train live")
    lr = page.locator("#live-lr input")
    lr.fill("5")
    page.locator("#live-reset").click()
    expect(page.get_by_text("lr (learning rate) must be from").first).to_be_visible()
    lr.fill("0.002")
