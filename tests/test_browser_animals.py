"""The dataset switch in a real browser (Debian's Chromium, set up as in test_browser.py)."""
import re

from playwright.sync_api import expect

from animal_weights import needs_animal_weights
from test_browser import TIMEOUT, open_tab, page, top_class  # noqa: F401  (page: the module's own browser page)

pytestmark = needs_animal_weights
ANIMALS_LABEL, FASHION_LABEL = "Animals — cats & dogs", "Fashion-MNIST"


def choose_dataset(page, label: str) -> None:
    page.locator("#dataset input").click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator("#dataset input")).to_have_value(label, timeout=TIMEOUT)


def example_row(page, examples_id: str, name: str):
    """The row of an Examples table whose image is examples/animal-test-*-<name>.png."""
    return page.locator(f"#{examples_id} tbody tr", has=page.locator(f"img[src*='-{name}.png']"))


def test_switch_changes_heading_about_and_classes(page):
    choose_dataset(page, ANIMALS_LABEL)
    expect(page.locator("#page-title")).to_contain_text(f"models on {ANIMALS_LABEL}", timeout=TIMEOUT)
    open_tab(page, "About")
    expect(page.locator('#about-text a[href="https://huggingface.co/genmodels-intro/animal-mnist-gan"]')).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('#about-text a[href="https://huggingface.co/genmodels-intro/fashion-mnist-gan"]')).to_have_count(0, timeout=TIMEOUT)
    open_tab(page, "Generate")
    page.get_by_role("combobox", name="Class", exact=True).click()
    expect(page.get_by_role("option", name="dog", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("option", name="Bag", exact=True)).to_have_count(0, timeout=TIMEOUT)
    page.keyboard.press("Escape")
    choose_dataset(page, FASHION_LABEL)
    expect(page.locator("#page-title")).to_contain_text(f"models on {FASHION_LABEL}", timeout=TIMEOUT)


def test_one_click_dog_from_fashion(page):
    choose_dataset(page, FASHION_LABEL)
    open_tab(page, "Generate")
    page.locator("#generate-dog-button").click()
    expect(page.locator("#dataset input")).to_have_value(ANIMALS_LABEL, timeout=TIMEOUT)
    gallery = page.locator("#generate-gallery")
    expect(gallery.locator("img")).to_have_count(16, timeout=TIMEOUT)
    dogs = gallery.get_by_text(re.compile(r"^dog · P\(real\)="))
    expect(dogs).to_have_count(16, timeout=TIMEOUT)
    # the switch's clearing of the tab may come back after the dogs: it must leave them on show
    expect(page.locator("#page-title")).to_contain_text(f"models on {ANIMALS_LABEL}", timeout=TIMEOUT)
    page.wait_for_timeout(3000)  # time for every tab's clearing request to return
    expect(dogs).to_have_count(16)
    expect(page.get_by_role("combobox", name="Class", exact=True)).to_have_value("dog", timeout=TIMEOUT)
    page.locator("#generate-cat-button").click()
    expect(gallery.get_by_text(re.compile(r"^cat · P\(real\)="))).to_have_count(16, timeout=TIMEOUT)


def test_cat_example_switches_the_dataset_and_is_classified_as_a_cat(page):
    choose_dataset(page, FASHION_LABEL)
    open_tab(page, "Classify")
    open_tab(page, "Upload")
    example_row(page, "classify-examples", "cat").click()
    expect(page.locator("#dataset input")).to_have_value(ANIMALS_LABEL, timeout=TIMEOUT)
    page.locator("#classify-button").click()
    expect(top_class(page)).to_have_text("cat", timeout=TIMEOUT)


def test_dog_example_reconstructs_with_the_animal_vae(page):
    choose_dataset(page, FASHION_LABEL)
    open_tab(page, "Reconstruct")
    example_row(page, "reconstruct-examples", "dog").click()
    expect(page.locator("#dataset input")).to_have_value(ANIMALS_LABEL, timeout=TIMEOUT)
    page.locator("#reconstruct-button").click()
    expect(page.locator("#reconstruct-gallery img")).to_have_count(6, timeout=TIMEOUT)
