"""Real or fake? on a phone (390 px) whose browser speaks Korean, and the language switch on the game, with no
console error. Its own module: the English tests hold one browser for the whole module (test_browser_real_or_fake.py)."""
from playwright.sync_api import expect

from models.loading.loader import load_family
from models.operations.game import real_or_fake as game
from test_browser import DOCS, browser_page, save_screenshot, settle
from test_browser_real_or_fake import TAB, guess_button

TAB_KO = "진짜일까 가짜일까?"


def test_play_a_round_in_korean_on_a_phone(live_server, chromium_processes):
    """A Korean browser at 390 px: the tab, the marks, the refusal, the score and D's record in Korean; the
    switch to English rewrites them without playing the round again."""
    errors: list[str] = []
    pages = browser_page(live_server, TAB_KO, width=390, height=900, locale="ko-KR", errors=errors)
    page = next(pages)
    try:
        for i in range(1, 9):
            expect(page.locator(f"#rof-image-{i} img")).to_be_visible()
        expect(page.locator("#rof-intro")).to_contain_text("판별자가 되어 보세요")
        expect(page.locator("#rof-record")).to_contain_text("이 수준은 얼마나 어려울까요?")
        expect(page.locator("#rof-strength")).to_contain_text("생성자 수준")
        expect(page.locator("#rof-strength")).to_contain_text("초기: 16에포크 중 1에포크 학습")
        expect(page.locator("#rof-seed")).to_contain_text("판 번호(시드)")
        seed = int(page.locator("#rof-seed input").input_value())
        page.locator("#rof-check").click()
        expect(page.locator(".toast-body").first).to_contain_text("아직 표시하지 않은 이미지")

        for i in range(1, 9):  # a tap on each button: real; then a tap on pictures 3 and 4: fake
            guess_button(page, i).click()
            expect(guess_button(page, i)).to_have_text("진짜")
        for i in (3, 4):
            page.locator(f"#rof-image-{i} img").click()
            expect(guess_button(page, i)).to_have_text("가짜")
        guesses = ["real", "real", "fake", "fake"] + ["real"] * 4
        page.locator("#rof-check").click()
        played = game.make_round(load_family("fashion-mnist"), seed, "early")
        truth = ["real" if r else "fake" for r in played.real.tolist()]
        right = sum(g == t for g, t in zip(guesses, truth))
        score = page.locator("#rof-score")
        expect(score).to_contain_text(f"여러분은 8장 중 {right}장")
        d_right = game.score(load_family("fashion-mnist"), seed, "early", guesses)["d_correct"]
        expect(score).to_contain_text(f"판별자는 8장 중 {d_right}장")
        word = {"real": "진짜", "fake": "가짜"}
        for i, (g, t) in enumerate(zip(guesses, truth), 1):
            expect(guess_button(page, i)).to_have_text(f'{"✓" if g == t else "✗"} {word[t]}')
        expect(page.locator("#rof-table")).to_contain_text("출처")
        assert page.locator("#rof-table").inner_text().count("테스트 이미지 #") == truth.count("real")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), "the page scrolls sideways"
        page.locator("#rof-strength").evaluate("e => e.scrollIntoView({block: 'start'})")
        settle(page)
        save_screenshot(page, DOCS / "real-or-fake-ko-phone.png")

        # the switch: the same round and answers, now in English; no new round is played
        images = [page.locator(f"#rof-image-{i} img").get_attribute("src") for i in range(1, 9)]
        page.locator("#language label").filter(has_text="English").click()
        expect(page.get_by_role("tab", name=TAB, exact=True)).to_be_visible()
        expect(score).to_contain_text(f"You: {right} of 8 right")
        for i, (g, t) in enumerate(zip(guesses, truth), 1):
            expect(guess_button(page, i)).to_have_text(f'{"✓" if g == t else "✗"} {t}')
        expect(page.locator("#rof-record")).to_contain_text("How hard is this level?")
        expect(page.locator("#rof-strength")).to_contain_text("early: after epoch 1 of 16")
        expect(page.locator("#rof-table")).to_contain_text("made by")
        page.wait_for_timeout(500)  # a round played again would have cleared the answers by now
        expect(guess_button(page, 1)).not_to_have_text("?")
        assert [page.locator(f"#rof-image-{i} img").get_attribute("src") for i in range(1, 9)] == images

        # a new round in English, then marks carried through a switch back to Korean
        page.locator("#rof-new").click()
        expect(guess_button(page, 1)).to_have_text("?")
        guess_button(page, 1).click()
        expect(guess_button(page, 1)).to_have_text("real")
        page.locator("#language label").filter(has_text="한국어").click()
        expect(guess_button(page, 1)).to_have_text("진짜")
        expect(guess_button(page, 2)).to_have_text("?")
        guess_button(page, 1).click()
        expect(guess_button(page, 1)).to_have_text("가짜")
        assert errors == [], errors
    finally:
        pages.close()
