"""The Lesson tab in Debian's Chromium: all 12 steps at 1280 and 390 px in English and Korean, the language
switch, and links that reproduce a view. Saves the README's and docs/lesson.md's pictures (docs/lesson-*.png)."""
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from animal_weights import needs_animal_weights
from test_browser import DOCS, TIMEOUT, browser_page, save_screenshot, settle, type_number

pytestmark = needs_animal_weights
PHONE_HEIGHT = 844  # a 390 px wide phone's screen (iPhone 12 to 15)
LIVE_TIMEOUT = 90_000  # the 20-second match, on a busy machine
WORDS = {  # what each language's answers must say
    "en": {"dog": "dog", "steps": "160", "p_real": "P(real)", "question": "D asks", "switch": "English",
           "done": "Done:"},
    "ko": {"dog": "개", "steps": "160", "p_real": "P(진짜)", "question": "D의 질문", "switch": "한국어",
           "done": "끝:"},
}
SCREENSHOTS = {  # (language, width, step) -> docs/ file: the README shows the first
    ("en", 1280, 1): "lesson-en.png", ("ko", 1280, 3): "lesson-ko.png", ("ko", 390, 5): "lesson-ko-phone.png",
    ("en", 1280, 6): "lesson-posterior.png", ("en", 1280, 10): "lesson-match.png", ("en", 390, 12): "lesson-en-phone.png",
}


def lesson_page(url: str, locale: str, width: int, query: str = ""):
    """A page on the lesson in a browser whose language is `locale`; page.errors: its console errors."""
    height = PHONE_HEIGHT if width < 600 else 1000
    errors: list[str] = []
    tab = "수업" if "lang=ko" in query or (locale.startswith("ko") and "lang=" not in query) else "Lesson"
    pages = browser_page(url + query, tab, width=width, height=height, locale=locale, errors=errors)
    page = next(pages)
    page.errors = errors
    return page, pages


def picture(page, step: int, name: str) -> None:
    """docs/`name`: at a desktop width the whole page (heading, tabs, the step and its answer), on a phone
    the screen from the step's top."""
    settle(page)
    if page.viewport_size["width"] >= 600:
        page.wait_for_function("() => !document.querySelector('.toast-body')", timeout=15_000)
        page.screenshot(path=str(DOCS / name), full_page=True)
    else:
        page.locator(f"#lesson-step-{step}").evaluate("e => e.scrollIntoView({block: 'start'})")
        save_screenshot(page, DOCS / name)


def act(page, step: int) -> None:
    """The step's one action."""
    buttons = {1: "#lesson-1-dog", 2: "#lesson-2-button", 3: "#lesson-3-button", 5: "#lesson-5-button",
               6: "#lesson-6-button", 7: "#lesson-7-button", 8: "#lesson-8-button", 9: "#lesson-9-button",
               10: "#lesson-10-button", 11: "#lesson-11-button"}
    if step in buttons:
        page.locator(buttons[step]).click()
    elif step == 4:  # type into the slider's box and leave it: the slider's "release", as at a drag's end
        type_number(page, "#lesson-4-scale input[type=number]", "0")
    else:
        page.locator("#lesson-12-choice label").filter(has_text=re.compile("G")).click()


def check_answer(page, step: int, lang: str) -> str:
    """Waits for the step's answer and checks what it says; returns the answer's selector."""
    w = WORDS[lang]
    gallery = lambda n, selector: expect(page.locator(f"{selector} img")).to_have_count(n)  # noqa: E731
    if step == 1:
        expect(page.locator("#lesson-1-label [data-testid=label-output-value]")).to_have_text(w["dog"])
        expect(page.locator("#lesson-1-saliency img")).to_be_visible()
        return "#lesson-1-saliency"
    if step == 2:
        expect(page.locator("#lesson-2-answer")).to_contain_text("7,128")
        expect(page.locator("#lesson-2-answer table tr")).to_have_count(5)
        return "#lesson-2-answer"
    if step == 3:
        expect(page.locator("#lesson-3-vector")).to_contain_text("[-5 3 2.6 ")
        expect(page.locator("#lesson-3-image img")).to_be_visible()
        return "#lesson-3-image"
    if step == 4:
        gallery(8, "#lesson-4-gallery")
        expect(page.locator("#lesson-4-spread")).to_contain_text("0.000")  # no noise: eight times the same dog
        return "#lesson-4-gallery"
    if step == 5:
        gallery(2, "#lesson-5-images")
        expect(page.locator("#lesson-5-answer table")).to_contain_text(w["dog"])
        return "#lesson-5-images"
    if step == 6:
        expect(page.locator("#lesson-6-plot img")).to_be_visible()
        gallery(6, "#lesson-6-gallery")
        return "#lesson-6-plot"
    if step == 7:
        gallery(8, "#lesson-7-gallery")  # the dog, six redrawings, the trained VAE's
        expect(page.locator("#lesson-7-answer")).to_contain_text(w["steps"])
        return "#lesson-7-gallery"
    if step == 8:
        gallery(8, "#lesson-8-gallery")
        return "#lesson-8-gallery"
    if step == 9:
        gallery(3, "#lesson-9-gallery")
        expect(page.locator("#lesson-9-gallery")).to_contain_text(w["p_real"])
        return "#lesson-9-gallery"
    if step == 10:
        expect(page.locator("#lesson-10-curves img")).to_be_visible()  # the first frame, then the run's end
        expect(page.locator("#lesson-10-answer")).to_contain_text(w["done"], timeout=LIVE_TIMEOUT)
        return "#lesson-10-curves"
    if step == 11:
        gallery(6, "#lesson-11-gallery")
        expect(page.locator("#lesson-11-gallery")).to_contain_text("[-5 6.2 8]")
        return "#lesson-11-gallery"
    expect(page.locator("#lesson-12-answer")).to_contain_text(w["question"])
    expect(page.locator("#lesson-12-answer .answer-bar")).to_have_count(6)
    return "#lesson-12-answer"


