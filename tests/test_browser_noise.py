"""The noise controls in Debian's Chromium (set up as in test_browser.py), for every dataset; saves docs/noise-*.png."""
import re

import pytest
from playwright.sync_api import expect

from conftest import EXAMPLES
from models.datasets import DATASETS
from test_browser import open_tab, page, screenshot_at  # noqa: F401  (page: the module's own browser page)
from test_browser_animals import ANIMALS_LABEL, FASHION_LABEL, choose_dataset

LABELS = {"fashion-mnist": FASHION_LABEL, "animal-mnist": ANIMALS_LABEL}


def set_slider(page, elem_id: str, value) -> None:
    """Types a value into a slider's number box and leaves it: Gradio's "release" event, as a drag's end."""
    box = page.locator(f"#{elem_id} input[type=number]")
    box.fill(str(value))
    box.press("Tab")


@pytest.mark.parametrize("dataset", DATASETS)
def test_type_the_noise_and_scale_it_to_zero(page, dataset):
    choose_dataset(page, LABELS[dataset])
    open_tab(page, "Generate")
    page.locator("#generate-noise textarea").fill("[-5 6.2 8]")
    set_slider(page, "generate-noise-scale", 0)
    page.locator("#generate-button").click()
    first_row = page.locator("#noise-table tbody tr").first
    expect(first_row).to_contain_text("6.2")
    expect(first_row).to_contain_text("-5")
    expect(page.locator("#generate-diversity")).to_contain_text("at noise scale 0:")
    expect(page.locator("#generate-diversity")).to_contain_text("differ by 0.000")
    expect(page.locator("#generate-diversity-plot img")).to_be_visible()  # a picture: no Vega-Lite in the console
    set_slider(page, "generate-noise-scale", 2)
    page.locator("#generate-button").click()
    expect(page.locator("#generate-diversity")).to_contain_text("at noise scale 2:")
    expect(page.locator("#generate-diversity")).not_to_contain_text("differ by 0.000")
    if dataset == DATASETS[0]:
        screenshot_at(page, "#generate-noise", "noise-generate.png")
    page.locator("#generate-noise textarea").fill("")
    set_slider(page, "generate-noise-scale", 1)


def test_a_bad_noise_text_shows_a_clear_error(page):
    open_tab(page, "Generate")
    page.locator("#generate-noise textarea").fill("-5 six 8")
    page.locator("#generate-button").click()
    expect(page.get_by_text("noise entry 2 is 'six', not a number").first).to_be_visible()
    page.locator("#generate-noise textarea").fill("")


@pytest.mark.parametrize("dataset", DATASETS)
def test_drag_the_noise_of_one_image(page, dataset):
    choose_dataset(page, LABELS[dataset])
    open_tab(page, "Generate")
    held = page.locator("#hold-image img")
    held_before = held.get_attribute("src") if held.count() else None
    page.locator("#generate-button").click()
    expect(page.locator("#generate-gallery img")).to_have_count(16)
    expect(held).to_have_attribute("src", re.compile(r"\.png$"))  # lazy: may be unpainted
    if held_before:  # the generation's own chain (sliders, then the held image) has finished
        expect(held).not_to_have_attribute("src", held_before)
    # a thumbnail other than the one already held, so that its caption shows the click's chain has finished
    # (a slider moved while the click's chain is still running gets overwritten by it)
    target = 5 if page.locator("#hold-index input").input_value() == "3" else 3
    page.locator("#generate-gallery button img").nth(target).click()
    expect(page.locator("#hold-index input")).to_have_value(str(target))
    expect(page.locator("#hold-caption")).to_contain_text(f"Image #{target}")
    before = page.locator("#hold-image img").get_attribute("src")
    set_slider(page, "hold-z-0", 8)
    expect(page.locator("#hold-caption")).to_contain_text("z starts [8.0,")
    expect(page.locator("#hold-image img")).not_to_have_attribute("src", before)
    page.locator("#generate-gallery").get_by_role("button", name="Close").click()  # the gallery's preview
    expect(page.locator("#generate-gallery img")).to_have_count(16)
    if dataset == DATASETS[0]:
        screenshot_at(page, "#generate-diversity-intro", "noise-drag.png")


def test_widen_the_posterior_and_cool_the_prior(page):
    choose_dataset(page, FASHION_LABEL)
    open_tab(page, "Reconstruct")
    page.locator("#reconstruct-image input[type=file]").set_input_files(str(EXAMPLES / "test-0002-trouser.png"))
    set_slider(page, "reconstruct-noise-scale", 10)
    page.locator("#reconstruct-button").click()
    expect(page.locator("#reconstruct-gallery img")).to_have_count(6)
    width = page.locator("#reconstruct-posterior-width")
    expect(width).to_contain_text("How wide is q(z | image)?")
    expect(width).to_contain_text("10 × that width")
    set_slider(page, "sample-vae-noise-scale", 0)
    page.locator("#sample-vae-button").click()
    expect(page.locator("#sample-vae-gallery img")).to_have_count(16)


def map_pixel(dataset: str, x: float, y: float) -> tuple[float, float]:
    """Where the data point (x, y) lies in the plain map picture, computed as the server draws it."""
    from models.datasets import weights_folder
    from models.loading.loader import load_family
    from models.operations.vae import latent_map

    fam = load_family(dataset)
    the_map = latent_map.load(weights_folder(dataset, "vae") / latent_map.FILENAME)
    return latent_map.plot(the_map, fam.class_names, dataset)[1].pixel(x, y)


@pytest.mark.parametrize("dataset", DATASETS)
def test_click_the_latent_map_to_decode_that_point(page, dataset):
    choose_dataset(page, LABELS[dataset])
    open_tab(page, "Explore")
    page.locator("#latent-map-button").click()
    plot = page.locator("#latent-map-plot img")
    expect(plot).to_be_visible()
    expect(page.locator("#decode-x input[type=number]")).not_to_have_attribute("max", "6")  # spans the map's axes now
    column, row = map_pixel(dataset, 1.0, -1.5)
    box = plot.bounding_box()
    natural = plot.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    shown = min(box["width"] / natural[0], box["height"] / natural[1])
    left = box["x"] + (box["width"] - natural[0] * shown) / 2
    top = box["y"] + (box["height"] - natural[1] * shown) / 2
    page.mouse.click(left + column * shown, top + row * shown)
    x_box, y_box = page.locator("#decode-x input[type=number]"), page.locator("#decode-y input[type=number]")
    expect(x_box).to_have_value(re.compile(r"^(0\.9\d*|1(\.0\d*)?)$"))  # x = 1.0, within a pixel or two
    x, y = x_box.input_value(), y_box.input_value()
    assert abs(float(y) + 1.5) < 0.1, y
    text = page.locator("#decode-latent-text")
    expect(text).to_contain_text(f"Decoded the point ({x}, {y}) of the map")
    expect(text).to_contain_text(re.compile(r"nearest test images on the map: \w"))
    expect(page.locator("#decode-latent-image img")).to_be_visible()
    if dataset == DATASETS[0]:
        screenshot_at(page, "#decode-latent-intro", "noise-latent-pick.png")
    set_slider(page, "decode-x", -2)
    expect(text).to_contain_text("Decoded the point (-2, ")
