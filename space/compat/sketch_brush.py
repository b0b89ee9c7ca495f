"""The sketchpad draws at the first stroke: Gradio 6.31's image editor opens on its image tool, whatever
the brush settings say (its wrapper's current tool starts as "image"; nothing in gr.Sketchpad sets it),
and ignores strokes until the learner picks the brush ("select the draw tool to start"). When the tab
holding a sketchpad is shown, and after its canvas is cleared (the editor then goes back to its image
tool), the script below clicks the editor's own Brush button while that placeholder shows, both found
by their texts in every language Gradio translates them to (read here from the installed front end). The hook
"sketch-brush" (space/compat/__init__.py) checks at start-up that the front end still has that label and
the placeholder; should it fail in a browser anyway, the learner picks the brush as before.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

BRUSH_LABEL = re.compile(r"(?<![\w])brush:`([^`]+)`,brush_size:")  # image_editor.brush in each translation
PLACEHOLDER_TEXT = re.compile(r"(?<![\w])select_draw_tool:`([^`]+)`")  # what the editor says on its image tool
PLACEHOLDER = "image_editor.select_draw_tool"


def _assets() -> Path:
    import gradio

    return Path(gradio.__file__).parent / "templates" / "frontend" / "assets"


def translations(pattern: re.Pattern, assets: Path | None = None) -> list[str]:
    """Every text `pattern` captures in the installed front end's scripts (its translation files)."""
    found: list[str] = []
    for path in sorted((assets or _assets()).glob("*.js")):
        found += [text for text in pattern.findall(path.read_text(errors="ignore")) if text not in found]
    return found


def brush_labels(assets: Path | None = None) -> list[str]:
    """The Brush button's label in every language the installed front end has."""
    return translations(BRUSH_LABEL, assets)


def pick_js(elem_id: str) -> str:
    """A js-only event handler: while the editor `elem_id` shows the placeholder of its image tool, clicks its
    Brush button (for 5 s at most: the editor may not be drawn yet when its tab is selected, and it goes
    back to the image tool when it is cleared)."""
    return f"""() => {{
  const labels = {json.dumps(brush_labels())}, waiting = {json.dumps(translations(PLACEHOLDER_TEXT))};
  const started = performance.now();
  const pick = () => {{
    const root = document.getElementById({json.dumps(elem_id)});
    const button = root && [...root.querySelectorAll('button')].find(b => labels.includes(b.getAttribute('aria-label')));
    const idle = !root || waiting.some(text => root.innerText.includes(text));
    if (button && idle) button.click();
    if ((!button || idle) && performance.now() - started < 5000) setTimeout(pick, 100);
  }};
  pick();
  return [];
}}"""


def problems(assets: Path | None = None) -> list[str]:
    """What the script needs and the installed front end no longer has."""
    scripts = [p.read_text(errors="ignore") for p in (assets or _assets()).glob("*.js")]
    found = []
    if "select the draw tool to start" not in translations(PLACEHOLDER_TEXT, assets):
        found.append("Gradio's image editor no longer says 'select the draw tool to start' on its image tool")
    if "Brush" not in brush_labels(assets):
        found.append("Gradio's front end no longer labels the image editor's brush button 'Brush'")
    if not any(PLACEHOLDER in s for s in scripts):
        found.append(f"Gradio's image editor no longer asks to {PLACEHOLDER!r}: check whether the hook is still needed")
    return found


def wire(tab, sketch) -> None:
    """The Brush button is picked when `tab` (holding the sketchpad `sketch`) is shown and when it is cleared."""
    js = pick_js(sketch.elem_id)
    tab.select(None, None, None, js=js, api_visibility="private", queue=False)
    sketch.clear(None, None, None, js=js, api_visibility="private", queue=False)
