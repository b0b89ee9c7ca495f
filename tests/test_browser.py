"""The page in a real browser: Debian's Chromium driven by Playwright (never `playwright install`)."""
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from benchmarks.chromium import CHROMIUM, launch as launch_chromium
from conftest import EXAMPLES, REPO

DOCS = REPO / "docs"   # the README's pictures
SCREENSHOT = DOCS / "screenshot.png"
TIMEOUT = 30_000  # ms; generous, CI machines can be slow


def browser_page(url: str, first_tab: str, width: int = 1280, height: int = 1000, locale: str | None = None,
                 errors: list | None = None):
    """Yields a Chromium page on `url` (a `width` px wide window, the browser's language `locale`), opened
    where every visitor lands (the Lesson tab) and then switched to the tab named `first_tab`. `errors`, if
    given, collects the page's console errors and uncaught exceptions from the start."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium); "
                    "do not use `playwright install`.")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        expect.set_options(timeout=TIMEOUT)  # assertions too (5 s by default): a busy CI machine may be slow
        if errors is not None:
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        expect(page.locator("#lesson-tab")).to_be_visible()  # the page opens on the lesson
        open_tab(page, first_tab)
        expect(page.get_by_role("tab", name=first_tab, exact=True).first).to_have_attribute("aria-selected", "true")
        yield page
        browser.close()


@pytest.fixture(scope="module")
def page(live_server):
    yield from browser_page(live_server, "Classify")


def top_class(page):
    return page.locator("#classify-label [data-testid=label-output-value]")


def settle(page, timeout: float = 30_000) -> None:
    """Waits until no output is still loading and every image in view has been decoded (for screenshots)."""
    page.wait_for_function("""() => !document.querySelector('[data-testid=status-tracker]:not(.hide)')
        && [...document.images].filter(i => { const r = i.getBoundingClientRect();
               return r.bottom > 0 && r.top < innerHeight && r.width > 0; })
           .every(i => i.complete && i.naturalWidth > 0)""", timeout=timeout)
    page.wait_for_timeout(200)  # one more frame for the paint


def save_screenshot(page, path) -> None:
    """The viewport as a README picture, once an earlier step's message box has gone by itself
    (Gradio keeps one 10 s): the picture shows the feature, not a stale error."""
    page.wait_for_function("() => !document.querySelector('.toast-body')", timeout=15_000)
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))


def screenshot_at(page, anchor: str, name: str) -> None:
    """docs/`name`: the viewport with `anchor` at its top (the inputs above the outputs of one feature),
    once its outputs are loaded and painted: no washed-out "still loading" picture."""
    page.locator(anchor).evaluate("element => element.scrollIntoView({block: 'start'})")
    settle(page)
    save_screenshot(page, DOCS / name)


def type_number(page, selector: str, value: str, leave: str = "Tab") -> None:
    """Types `value` into a number box and leaves it; types again if the box went back to its start value (a
    slider that is still mounting when its tab has just opened resets what was typed into it)."""
    box = page.locator(selector)
    for _ in range(3):
        box.fill(value)
        box.press(leave)
        page.wait_for_timeout(300)
        if box.input_value() == value:
            break
    expect(box).to_have_value(value)


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).first.click()


def test_classify_an_uploaded_example(page):
    open_tab(page, "Classify")
    page.locator("#classify-image input[type=file]").set_input_files(str(EXAMPLES / "test-0000-ankle-boot.png"))
    page.locator("#classify-button").click()
    expect(top_class(page)).to_have_text("Ankle boot")
    expect(page.locator("#classify-seen img")).to_be_visible()


def test_classify_a_drawing(page):
    open_tab(page, "Classify")
    open_tab(page, "Draw")
    # no tool to pick: the page picks the brush (issue 37; clicking it again would open its size menu)
    expect(page.locator("#classify-sketch")).not_to_contain_text("select the draw tool")
    canvas = page.locator("#classify-sketch canvas").first
    box = canvas.bounding_box()
    # a T-shirt outline, in fractions of a square in the middle of the canvas
    outline = [(0.33, 0.19), (0.17, 0.33), (0.25, 0.45), (0.35, 0.38), (0.35, 0.81), (0.65, 0.81),
               (0.65, 0.38), (0.75, 0.45), (0.83, 0.33), (0.67, 0.19), (0.5, 0.26), (0.33, 0.19)]
    side = 0.8 * min(box["width"], box["height"])
    x0, y0 = box["x"] + (box["width"] - side) / 2, box["y"] + (box["height"] - side) / 2
    points = [(x0 + fx * side, y0 + fy * side) for fx, fy in outline]
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=2)  # each step is a slow software-rendered frame
    page.mouse.up()
    page.locator("#classify-draw-button").click()
    # the upload before was an ankle boot; a T-shirt drawing should read as an upper-body garment
    expect(top_class(page)).to_have_text(re.compile(r"^(T-shirt/top|Shirt|Pullover)$"))
    # the generative side answers the drawing too (its verdict names the CNN's new pick), then pictures
    # the drawing as its likeliest class
    expect(page.locator("#classify-agreement")).to_contain_text(re.compile(r"T-shirt/top|Shirt|Pullover"))
    generative = page.locator("#classify-generative-label [data-testid=label-output-value]").inner_text().strip()
    expect(page.locator("#classify-as-class")).to_contain_text(f"as {generative}")
    expect(page.locator("#classify-as-class img")).to_have_count(3)


def test_generate_grid_noise_and_random_seed(page):
    open_tab(page, "Generate")
    page.locator("#generate-button").click()
    expect(page.locator("#generate-gallery img")).to_have_count(16)
    expect(page.locator("#generate-gallery")).to_contain_text("P(real)=")
    expect(page.locator("#noise-table")).to_contain_text("z[0]")
    page.locator("#generate-gallery").scroll_into_view_if_needed()
    settle(page)
    save_screenshot(page, SCREENSHOT)
    seed = page.locator("#generate-seed input")
    before = seed.input_value()
    page.locator("#random-seed-button").click()
    expect(seed).not_to_have_value(before)
    assert int(seed.input_value()) >= 0


def test_reconstruct_and_sample_from_the_vae(page):
    open_tab(page, "Reconstruct")
    page.locator("#reconstruct-image input[type=file]").set_input_files(str(EXAMPLES / "test-0002-trouser.png"))
    page.locator("#reconstruct-button").click()
    expect(page.locator("#reconstruct-gallery img")).to_have_count(6)
    expect(page.locator("#reconstruct-gallery")).to_contain_text("mean reconstruction")
    page.locator("#sample-vae-button").click()
    expect(page.locator("#sample-vae-gallery img")).to_have_count(16)


def test_a_bad_input_shows_a_clear_error(page):
    open_tab(page, "Generate")
    seed = page.locator("#generate-seed input")
    seed.fill("1.5")
    page.locator("#generate-button").click()
    expect(page.get_by_text("seed must be an integer").first).to_be_visible()


def test_about_explains_and_shows_metrics(page):
    open_tab(page, "About")
    expect(page.locator("#about-text")).to_contain_text("Discriminative vs generative")
    expect(page.locator('#about-text a[href="https://huggingface.co/genmodels-intro/fashion-mnist-gan"]')).to_be_visible()
