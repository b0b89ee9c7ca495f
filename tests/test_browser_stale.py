"""No answer outlives what it answered, in Debian's Chromium at 1280 and 390 px (issue 37): what a
learner saw left on the page after a dataset switch or a new image, each emptied now
(space/widgets/stale.py); and the page says nothing of its own in the console, warnings included
(Gradio's LinePlot warned of a Vega-Lite version mismatch)."""
import pytest
from playwright.sync_api import expect

from conftest import EXAMPLES
from test_browser import browser_page, open_tab, top_class
from test_browser_animals import ANIMALS_LABEL, FASHION_LABEL, choose_dataset

WIDTHS = (1280, 390)


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request, explore_server):
    messages = []
    for page in browser_page(explore_server, "Classify", width=request.param, height=900):
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: messages.append(f"uncaught: {error}"))
        page.console_messages = messages
        yield page


def empty(page, selector: str) -> None:
    """Nothing shown: no picture, no text (a Label's heading and a block's own label aside)."""
    expect(page.locator(f"{selector} img")).to_have_count(0)
    expect(page.locator(f"{selector} [data-testid=label-output-value]")).to_have_count(0)


def generative_label(page):
    return page.locator("#classify-generative-label [data-testid=label-output-value]")


def classify_example(page, name: str, shown: str) -> None:
    page.locator("#classify-image input[type=file]").set_input_files(str(EXAMPLES / name))
    page.locator("#classify-button").click()
    expect(top_class(page)).to_have_text(shown)
    expect(generative_label(page)).to_have_text(shown)
    expect(page.locator("#classify-as-class img")).to_have_count(3)


def test_another_image_or_the_draw_tab_empties_classify_s_answer(page):
    open_tab(page, "Classify")
    classify_example(page, "test-0000-ankle-boot.png", "Ankle boot")
    page.locator("#classify-image input[type=file]").set_input_files(str(EXAMPLES / "test-0018-bag.png"))
    for selector in ("#classify-label", "#classify-generative-label", "#classify-as-class", "#classify-seen"):
        empty(page, selector)
    expect(page.locator("#classify-agreement")).not_to_contain_text("say")
    classify_example(page, "test-0018-bag.png", "Bag")
    page.get_by_role("tab", name="Draw", exact=True).click()
    for selector in ("#classify-label", "#classify-generative-label", "#classify-as-class", "#classify-seen"):
        empty(page, selector)
    page.get_by_role("tab", name="Upload", exact=True).click()


def test_a_switch_empties_generate_s_diversity_and_held_image(page):
    open_tab(page, "Generate")
    page.locator("#generate-button").click()
    expect(page.locator("#generate-diversity")).to_contain_text("Diversity of this batch")
    expect(page.locator("#generate-diversity-plot img")).to_have_count(1)
    expect(page.locator("#hold-image img")).to_have_count(1)  # below the fold: lazy, so not "visible"
    expect(page.locator("#hold-caption")).to_contain_text("Image #0")
    choose_dataset(page, ANIMALS_LABEL)
    for selector in ("#generate-gallery", "#generate-diversity", "#generate-diversity-plot", "#hold-image",
                     "#hold-caption", "#noise-table tbody"):
        empty(page, selector)
    expect(page.locator("#generate-diversity")).not_to_contain_text("Diversity")
    expect(page.locator("#hold-caption")).not_to_contain_text("Image #")
    choose_dataset(page, FASHION_LABEL)


def test_a_switch_empties_explore_s_decoded_point(page):
    open_tab(page, "Explore")
    page.locator("#latent-map-button").click()
    expect(page.locator("#latent-map-plot img")).to_be_visible()
    page.locator("#decode-latent-button").click()
    expect(page.locator("#decode-latent-image img")).to_have_count(1)
    said = page.locator("#decode-latent-text").inner_text()
    assert said.strip()
    choose_dataset(page, ANIMALS_LABEL)
    for selector in ("#latent-map-plot", "#decode-latent-image"):
        empty(page, selector)
    expect(page.locator("#decode-latent-text")).not_to_contain_text(said.strip()[:30])
    choose_dataset(page, FASHION_LABEL)


def test_a_switch_empties_train_live_s_rows(page):
    open_tab(page, "Train live")
    page.locator("#live-step-d").click()
    grid = page.locator("#live-grid img, #live-grid-narrow img").filter(visible=True)
    expect(grid).to_have_count(1, timeout=90_000)  # the first step imports what training needs
    choose_dataset(page, ANIMALS_LABEL)
    expect(page.locator("#live-grid img, #live-grid-narrow img")).to_have_count(0)
    expect(page.locator("#live-pair-box")).to_be_hidden()
    choose_dataset(page, FASHION_LABEL)


def test_a_tab_opened_after_a_switch_shows_the_new_dataset(page):
    """A tab not on show is redrawn when it is next opened, not at the switch (space/widgets/stale.py): the
    timeline's rows and grid, a Real-or-fake round; switching there and back while away still redraws it."""
    open_tab(page, "Training timeline")
    rows, grid = page.locator("#timeline-rows"), page.locator("#timeline-grid img")
    expect(rows).to_contain_text("Ankle boot")
    expect(grid).to_have_count(1)
    fashion_grid = grid.get_attribute("src")
    open_tab(page, "Real or fake?")
    expect(page.locator("#rof-image-1 img")).to_have_count(1)
    open_tab(page, "Classify")
    choose_dataset(page, ANIMALS_LABEL)
    open_tab(page, "Training timeline")
    expect(rows).to_contain_text("zebra")
    expect(grid).to_have_count(1)
    expect(grid).not_to_have_attribute("src", fashion_grid)
    open_tab(page, "Real or fake?")
    expect(page.locator("#rof-image-1 img")).to_have_count(1)  # emptied by the switch, a new round on opening
    open_tab(page, "Classify")
    choose_dataset(page, FASHION_LABEL)
    choose_dataset(page, ANIMALS_LABEL)  # back to what the timeline drew, whose grid the switches emptied
    open_tab(page, "Training timeline")
    expect(grid).to_have_count(1)
    expect(rows).to_contain_text("zebra")
    choose_dataset(page, FASHION_LABEL)  # on show: redrawn at once
    expect(rows).to_contain_text("Ankle boot")
    expect(grid).to_have_attribute("src", fashion_grid)


# Said by Gradio's own front end whatever the page does, or by the test machine's GPU-less Chromium:
# its image editor (pixi.js) setting up the Draw tab's canvas on software WebGL, its client's stand-in
# for a closed event stream ("Method not implemented."), and Chromium's software GL driver.
NOT_THE_PAGE_S = ("initialize_textures", "create_layer", "create_background_layer", "make_resize_ui",
                  "Method not implemented.", "GL Driver Message")


def test_the_page_says_nothing_in_the_console(page):
    """Last: every step above ran; not one error or warning of the page's own (the Vega-Lite warning came
    from the diversity plot of the Generate test)."""
    said = sorted({m for m in page.console_messages if not any(part in m for part in NOT_THE_PAGE_S)})
    assert not said, "\n".join(said)
