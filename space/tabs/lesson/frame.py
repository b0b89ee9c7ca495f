"""What every step of the lesson shares: its frame (title, text, the "more in" link, Back / Next) and its action.

An action is wired through `Lesson.action`, which also remembers it for two later uses: a new
language redraws the answers already on show (each in the language it now reads), and a link that
names a step runs that step's action once the page has loaded (space/tabs/lesson/link.py).
"""
from __future__ import annotations

import inspect
from contextlib import contextmanager
from dataclasses import dataclass, field

import gradio as gr

from space.i18n import t

STEPS = 12


@dataclass
class Action:
    step: int
    fn: object
    inputs: list
    outputs: list
    shown: gr.State          # True once the answer is on show
    on_link: bool = True     # run when a link opens its step (not the live runs)
    refresh: bool = True     # redraw in the new language (not the live runs)


@dataclass
class Lesson:
    lang: gr.Radio
    tabs: gr.Tabs
    walkthrough: gr.Walkthrough | None = None
    actions: list[Action] = field(default_factory=list)
    settings: dict[str, gr.components.Component] = field(default_factory=dict)  # link parameters' inputs

    @contextmanager
    def step(self, number: int, lab_tab: str):
        """One step: its title and text, then what the `with` body builds (the action and its answer), then
        the link to `lab_tab` (a tab id of the page) and the Back / Next buttons."""
        with gr.Step(t(f"s{number}_title"), id=number, elem_id=f"lesson-step-{number}") as step:
            gr.Markdown(t(f"s{number}_text"), elem_classes=["lesson-text"])
            yield
            more = gr.Button(t(f"more_{lab_tab.replace('-', '_')}"), size="sm", elem_classes=["lesson-more"],
                             elem_id=f"lesson-more-{number}")
            with gr.Row(elem_classes=["lesson-nav"]):
                back = gr.Button(t("nav_back"), size="sm", elem_id=f"lesson-back-{number}", visible=number > 1)
                forward = gr.Button(t("nav_next"), size="sm", variant="primary", elem_id=f"lesson-next-{number}",
                                    visible=number < STEPS)
        more.click(lambda: gr.Tabs(selected=lab_tab), None, self.tabs, queue=False, api_visibility="private")
        for button, target in ((back, number - 1), (forward, number + 1)):
            if 1 <= target <= STEPS:  # the address follows at once, in the browser
                button.click(lambda target=target: gr.Walkthrough(selected=target), None, self.walkthrough,
                             queue=False, api_visibility="private",
                             js=f"() => window.genmodelsLink({{step: {target}}})")
        # a step chosen in the header; not before the link has been read (the first step's own select at load
        # would overwrite the address the link came with)
        step.select(None, None, None, js=f"() => window.genmodelsLinkRead && window.genmodelsLink({{step: {number}}})")

    def action(self, step: int, trigger, fn, inputs: list, outputs: list, on_link: bool = True,
               refresh: bool = True, **event):
        """`trigger` (e.g. button.click) runs fn(*inputs, lang) into `outputs`; remembered for links and languages."""
        shown = gr.State(False)

        def run(*values):
            result = fn(*values)
            return (*result, True) if isinstance(result, tuple) else (result, True)

        def stream(*values):  # a generator function: each update, then the flag
            for result in fn(*values):
                yield (*result, True) if isinstance(result, tuple) else (result, True)

        handler = stream if inspect.isgeneratorfunction(fn) else run
        self.actions.append(Action(step, fn, inputs, outputs, shown, on_link, refresh))
        return trigger(handler, [*inputs, self.lang], [*outputs, shown], api_visibility="private", **event)

    def wire_language(self) -> None:
        """A new language redraws every answer on show: the same inputs, the same seeds, the new words."""
        for action in self.actions:
            if not action.refresh:
                continue

            def again(was_shown, *values, fn=action.fn, count=len(action.outputs)):
                if not was_shown:
                    return (gr.skip(),) * count if count > 1 else gr.skip()
                return fn(*values)

            self.lang.change(again, [action.shown, *action.inputs, self.lang], action.outputs,
                             api_visibility="private", show_progress="hidden")
