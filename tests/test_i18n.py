"""The page's two languages: the same keys, the same placeholders, static texts the browser can show as written."""
import string

import pytest

from space import i18n


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("kind", ["STATIC", "SAY"])
def test_both_languages_have_the_same_keys(kind):
    texts = getattr(i18n, kind)
    assert set(texts) == set(i18n.LANGUAGES)
    english = set(texts["en"])
    for lang in i18n.LANGUAGES:
        assert set(texts[lang]) == english, f"{lang} differs from en: {sorted(set(texts[lang]) ^ english)}"


def test_server_templates_take_the_same_values_in_every_language():
    for key, english in i18n.SAY["en"].items():
        for lang in i18n.LANGUAGES:
            assert placeholders(i18n.SAY[lang][key]) == placeholders(english), (lang, key)


def test_static_texts_hold_no_braces_and_are_not_empty():
    # the browser formats static texts as ICU messages: a brace would be read as a placeholder
    for lang, texts in i18n.STATIC.items():
        for key, text in texts.items():
            assert text.strip(), (lang, key)
            assert "{" not in text and "}" not in text, (lang, key)


def test_korean_is_written_in_korean():
    """Every Korean text that is more than notation has Hangul in it (nothing left in English by mistake)."""
    hangul = lambda text: any("\uac00" <= c <= "\ud7a3" for c in text)  # noqa: E731
    notation = {"nav_back", "nav_next"}
    for kind in ("STATIC", "SAY"):
        for key, text in getattr(i18n, kind)["ko"].items():
            if key in notation or not any(c.isalpha() and c.isascii() for c in getattr(i18n, kind)["en"][key]):
                continue
            if set(text) <= set(string.ascii_letters + string.digits + string.punctuation + " |\n-{}:.,"):
                pytest.fail(f"ko {key} has no Korean: {text!r}")
            assert hangul(text) or key in {"s2_header"}, (key, text)


def test_korean_bold_closes_before_hangul():
    """CommonMark does not close ** after punctuation when a letter follows (`**P(Y|X)**입니다` stays literal)."""
    import re

    spans = re.compile(r"\*\*([^*\n]+)\*\*|(?<!\*)\*([^*\n]+)\*(?!\*)")  # bold, then italic, left to right
    for kind in ("STATIC", "SAY"):
        for key, text in getattr(i18n, kind)["ko"].items():
            for match in spans.finditer(text):
                inner, after = match.group(1) or match.group(2), text[match.end():match.end() + 1]
                if after and "\uac00" <= after <= "\ud7a3":
                    # a {field} counts as a letter unless it is written as a percentage ({p:.0%} ends in %)
                    assert inner[-1].isalnum() or (inner[-1] == "}" and not inner.endswith("%}")), \
                        (key, match.group(0) + after)


@pytest.mark.parametrize("value, expected", [
    ("ko", "ko"), ("ko-KR", "ko"), ("KO_kr", "ko"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("", "en"), (3, "en"),
])
def test_parse_lang(value, expected):
    assert i18n.parse_lang(value) == expected


def test_say_fills_in_the_language_asked_and_falls_back_to_english():
    assert i18n.say("ko", "class_dog") == "개"
    assert i18n.say("ko-KR", "class_cat") == "고양이"
    assert i18n.say("xx", "class_dog") == "dog"
    assert "7,128" in i18n.say("en", "s2_counts", train=7128, epochs=30, looks=213840, validation=647)


def test_t_refuses_an_unknown_key():
    assert i18n.t("lesson_tab").key == "lesson_tab"
    with pytest.raises(KeyError, match="no static text"):
        i18n.t("no_such_key")


def test_the_locale_hook_names_what_the_front_end_lacks(tmp_path):
    from space.compat import _frontend, locale_switch

    assert locale_switch.problems(_frontend() / "assets") == []  # the installed Gradio has it
    assert "no core-*.js" in locale_switch.problems(tmp_path)[0]
    (tmp_path / "core-abc123.js").write_text("export { setupi18n };")
    assert "no longer exports changeLocale" in locale_switch.problems(tmp_path)[0]


def test_every_static_text_is_on_the_page_and_the_lab_keeps_its_english(monkeypatch):
    """Built page: each static key is used by some component (none forgotten, none dead), and the lab tabs'
    names are the English ones the browser tests look for."""
    import json
    import re

    import app

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = json.dumps(app.build_demo().get_config_file(), default=lambda value: value.to_dict() if hasattr(type(value), "to_dict") else str(value))
    used = set(re.findall(r'\\?"__type__\\?": \\?"translation_metadata\\?", \\?"key\\?": \\?"(\w+)', config))
    assert set(i18n.STATIC["en"]) - used == set()
    assert [i18n.STATIC["en"][f"tab_{name}"] for name in ("classify", "reconstruct", "generate", "explore", "timeline",
                                                          "compare", "train_live", "about")] == [
        "Classify", "Reconstruct", "Generate", "Explore", "Training timeline", "Compare", "Train live", "About"]
