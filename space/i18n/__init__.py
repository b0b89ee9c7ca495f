"""The page's words in English and Korean: one module of text per language and feature, one lookup here.

Two kinds of text. STATIC texts are labels, buttons and Markdown fixed when the page is built:
they go to Gradio's gr.I18n, and the browser shows them in its language (or the one the switch
picks) without asking the server. SAY texts are templates the server fills with numbers after
an action (`say`), in the language the page sends with the request. tests/test_i18n.py checks that
both languages have the same keys and that static texts hold no `{`, which the browser's message
format would read as a placeholder.
"""
from __future__ import annotations

import gradio as gr

from space.i18n import lab_en, lab_ko, lesson_en, lesson_ko, real_or_fake_en, real_or_fake_ko

LANGUAGES = ("en", "ko")
DEFAULT = "en"
NAMES = {"en": "English", "ko": "한국어"}  # each in its own language: what the switch shows

STATIC = {"en": {**lesson_en.STATIC, **lab_en.STATIC, **real_or_fake_en.STATIC},
          "ko": {**lesson_ko.STATIC, **lab_ko.STATIC, **real_or_fake_ko.STATIC}}
SAY = {"en": {**lesson_en.SAY, **real_or_fake_en.SAY}, "ko": {**lesson_ko.SAY, **real_or_fake_ko.SAY}}

I18N = gr.I18n(**STATIC)


def t(key: str) -> gr.i18n.I18nData:
    """A static text for a component (label, button, Markdown): translated in the browser."""
    if key not in STATIC[DEFAULT]:
        raise KeyError(f"no static text {key!r} in space/i18n")
    return I18N(key)


def parse_lang(value) -> str:
    """"ko", "ko-KR", "KO" -> "ko"; anything else (None, "fr-FR", garbage) -> the default, English."""
    if isinstance(value, str):
        primary = value.strip().lower().replace("_", "-").split("-")[0]
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def say(lang, key: str, **values) -> str:
    """The server's text `key` in `lang` (English where that language lacks it), filled with `values`."""
    template = SAY[parse_lang(lang)].get(key, SAY[DEFAULT][key])
    return template.format(**values) if values else template


def static(lang, key: str) -> str:
    """A static text as a plain string, for the rare server-made output that repeats one."""
    return STATIC[parse_lang(lang)].get(key, STATIC[DEFAULT][key])
