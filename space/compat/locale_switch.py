"""Changing the page's language without reloading it: Gradio 6.31's front end keeps its locale in a
svelte-i18n store that only its own Settings panel changes (`changeLocale`, exported by its bundled
`core-*.js` module). The script below imports that already-loaded module again (the browser hands back
the same instance) and calls it. Checked against the installed version: elsewhere the switch still
changes the server's answers, and the script says in the console that the page's texts could not follow.
"""
from __future__ import annotations

import logging

import gradio

TESTED_VERSION = "6.31.0"
log = logging.getLogger(__name__)

# window.genmodelsSetLocale(lang): resolves to true when the page's texts changed language.
SCRIPT = """
window.genmodelsSetLocale = async function (lang) {
  const core = performance.getEntriesByType('resource').map(e => e.name)
    .find(name => /\\/assets\\/core-[^/]+\\.js$/.test(name));
  try {
    const module = core && await import(core);
    if (module && typeof module.changeLocale === 'function') { module.changeLocale(lang); return true; }
  } catch (err) { /* reported below */ }
  console.warn('genmodels: this Gradio front end offers no changeLocale; the page texts stay in the browser language');
  return false;
};
"""


def script() -> str:
    if gradio.__version__ != TESTED_VERSION:
        log.warning("space/compat/locale_switch.py was written for Gradio %s, this is %s: check that the language "
                    "switch still changes the page's texts", TESTED_VERSION, gradio.__version__)
    return SCRIPT
