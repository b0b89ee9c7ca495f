"""Playing a round of Real or fake? in Chromium, on a desktop (1280 px) and a phone (390 px), with no console error
(in Korean: tests/test_browser_real_or_fake_korean.py)."""
import re

import pytest
from playwright.sync_api import expect

from models.loading.loader import load_family
from models.operations.game import real_or_fake as game
from test_browser import DOCS, browser_page, open_tab, save_screenshot, settle

WIDTHS = (1280, 390)
TAB = "Real or fake?"


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request, live_server):
    errors: list[str] = []
    for page in browser_page(live_server, "Classify", width=request.param, height=900, errors=errors):
        page.errors = errors
        yield page


def guess_button(page, i: int):
    return page.locator(f"#rof-guess-{i}")


def test_play_a_round(page):
    open_tab(page, TAB)
    for i in range(1, 9):
        expect(page.locator(f"#rof-image-{i} img")).to_be_visible()
        expect(guess_button(page, i)).to_have_text("?")
    expect(page.locator("#rof-record")).to_contain_text("Over 50 rounds")
    seed = int(page.locator("#rof-seed input").input_value())
    assert "test image #" not in page.content()  # nothing on the page tells yet

    # checking with images unmarked is refused, naming them
    page.locator("#rof-check").click()
    expect(page.locator(".toast-body").first).to_contain_text("not marked yet")

    # mark: one tap on every button (real), then a tap on picture 1 and on button 2 (both fake)
    for i in range(1, 9):
        guess_button(page, i).click()
        expect(guess_button(page, i)).to_have_text("real")
    page.locator("#rof-image-1 img").click()
    guess_button(page, 2).click()
    expect(guess_button(page, 1)).to_have_text("fake")
    expect(guess_button(page, 2)).to_have_text("fake")
    guesses = ["fake", "fake"] + ["real"] * 6

    page.locator("#rof-check").click()
    truth = ["real" if r else "fake" for r in game.make_round(load_family("fashion-mnist"), seed, "early").real.tolist()]
    right = sum(g == t for g, t in zip(guesses, truth))
    expect(page.locator("#rof-score")).to_contain_text(f"You: {right} of 8 right")
    expect(page.locator("#rof-score")).to_contain_text("trained discriminator")
    expect(page.locator("#rof-table")).to_contain_text("made by")
    table = page.locator("#rof-table").inner_text()
    assert table.count("test image #") == truth.count("real") and table.count("G, asked for") == truth.count("fake")
    for i, (g, t) in enumerate(zip(guesses, truth), 1):
        expect(guess_button(page, i)).to_have_text(f'{"✓" if g == t else "✗"} {t}')
    revealed = guess_button(page, 3).inner_text().strip()
    guess_button(page, 3).click()  # a revealed answer stays as it is
    page.wait_for_timeout(300)
    expect(guess_button(page, 3)).to_have_text(revealed)

    # the layout: every tile whole and in view of the page's width, 8 in a row on a desktop, 4 on a phone
    boxes = [page.locator(f"#rof-image-{i} img").bounding_box() for i in range(1, 9)]
    per_row = 8 if page.viewport_size["width"] >= 1000 else 4
    assert len({round(b["y"]) for b in boxes[:per_row]}) == 1 and boxes[per_row % 8]["y"] >= boxes[0]["y"]
    if per_row == 4:
        assert boxes[4]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= page.viewport_size["width"] + 1 for b in boxes)
    assert all(b["width"] >= 60 for b in boxes), [b["width"] for b in boxes]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), "the page scrolls sideways"
    assert guess_button(page, 1).bounding_box()["height"] >= 44  # a finger's tap

    page.locator("#rof-strength").evaluate("e => e.scrollIntoView({block: 'start'})")
    settle(page)
    save_screenshot(page, DOCS / ("real-or-fake.png" if per_row == 8 else "real-or-fake-phone.png"))

    # a new round: every mark back to "?", the score gone
    page.locator("#rof-new").click()
    expect(guess_button(page, 1)).to_have_text("?")
    expect(page.locator("#rof-score")).not_to_contain_text("You:")
    assert page.errors == [], page.errors


def test_a_stronger_generator_keeps_the_real_images(page):
    open_tab(page, TAB)
    page.locator("#rof-seed input").fill("5")
    page.locator("#rof-seed input").press("Enter")
    expect(guess_button(page, 1)).to_have_text("?")
    settle(page)
    early = [page.locator(f"#rof-image-{i} img").get_attribute("src") for i in range(1, 9)]
    page.locator("#rof-strength").get_by_text(re.compile("^trained")).click()
    expect(page.locator("#rof-record")).to_contain_text("Over 50 rounds")
    page.wait_for_function("src => document.querySelector('#rof-image-1 img') && "
                           "[...Array(8).keys()].some(i => document.querySelector(`#rof-image-${i + 1} img`).src !== src[i])",
                           arg=early)
    settle(page)
    trained = [page.locator(f"#rof-image-{i} img").get_attribute("src") for i in range(1, 9)]
    real = game.make_round(load_family("fashion-mnist"), 5, "early").real.tolist()
    assert [a == b for a, b in zip(early, trained)] == real  # the real images stay, every fake is redrawn

