"""The Train live tab in Debian's Chromium at a computer's width (1280x900) and a phone's (390x844):
start a run, see the first frame, pause, step D and G by hand and see the marker and the
before/after pair; the grid fits the screen; a dataset switch empties every output.
Saves docs/train-live-1280.png, docs/train-live-390-grid.png, docs/train-live-390-curves.png,
docs/train-live-vae.png."""
import re

import pytest
from playwright.sync_api import expect

from conftest import REPO
from space.endpoints import live as api
from test_browser import browser_page, open_tab, save_screenshot, settle
from test_browser_animals import ANIMALS_LABEL, FASHION_LABEL, choose_dataset

DOCS = REPO / "docs"
WIDE, PHONE = (1280, 900), (390, 844)
# the curves' picture and colour of a D marker (models/operations/live/live_view.py: BLUE)
D_MARK = (31, 119, 180)

# How many pixel columns of the picture hold a vertical run of `rgb` at least `run` pixels long:
# a marker line crosses the whole plot, a curve never stays in one column that long.
VERTICAL_RUNS = """([selector, rgb, run]) => {
    const img = document.querySelector(selector);
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let columns = 0;
    for (let x = 0; x < canvas.width; x++) {
        let length = 0, longest = 0;
        for (let y = 0; y < canvas.height; y++) {
            const i = 4 * (y * canvas.width + x);
            const same = Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 30;
            length = same ? length + 1 : 0; longest = Math.max(longest, length);
        }
        if (longest >= run) columns++;
    }
    return columns; }"""


