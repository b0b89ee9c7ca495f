"""Changing the page's language without reloading it: Gradio 6.31's front end keeps its locale in a
svelte-i18n store that only its own Settings panel changes (`changeLocale`, exported by its bundled
`core-*.js` module). The script below imports that already-loaded module again (the browser hands back
the same instance) and calls it. The hook "locale-switch" (space/compat/__init__.py) checks at start-up
that the installed front end still has that module; should it fail in a browser anyway, the switch
still changes the server's answers, and the script says in the console that the page's texts could not.
"""
from __future__ import annotations

from pathlib import Path

CORE_MODULE = "core-*.js"  # the front end's module that exports changeLocale

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
    return SCRIPT


def problems(assets: Path) -> list[str]:
    """What the script needs and Gradio's built front end (its assets folder) no longer has."""
    modules = list(assets.glob(CORE_MODULE))
    if not modules:
        return [f"Gradio's front end has no {CORE_MODULE} module"]
    if not any("changeLocale" in m.read_text(errors="ignore") for m in modules):
        return [f"Gradio's {CORE_MODULE} no longer exports changeLocale"]
    return []
