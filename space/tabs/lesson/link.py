"""A link reproduces the view: the address's query parameters, read on load through gr.Request.

    ?step=3&lang=ko&dataset=animal-mnist&noise=[-5 3 2.6]&scale=1.5

`step` opens that step of the lesson and runs its action (not the live runs), `lang` sets the language
(else the browser's), `dataset` the page's dataset switch, `noise` the noise box of the step (3, or
11 when the link opens step 11), `scale` step 4's slider. Nothing is stored on the server; the page
rewrites the address as the learner goes (space/widgets/language.py). A bad value is said in a
warning naming the parameter, and the page opens without it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import gradio as gr

from models.datasets import DATASETS
from models.operations.common.validation import InputError
from models.operations.noise import noise as noise_rules
from space.i18n import LANGUAGES, parse_lang
from space.tabs.lesson.frame import STEPS, Lesson

NOISE_LENGTH = 64  # the animal GAN's z; a longer text is refused when the step runs anyway


@dataclass
class LinkState:
    lang: str
    step: int | None = None
    dataset: str | None = None
    noise: str | None = None
    scale: float | None = None
    problems: list[str] = field(default_factory=list)


def _step(value: str, problems: list[str]) -> int | None:
    try:
        step = int(value)
    except ValueError:
        step = None
    if step is None or not 1 <= step <= STEPS:
        problems.append(f"step must be a whole number from 1 to {STEPS}, got {value!r}.")
        return None
    return step


def read(query, browser_lang: str | None) -> LinkState:
    """The link's settings from the query parameters (a mapping of names to text); `browser_lang` is
    navigator.language, used when the link names no language."""
    problems: list[str] = []
    lang = parse_lang(browser_lang)
    if "lang" in query:
        if query["lang"].strip().lower().split("-")[0] in LANGUAGES:
            lang = parse_lang(query["lang"])
        else:
            problems.append(f"lang must be one of {', '.join(LANGUAGES)}, got {query['lang']!r}.")
    state = LinkState(lang=lang, problems=problems)
    if "step" in query:
        state.step = _step(query["step"], problems)
    if "dataset" in query:
        if query["dataset"] in DATASETS:
            state.dataset = query["dataset"]
        else:
            problems.append(f"dataset must be one of {', '.join(DATASETS)}, got {query['dataset']!r}.")
    if "noise" in query:
        try:
            noise_rules.parse_noise(query["noise"], NOISE_LENGTH)
            state.noise = query["noise"]
        except InputError as err:
            problems.append(str(err))
    if "scale" in query:
        try:
            state.scale = noise_rules.parse_scale(query["scale"])
        except InputError as err:
            problems.append(str(err))
    return state


def wire(demo: gr.Blocks, lesson: Lesson, dataset: gr.Dropdown) -> None:
    """On load: the link's settings into the page, then the linked step's action."""
    noise_3, noise_11, scale = lesson.settings["noise-3"], lesson.settings["noise-11"], lesson.settings["scale"]
    opened = gr.Number(visible=False, precision=0)  # the step the page opened on, from the link or 1
    named = gr.State(False)  # whether the link named that step: only then does its action run
    browser_lang = gr.Textbox(visible=False)  # navigator.language, filled in by the load's script

    def apply(browser_lang, request: gr.Request):
        state = read(dict(request.query_params), browser_lang)
        for problem in state.problems:
            gr.Warning(f"The link's {problem} It is ignored.")
        keep = gr.skip()
        return (state.lang, gr.Walkthrough(selected=state.step) if state.step else keep,
                state.dataset or keep,
                state.noise if state.noise is not None and state.step != 11 else keep,
                state.noise if state.noise is not None and state.step == 11 else keep,
                state.scale if state.scale is not None else keep, state.step or 1, state.step is not None)

    settings = [lesson.lang, lesson.walkthrough, dataset, noise_3, noise_11, scale, opened, named]
    # queued (not queue=False): a warning about a bad parameter reaches the page only through the queue
    loaded = demo.load(apply, browser_lang, settings, js="() => [navigator.language]", api_visibility="private")
    # from now on the address follows the learner, starting with the step the page shows (a bad one is replaced)
    loaded.then(None, opened, None, js="(step) => { window.genmodelsLinkRead = true; window.genmodelsLink({step}); }")
    for action in lesson.actions:
        if not action.on_link:
            continue

        def run_if_linked(step, linked, *values, action=action):
            if not linked or step != action.step:
                return (gr.skip(),) * (len(action.outputs) + 1)
            result = action.fn(*values)
            return (*result, True) if isinstance(result, tuple) else (result, True)

        loaded.then(run_if_linked, [opened, named, *action.inputs, lesson.lang], [*action.outputs, action.shown],
                    api_visibility="private", show_progress="hidden")
