"""The page's CSS, in one place: crisp pixels, one font family, captions under images, phone widths.

Gradio's theme asks for Source Sans Pro at weight 600 from a file that holds only 55
glyphs (digits and a few capitals, among them "A"), so bold words mixed two fonts ("VAE"
with a heavier "A"). Our family uses the complete Regular and Bold files that Gradio
itself ships and serves under static/fonts/, so the page needs no network for its font.
"""
from __future__ import annotations

# What the CSS below relies on in Gradio's own page (its element classes, CSS variables, a data-testid,
# its font files), checked against the installed Gradio by the "page-css" hook of space/compat.
GRADIO_CLASSES = ("grid-wrap", "grid-container", "thumbnail-item", "caption-label", "image-container",
                  "table-wrap", "toast-wrap", "stepper-container")
GRADIO_VARIABLES = ("--grid-cols", "--size-1", "--size-2", "--size-4", "--size-12", "--text-sm", "--link-text-color",
                    "--neutral-200", "--color-accent", "--body-text-color-subdued")
GRADIO_TEST_IDS = ("block-label",)
FONT_FAMILY = "Space Sans"  # our name for Gradio's bundled Source Sans Pro files, complete in every weight
FONT_FILES = {400: "SourceSansPro-Regular.woff2", 600: "SourceSansPro-Bold.woff2", 700: "SourceSansPro-Bold.woff2"}
PHONE = "(max-width: 640px)"

FONT = "\n".join(
    f"@font-face {{ font-family: '{FONT_FAMILY}'; font-weight: {weight}; font-style: normal; font-display: swap;"
    f" src: url('static/fonts/SourceSansPro/{name}') format('woff2'); }}"
    for weight, name in FONT_FILES.items()
) + f"""
:root, :root .dark, .gradio-container {{
  --font: '{FONT_FAMILY}', ui-sans-serif, system-ui, sans-serif !important;
  --font-mono: ui-monospace, 'DejaVu Sans Mono', Consolas, monospace !important;
}}"""

PIXELS = ".pixelated img, .pixelated canvas { image-rendering: pixelated; }"  # crisp 28x28 pixels when enlarged

# Galleries: every image shown at once (no inner scrolling), a lone image stays thumbnail-sized,
# and each caption sits under its image, wrapped, instead of an ellipsis over the picture.
GALLERY = f"""
.pixelated .grid-wrap {{ height: auto !important; max-height: none !important; min-height: 0 !important; overflow-y: visible !important; }}
.pixelated .grid-container {{ grid-template-columns: repeat(var(--grid-cols), minmax(0, 1fr)) !important;
  grid-template-rows: none !important; grid-auto-rows: auto !important; }}
.pixelated .thumbnail-item {{ aspect-ratio: auto !important; height: auto !important; display: flex; flex-direction: column; }}
.pixelated .thumbnail-item > img {{ aspect-ratio: 1 / 1; height: auto !important; }}
.pixelated .caption-label {{ position: static !important; max-width: none !important; white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; border: none !important;
  background: none !important; opacity: 1 !important; }}
@media {PHONE} {{ .pixelated .grid-container {{ grid-template-columns: repeat(auto-fill, minmax(72px, 1fr)) !important; }} }}
"""

# A component's label floats over its top-left corner by default; over a picture it hides
# the first image of a gallery, the timeline grid's corner and the latent map's title. Under it,
# a fixed-height picture gets the rest of its block (whole, not cut at the bottom).
LABELS = """
.pixelated > label[data-testid="block-label"], .labelled-above > label[data-testid="block-label"] { position: relative !important; }
.pixelated:has(> .image-container) { display: flex; flex-direction: column; }
.pixelated > .image-container { flex: 1 1 0; min-height: 0; }
"""

# Tables wider than a phone scroll sideways inside their own box (a figure and its unit stay on one line);
# on a phone, toasts appear at the bottom, away from the controls at the top.
PHONE_FIXES = f"""
#noise-table .table-wrap {{ overflow-x: auto !important; max-width: 100%; }}
#about-text td:nth-child(2) {{ white-space: nowrap; }}
@media {PHONE} {{ .toast-wrap {{ top: auto !important; bottom: var(--size-4) !important; }} }}
"""

