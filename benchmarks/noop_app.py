"""The baseline: a bare Gradio app with the Space's public API and no models.

    python benchmarks/noop_app.py RECORD/api.json      (a record made by benchmarks.api_record)

Every endpoint of the record becomes an event with the same api_name, parameter names,
defaults and input/output component types, answering instantly with the recorded answer
(the same JSON, the same image files). Stock components, default queue settings, nothing
loaded but that record: it is also the "minimal Gradio + torch app" of the cold start.
Images are returned as files, written once, so concurrent answers never rewrite Gradio's
cached copy of a file while it is being downloaded.
"""
from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import torch  # noqa: E402, F401  (the app pays for importing torch; so does its baseline)


def input_component(component: str, default):
    if component == "Image":
        return gr.Image(type="filepath")
    if component == "Slider":
        return gr.Slider(minimum=-1e6, maximum=1e6, value=default)  # takes whatever a benchmark call sends (x=-1.5)
    if component == "Number":
        return gr.Number(value=default)
    if component == "Dropdown":
        return gr.Dropdown(choices=[] if default is None else [default], value=default, allow_custom_value=True)
    if component == "Radio":
        return gr.Radio(choices=[] if default is None else [default], value=default)
    if component == "Textbox":
        return gr.Textbox(value=default)
    if component == "Checkbox":
        return gr.Checkbox(value=bool(default))
    raise ValueError(f"no-op app: no stand-in for input component {component!r}; add one in input_component()")


OUTPUTS = {"Label": gr.Label, "Json": gr.JSON, "Markdown": gr.Markdown, "Textbox": gr.Textbox,
           "Gallery": lambda: gr.Gallery(format="png"), "Image": lambda: gr.Image(format="png", type="filepath")}


def answer(component: str, value, folder: Path):
    if value is None:
        return None
    if component == "Gallery":
        return [(str(folder / item["file"]), item["caption"]) for item in value]
    if component == "Image":
        return str(folder / value["file"])
    return value


def replay(parameters: list[dict], answers: list):
    """A function with the recorded parameter names and defaults that returns the recorded answer."""

    def endpoint(*args, **kwargs):
        return answers[0] if len(answers) == 1 else tuple(answers)

    endpoint.__signature__ = inspect.Signature(
        [inspect.Parameter(p["name"], inspect.Parameter.POSITIONAL_OR_KEYWORD, default=p["default"]) for p in parameters])
    return endpoint


def build_demo(spec_path: Path) -> gr.Blocks:
    spec = json.loads(Path(spec_path).read_text())["endpoints"]
    folder = Path(spec_path).resolve().parent
    with gr.Blocks(title="no-op baseline") as demo:
        button = gr.Button()
        for endpoint, record in spec.items():
            inputs = [input_component(p["component"], p["default"]) for p in record["parameters"]]
            outputs = []
            for r in record["returns"]:
                if r["component"] not in OUTPUTS:
                    raise ValueError(f"no-op app: no stand-in for output component {r['component']!r}")
                outputs.append(OUTPUTS[r["component"]]())
            answers = [answer(r["component"], r["value"], folder) for r in record["returns"]]
            button.click(replay(record["parameters"], answers), inputs, outputs, api_name=endpoint.strip("/"))
    return demo


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python benchmarks/noop_app.py RECORD/api.json (see benchmarks/api_record.py)")
    build_demo(Path(sys.argv[1])).queue().launch()
