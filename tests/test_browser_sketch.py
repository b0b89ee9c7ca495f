"""The sketchpads draw at the first stroke, in Debian's Chromium at 1280 and 390 px (issue 37): the learner
opens Draw and draws, without picking the brush first (Gradio's editor opened on its image tool and said
"select the draw tool to start"); clearing the canvas empties the drawing's answer."""
import pytest
from playwright.sync_api import expect

from benchmarks.classify_tab_in_browser import SHAPES, draw
from test_browser import browser_page, open_tab, top_class

WIDTHS = (1280, 390)


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request, live_server):
    yield from browser_page(live_server, "Classify", width=request.param, height=900)


def test_classify_s_canvas_draws_at_the_first_stroke(page):
    open_tab(page, "Classify")
    page.get_by_role("tab", name="Draw", exact=True).click()
    draw(page, SHAPES[0], pick_brush=False)
    expect(page.locator("#classify-sketch")).not_to_contain_text("select the draw tool")
    page.locator("#classify-draw-button").click()
    expect(top_class(page)).to_have_count(1)
    expect(page.locator("#classify-seen img")).to_have_count(1)
    page.locator("#classify-sketch").get_by_role("button", name="Clear canvas").click()  # the answer goes with it
    expect(top_class(page)).to_have_count(0)
    draw(page, SHAPES[1], pick_brush=False)  # and the cleared canvas draws at once too
    page.locator("#classify-draw-button").click()
    expect(top_class(page)).to_have_count(1)
    page.get_by_role("tab", name="Upload", exact=True).click()


def test_reconstruct_s_canvas_draws_at_the_first_stroke(page):
    open_tab(page, "Reconstruct")
    page.get_by_role("tab", name="Draw", exact=True).filter(visible=True).click()
    draw(page, SHAPES[1], sketchpad="#reconstruct-sketch", pick_brush=False)
    expect(page.locator("#reconstruct-sketch")).not_to_contain_text("select the draw tool")
    page.get_by_role("button", name="Reconstruct drawing").click()
    expect(page.locator("#reconstruct-gallery img")).not_to_have_count(0)
    page.get_by_role("tab", name="Upload", exact=True).filter(visible=True).click()