# The Lesson tab: each step's answer close under its button (a phone shows both on one screen), the
# "more in" link looking like a link, step 12's two answers as bars, tables that fit a phone.
LESSON = f"""
#lesson-walkthrough .lesson-more {{ background: none !important; border: none !important; box-shadow: none !important;
  color: var(--link-text-color) !important; text-decoration: underline; justify-content: flex-start; width: auto;
  padding-left: 0 !important; }}
#lesson-walkthrough .stepper-container {{ padding: 0 var(--size-12); }}
#lesson-walkthrough .lesson-nav {{ justify-content: space-between; }}
#lesson-walkthrough .lesson-nav > button {{ flex: 0 1 auto !important; min-width: 0 !important; }}
#lesson-walkthrough .lesson-answer table {{ width: 100%; font-size: var(--text-sm); }}
#lesson-walkthrough .lesson-vector code {{ white-space: normal; overflow-wrap: anywhere; }}
#lesson-walkthrough .lesson-pair > * {{ min-width: 150px !important; }}
.two-answers .answer-image {{ width: 112px; height: 112px; image-rendering: pixelated; }}
.two-answers .answer-columns {{ display: flex; flex-wrap: wrap; gap: var(--size-4); }}
.two-answers .answer-block {{ flex: 1 1 220px; }}
.two-answers .answer-question {{ font-weight: 600; margin: var(--size-2) 0; }}
.two-answers .answer-bar {{ display: flex; align-items: center; gap: var(--size-2); margin: 2px 0; }}
.two-answers .answer-name {{ flex: 0 0 6.5em; overflow-wrap: anywhere; }}
.two-answers .answer-track {{ flex: 1 1 auto; height: 14px; background: var(--neutral-200); border-radius: 3px; }}
.two-answers .answer-fill {{ display: block; height: 100%; border-radius: 3px; }}
.two-answers .d .answer-fill {{ background: var(--color-accent); }}
.two-answers .cnn .answer-fill {{ background: var(--body-text-color-subdued); }}
.two-answers .answer-value {{ flex: 0 0 3em; text-align: right; }}
@media {PHONE} {{ #lesson-walkthrough .lesson-pair {{ flex-wrap: nowrap !important; }} }}
"""

# Real or fake?: the round's 8 tiles (picture over its real/fake button) in one row, two rows of 4 on a phone;
# its answer table scrolls sideways inside its own box.
REAL_OR_FAKE = f"""
#rof-tiles {{ display: grid !important; grid-template-columns: repeat(8, minmax(0, 1fr)); gap: var(--size-2); }}
#rof-tiles > .rof-tile {{ min-width: 0 !important; gap: var(--size-1); }}
#rof-tiles .image-container img {{ width: 100%; height: auto; aspect-ratio: 1 / 1; object-fit: contain;
  image-rendering: pixelated; }}
#rof-tiles .rof-guess {{ min-height: 44px; }}
#rof-table .table-wrap {{ overflow-x: auto !important; max-width: 100%; }}
@media {PHONE} {{ #rof-tiles {{ grid-template-columns: repeat(4, minmax(0, 1fr)); }} }}
"""

# Train live draws each picture twice, for a computer's width and a phone's; the page shows one.
# Both are drawn at the size they are shown (no scaling up past it, so no blur).
LIVE = f"""
.live-narrow {{ display: none !important; }}
.live-wide img, .live-narrow img {{ width: auto !important; max-width: 100% !important; height: auto !important; }}
.live-crisp img {{ image-rendering: pixelated; }}
@media {PHONE} {{ .live-wide {{ display: none !important; }} .live-narrow {{ display: block !important; }} }}
"""

CSS = "\n".join([FONT, PIXELS, GALLERY, LABELS, PHONE_FIXES, LESSON, REAL_OR_FAKE, LIVE])
