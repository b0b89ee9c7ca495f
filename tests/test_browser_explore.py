"""The Explore, Training timeline and Compare tabs in Debian's Chromium; saves docs/explore-*.png for the README."""
import re

import pytest
from playwright.sync_api import expect

from conftest import EXAMPLES
from test_browser import browser_page, open_tab, screenshot_at


@pytest.fixture(scope="module")
def page(explore_server):
    yield from browser_page(explore_server, "Explore")



def test_noise_interpolation_strip_and_gif(page):
    open_tab(page, "Explore")
    page.locator("#interpolate-noise-button").click()
    expect(page.locator("#interpolate-noise-gallery img")).to_have_count(8)
    expect(page.locator("#interpolate-noise-gallery")).to_contain_text("t=1.00")
    gif = page.locator("#interpolate-noise-gif img")
    expect(gif).to_have_attribute("src", re.compile(r"\.gif"))  # the file as it is, still animated
    screenshot_at(page, "#interpolate-noise-intro", "explore-noise.png")


def test_class_interpolation(page):
    open_tab(page, "Explore")
    page.locator("#interpolate-classes-button").click()
    expect(page.locator("#interpolate-classes-gallery img")).to_have_count(8)
    expect(page.locator("#interpolate-classes-gif img")).to_be_visible()
    screenshot_at(page, "#interpolate-classes-intro", "explore-classes.png")


def test_image_interpolation_through_the_vae(page):
    open_tab(page, "Explore")
    page.locator("#interpolate-image-a input[type=file]").set_input_files(str(EXAMPLES / "test-0000-ankle-boot.png"))
    page.locator("#interpolate-image-b input[type=file]").set_input_files(str(EXAMPLES / "test-0018-bag.png"))
    expect(page.locator("#interpolate-image-b img")).to_be_visible()
    page.locator("#interpolate-images-button").click()
    expect(page.locator("#interpolate-images-gallery img")).to_have_count(10)
    expect(page.locator("#interpolate-images-gallery")).to_contain_text("model input B")
    expect(page.get_by_text("A GAN cannot do this").first).to_be_visible()
    screenshot_at(page, "#interpolate-images-button", "explore-images.png")


def test_latent_map_with_an_upload(page):
    open_tab(page, "Explore")
    page.locator("#latent-map-image input[type=file]").set_input_files(str(EXAMPLES / "test-0002-trouser.png"))
    expect(page.locator("#latent-map-image img")).to_be_visible()
    page.locator("#latent-map-button").click()
    expect(page.locator("#latent-map-plot img")).to_be_visible()
    screenshot_at(page, "#latent-map-intro", "explore-latent-map.png")


def test_training_timeline_slider(page):
    open_tab(page, "Training timeline")
    epoch = page.locator("#timeline-epoch input[type=number]")
    epoch.fill("2")
    epoch.press("Enter")
    page.locator("#timeline-button").click()
    expect(page.locator("#timeline-grid img")).to_be_visible()
    expect(page.locator("#timeline-curves img")).to_be_visible()
    expect(page.locator("#timeline-gif img")).to_be_visible()
    screenshot_at(page, "#timeline-intro", "explore-timeline.png")


def test_compare_columns_and_fd_table(page):
    open_tab(page, "Compare")
    page.locator("#compare-button").click()
    for column in ("real", "vae", "gan"):
        expect(page.locator(f"#compare-{column} img")).to_have_count(8)
    expect(page.locator("#compare-table")).to_contain_text("GAN samples vs test")
    expect(page.locator("#compare-gan")).to_contain_text("P(real)=")
    screenshot_at(page, "#compare-intro", "explore-compare.png")
