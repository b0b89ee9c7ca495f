"""The page-wide language switch (English / 한국어) and the small script that keeps the address in step.

The browser's language picks the first language (gr.I18n); the switch changes it at once, with no
reload (space/compat/locale_switch.py), and every answer the server writes after that comes in it.
The address holds what a link must reproduce (space/tabs/lesson/link.py reads it on load): each change
of step, language, dataset or setting rewrites it in place (history.replaceState), no server state.
"""
from __future__ import annotations

import gradio as gr

from space.compat import locale_switch
from space.i18n import DEFAULT, LANGUAGES, NAMES, t

# window.genmodelsLink({name: value, ...}): sets (or, for "" and null, removes) those query parameters.
LINK_SCRIPT = """
window.genmodelsLink = function (changes) {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  window.history.replaceState(window.history.state, '', url);
};
"""


def head() -> str:
    """The <script> the page needs in its <head>: the locale hook and the address keeper."""
    return f"<script>{locale_switch.script()}{LINK_SCRIPT}</script>"


def switch() -> gr.Radio:
    return gr.Radio([(NAMES[code], code) for code in LANGUAGES], value=DEFAULT, label=t("language_label"),
                    elem_id="language", min_width=230, scale=0)


def wire(lang: gr.Radio, tabs: list[gr.Tab]) -> None:
    """A new language (chosen, or read from the link on load) changes the page's texts and the address.

    The names of tabs not yet opened were translated when the page was drawn and do not follow the
    locale by themselves: each name is sent again, to be translated anew."""
    switched = lang.change(None, lang, None,
                           js="(lang) => { window.genmodelsLink({lang}); return window.genmodelsSetLocale(lang); }")
    switched.then(lambda: [gr.Tab(label=tab.label) for tab in tabs], None, tabs, queue=False,
                  api_visibility="private", show_progress="hidden")
