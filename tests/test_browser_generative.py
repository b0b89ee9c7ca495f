"""The Classify tab in a real browser shows both answers side by side, and marks whether they agree."""
import re

import pytest
from playwright.sync_api import expect

from conftest import EXAMPLES
from test_browser import browser_page, open_tab, top_class


@pytest.fixture(scope="module")
def page(live_server):
    yield from browser_page(live_server, "Classify")


def test_classify_shows_the_discriminative_and_the_generative_answer(page):
    open_tab(page, "Classify")
    page.locator("#classify-image input[type=file]").set_input_files(str(EXAMPLES / "test-0000-ankle-boot.png"))
    page.locator("#classify-button").click()
    expect(top_class(page)).to_have_text("Ankle boot")
    generative = page.locator("#classify-generative-label [data-testid=label-output-value]")
    expect(generative).not_to_be_empty()
    expect(page.get_by_text("Discriminative: P(Y|X) from the CNN")).to_be_visible()
    expect(page.get_by_text("Generative: p(x|y)·p(y), normalised")).to_be_visible()
    # the mark: a check when both pick the same class, a warning naming both picks when they differ
    agreement = page.locator("#classify-agreement")
    expect(agreement).to_have_text(re.compile(r"Both models say|They disagree"))
    if generative.inner_text().strip() != "Ankle boot":
        expect(agreement).to_contain_text("They disagree")
    else:
        expect(agreement).to_contain_text("Both models say Ankle boot")
    expect(page.locator("#classify-as-class img")).to_have_count(3)
    expect(page.locator("#classify-as-class")).to_contain_text("as ")