def within_one_screen(page, button: str, answer: str) -> bool:
    """The answer starts less than one screen below the top of its button."""
    top = page.locator(button).first.bounding_box()["y"]
    return page.locator(answer).bounding_box()["y"] - top < page.viewport_size["height"]


@pytest.mark.parametrize("locale, width", [("en-US", 1280), ("ko-KR", 1280), ("en-US", 390), ("ko-KR", 390)])
def test_walk_all_twelve_steps(live_server, chromium_processes, locale, width):
    lang = locale[:2]
    page, pages = lesson_page(live_server, locale, width)
    try:
        expect(page.locator("#language")).to_contain_text(WORDS[lang]["switch"])
        expect(page.locator("#language input:checked")).to_have_value(lang)
        expect(page.locator("#lesson-intro")).to_contain_text("[-5 3 2.6]")
        for step in range(1, 13):
            expect(page.locator(f"#lesson-step-{step}")).to_be_visible()
            act(page, step)
            answer = check_answer(page, step, lang)
            action = {4: "#lesson-4-scale", 12: "#lesson-12-choice"}.get(step, f"#lesson-step-{step} button.primary")
            assert within_one_screen(page, action, answer), f"step {step}: the answer is more than a screen below"
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), f"step {step} scrolls sideways"
            if (lang, width, step) in SCREENSHOTS:
                picture(page, step, SCREENSHOTS[lang, width, step])
            expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))
            if step < 12:
                page.locator(f"#lesson-next-{step}").click()
        assert page.errors == [], page.errors
    finally:
        pages.close()


def test_the_switch_changes_the_language_without_a_reload(live_server, chromium_processes):
    page, pages = lesson_page(live_server, "en-US", 1280)
    try:
        page.locator("#lesson-1-dog").click()
        expect(page.locator("#lesson-1-label [data-testid=label-output-value]")).to_have_text("dog")
        page.evaluate("window.lessonMarker = 'still the same page'")
        page.locator("#language label").filter(has_text="한국어").click()
        expect(page.get_by_role("tab", name="수업", exact=True)).to_be_visible()
        expect(page.get_by_role("tab", name="분류", exact=True)).to_be_visible()  # the lab tabs' names too
        expect(page.locator("#lesson-step-1")).to_contain_text("판별 모델")
        expect(page.locator("#lesson-1-label [data-testid=label-output-value]")).to_have_text("개")  # redrawn
        expect(page).to_have_url(re.compile(r"[?&]lang=ko(&|$)"))
        assert page.evaluate("window.lessonMarker") == "still the same page"
        page.locator("#language label").filter(has_text="English").click()
        expect(page.get_by_role("tab", name="Lesson", exact=True)).to_be_visible()
        expect(page.locator("#lesson-1-label [data-testid=label-output-value]")).to_have_text("dog")
        assert page.errors == [], page.errors
    finally:
        pages.close()


def test_a_link_opens_the_step_with_its_settings(live_server, chromium_processes):
    query = "?step=3&lang=ko&dataset=animal-mnist&noise=" + quote("[-7 1 2]") + "&scale=0"
    page, pages = lesson_page(live_server, "en-US", 1280, query)  # the link's language wins over the browser's
    try:
        expect(page.locator("#lesson-step-3")).to_be_visible()
        expect(page.locator("#lesson-3-noise textarea, #lesson-3-noise input").first).to_have_value("[-7 1 2]")
        expect(page.locator("#lesson-3-vector")).to_contain_text("[-7 1 2 ")  # its action ran on load
        expect(page.get_by_role("tab", name="수업", exact=True)).to_be_visible()
        expect(page.locator("#dataset input")).to_have_value("Animals — cats & dogs")
        page.locator("#lesson-next-3").click()
        expect(page.locator("#lesson-4-scale input[type=number]")).to_have_value("0")
        expect(page).to_have_url(re.compile(r"[?&]step=4(&|$)"))
        assert page.errors == [], page.errors
    finally:
        pages.close()


def test_a_bad_link_value_is_named_and_the_lesson_opens_anyway(live_server, chromium_processes):
    page, pages = lesson_page(live_server, "en-US", 1280, "?step=99")
    try:
        expect(page.get_by_text("step must be a whole number from 1 to 12").first).to_be_visible(timeout=TIMEOUT)
        expect(page.locator("#lesson-step-1")).to_be_visible()
        page.locator("#lesson-1-cat").click()
        expect(page.locator("#lesson-1-label [data-testid=label-output-value]")).to_have_text("cat")
    finally:
        pages.close()