@pytest.fixture(scope="module")
def page(live_server):
    yield from browser_page(live_server, "Train live", *WIDE)


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
        return m && Number(m[1]) >= n; }""", arg=[key, at_least], timeout=120_000)


def shown_picture(page, selector: str):
    """The <img> of a picture once it has loaded."""
    image = page.locator(f"{selector} img")
    expect(image).to_be_visible()
    page.wait_for_function("s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }",
                           arg=f"{selector} img")
    return image


def fits_the_screen(page, selector: str) -> dict:
    """Scrolls the picture to the top of the screen and checks it is whole inside the viewport."""
    image = shown_picture(page, selector)
    image.evaluate("element => element.scrollIntoView({block: 'start'})")
    box, (width, height) = image.bounding_box(), (page.viewport_size["width"], page.viewport_size["height"])
    assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1, (selector, box, width)  # within subpixels
    assert box["y"] >= -1 and box["y"] + box["height"] <= height + 1, (selector, box, height)
    return box


def start(page, seconds: int) -> None:
    field = page.locator("#live-seconds input[type=number]")
    field.fill(str(seconds))
    field.press("Enter")
    page.locator("#live-start").click()


def pause(page, prefix: str = "live") -> None:
    """Presses Pause and waits until the run's stream has ended as a finished run does: no output of the
    tab still loading or marked "Error" (what Gradio's own cancelling of the stream left, now and then)."""
    page.locator(f"#{prefix}-pause").click()
    page.wait_for_function("""() => !document.querySelector('#train-live-tab [data-testid=status-tracker]:not(.hide)')""")


def test_start_shows_step_0_then_steps_by_hand_are_marked_and_paired(page):
    open_tab(page, "Train live")
    start(page, 30)
    shown_picture(page, "#live-grid")  # the first frame: step 0, before any training
    expect(page.locator("#live-grid-narrow img")).to_be_hidden()  # a computer's screen: the wide grid only
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
    shown_picture(page, "#live-pair")  # the before/after pair of the last step
    shown_picture(page, "#live-curves-1")
    assert page.evaluate(VERTICAL_RUNS, ["#live-curves-1 img", list(D_MARK), 90]) >= 1  # the D steps' marker


def test_the_grid_fits_a_computer_screen_and_one_d_step_shows_its_marker_and_pair(page):
    open_tab(page, "Train live")
    start(page, 60)
    expect(page.locator("#live-pair-box")).to_be_hidden()  # Start: no step by hand yet, no pair
    wait_for_step(page, 40)
    pause(page)
    shown_picture(page, "#live-curves-1")
    assert page.evaluate(VERTICAL_RUNS, ["#live-curves-1 img", list(D_MARK), 90]) == 0  # no marker before a D step
    page.locator("#live-step-d").click()
    expect(page.locator("#live-step-text")).to_contain_text("discriminator step")
    shown_picture(page, "#live-pair")
    page.wait_for_function(f"() => document.querySelector('#live-curves-1 img') && ({VERTICAL_RUNS})"
                           f"(['#live-curves-1 img', {list(D_MARK)}, 90]) >= 1")
    fits_the_screen(page, "#live-grid")
    settle(page)
    save_screenshot(page, DOCS / "train-live-1280.png")
    page.locator("#live-step-text").evaluate("element => element.scrollIntoView({block: 'start'})")
    settle(page)
    save_screenshot(page, DOCS / "train-live-1280-step.png")


def test_a_pause_pressed_while_start_is_on_its_way_stops_that_run(page):
    """Pause right after Start: mostly while Start's fresh session is still on its way (new_gan, 0.1-0.3 s),
    when the page's state still holds the old one; the run must not train on for its 30 s."""
    open_tab(page, "Train live")
    start(page, 30)
    page.locator("#live-pause").click()
    page.wait_for_timeout(3000)  # a run still going would be 3 s into training by now
    expect(page.locator("#live-grid img")).to_be_visible()  # the pictures stay drawn (a stream that yields nothing empties them)
    trained = number(page, "seconds")
    page.wait_for_timeout(1500)
    assert number(page, "seconds") == trained < api.UPDATE_EVERY  # ended within its first slice, if it began one
    page.locator("#live-resume").click()  # the paused session trains on
    wait_for_step(page, 2)
    pause(page)


def test_the_vaes_reconstructions_fit_the_screen(page):
    open_tab(page, "Train live")
    page.locator("#live-vae-start").click()
    page.wait_for_function("""() => { const m = document.querySelector('#live-vae-stats').innerText.match(/"step"\\s*:\\s*(\\d+)/);
                                      return m && Number(m[1]) >= 20; }""", timeout=60_000)
    pause(page, "live-vae")
    fits_the_screen(page, "#live-vae-images")
    page.locator("#live-vae-start").evaluate("element => element.scrollIntoView({block: 'start'})")
    settle(page)
    save_screenshot(page, DOCS / "train-live-vae.png")


def test_a_dataset_switch_empties_every_output(page):
    open_tab(page, "Train live")
    start(page, 3)
    wait_for_step(page, 1)
    page.locator("#live-step-d").click()
    shown_picture(page, "#live-pair")
    choose_dataset(page, ANIMALS_LABEL)
    open_tab(page, "Train live")
    for selector in ("#live-grid", "#live-curves-0", "#live-curves-1", "#live-curves-2", "#live-vae-images"):
        expect(page.locator(f"{selector} img")).to_have_count(0)
    expect(page.locator("#live-pair-box")).to_be_hidden()
    expect(page.locator("#live-stats")).not_to_contain_text("step")
    start(page, 2)
    wait_for_step(page, 1)
    assert number(page, "g_steps") >= 1  # the next Start trains on the new dataset
    choose_dataset(page, FASHION_LABEL)
    open_tab(page, "Train live")
    expect(page.locator("#live-stats")).not_to_contain_text("step")  # emptied again before the next test starts


def test_bad_learning_rate_gets_a_clear_error(page):
    open_tab(page, "Train live")
    lr = page.locator("#live-lr input")
    lr.fill("5")
    page.locator("#live-reset").click()
    expect(page.get_by_text("lr (learning rate) must be from").first).to_be_visible()
    lr.fill("0.002")


@pytest.fixture
def phone(page):
    """The module's page in a phone's viewport (one Playwright per thread: the same browser, resized)."""
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    yield page
    page.set_viewport_size({"width": WIDE[0], "height": WIDE[1]})


def test_on_a_phone_the_narrow_grid_fits_and_the_curves_labels_show(phone):
    open_tab(phone, "Train live")
    start(phone, 60)
    wait_for_step(phone, 40)
    pause(phone)
    expect(phone.locator("#live-grid img")).to_be_hidden()
    box = fits_the_screen(phone, "#live-grid-narrow")
    assert box["width"] >= 300  # four images per class across a phone, not eight tiny ones
    settle(phone)
    save_screenshot(phone, DOCS / "train-live-390-grid.png")
    curves = shown_picture(phone, "#live-curves-1-narrow")
    curves.evaluate("element => element.scrollIntoView({block: 'start'})")
    expect(phone.locator("#live-curves-1 img")).to_be_hidden()
    settle(phone)
    save_screenshot(phone, DOCS / "train-live-390-curves.png")
