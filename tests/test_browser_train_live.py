"""The Train live tab in Debian's Chromium: start a run, pause it, step D and G by hand; saves docs/train-live-tab.png."""
import re

import pytest
from playwright.sync_api import expect

from conftest import REPO
from test_browser import browser_page, open_tab, save_screenshot

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


def wait_for_step(page, at_least: int, key: str = "g_steps") -> None:
    """Waits until the Numbers panel shows `key` >= at_least."""
    expect(page.locator("#live-stats")).to_contain_text("step")
    page.wait_for_function(r"""([key, n]) => {
        const m = document.querySelector('#live-stats').innerText.match(new RegExp('"?' + key + '"?\\s*:\\s*(\\d+)'));
        return m && Number(m[1]) >= n; }""", arg=[key, at_least], timeout=60_000)


def test_start_pause_and_single_steps_change_the_numbers(page):
    open_tab(page, "Train live")
    seconds = page.locator("#live-seconds input[type=number]")
    seconds.fill("30")
    seconds.press("Enter")
    page.locator("#live-start").click()
    expect(page.locator("#live-gallery img")).to_have_count(10)  # one row per class
    wait_for_step(page, 2)
    page.locator("#live-pause").click()
    step_d = page.locator("#live-step-d")
    step_d.click()  # waits for a slice still in flight, then answers with the numbers after it
    expect(page.locator("#live-step-text")).to_contain_text("discriminator step")
    d0, g0 = number(page, "d_steps"), number(page, "g_steps")
    assert g0 >= 2
    page.wait_for_timeout(2000)  # were it still training, the next numbers would jump by more than one step
    step_d.click()
    wait_for_step(page, d0 + 1, key="d_steps")
    assert (number(page, "d_steps"), number(page, "g_steps")) == (d0 + 1, g0)
    page.locator("#live-step-g").click()
    expect(page.locator("#live-step-text")).to_contain_text("generator step")
    assert (number(page, "d_steps"), number(page, "g_steps")) == (d0 + 1, g0 + 1)
    text = page.locator("#live-step-text").inner_text()
    before, after = map(float, re.findall(r"(\d\.\d{3})", text)[:2])
    assert after > before  # a generator step raises D's P(real) on its images
    page.locator("#live-curves").evaluate("element => element.scrollIntoView({block: 'center'})")
    save_screenshot(page, SCREENSHOT)


def test_bad_learning_rate_gets_a_clear_error(page):
    open_tab(page, "Train live")
    lr = page.locator("#live-lr input")
    lr.fill("5")
    page.locator("#live-reset").click()
    expect(page.get_by_text("lr (learning rate) must be from").first).to_be_visible()
    lr.fill("0.002")
