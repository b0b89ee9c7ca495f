"""Step 12's widget: one image with two discriminative answers under it, D's and the classifier's, as bars.

HTML made here rather than two gr.Label outputs, so that both answers share one block and one scale.
Colours come from Gradio's theme variables, so the block reads in the light and the dark theme.
"""
from __future__ import annotations

import base64
import html
import io

from PIL import Image

from space.i18n import say

TOP = 4  # the classifier's likeliest classes shown


def data_url(picture: Image.Image) -> str:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def bar(name: str, p: float, kind: str) -> str:
    width = f"{max(0.0, min(1.0, p)) * 100:.1f}%"
    return (f'<div class="answer-bar {kind}"><span class="answer-name">{html.escape(name)}</span>'
            f'<span class="answer-track"><span class="answer-fill" style="width:{width}"></span></span>'
            f'<span class="answer-value">{p:.0%}</span></div>')


def two_answers_html(picture: Image.Image, answers: dict, lang) -> str:
    """`answers`: {"p_real": D's P(real | x, dog), "classes": {class name: P(class | x)}}."""
    p_real = answers["p_real"]
    classes = sorted(answers["classes"].items(), key=lambda item: item[1], reverse=True)[:TOP]
    d_bars = bar(say(lang, "s12_real"), p_real, "d") + bar(say(lang, "s12_fake"), 1 - p_real, "d")
    cnn_bars = "".join(bar(say(lang, f"class_{name}"), p, "cnn") for name, p in classes)
    return (f'<div class="two-answers"><img class="answer-image" alt="" src="{data_url(picture)}">'
            f'<div class="answer-columns">'
            f'<div class="answer-block"><p class="answer-question">{html.escape(say(lang, "s12_d_question"))}</p>{d_bars}</div>'
            f'<div class="answer-block"><p class="answer-question">{html.escape(say(lang, "s12_cnn_question"))}</p>{cnn_bars}</div>'
            f'</div><p class="answer-note">{html.escape(say(lang, "s12_difference")).replace("*", "")}</p></div>')
