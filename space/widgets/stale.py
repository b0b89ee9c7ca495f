"""No answer outlives what it answered (issue 37): when the dataset or an uploaded image changes, every
result on show that was computed from it is emptied at once, in the browser.

Which results those are is read from the finished page's own events, not from a list kept by hand: a
component is a result of X when some event takes X, or another result of X, as input and writes the
component. One pass over the page (`wire`, called once every tab exists) adds, for each source:

- the dataset dropdown: on change, its results are emptied, except those a reaction of the tabs to the
  same change sets itself (the heading, About, the class lists, the hints under the galleries);
- each image input: on change (a new upload, an example, a judged image sent over), or for a
  sketchpad when its canvas is cleared, the results computed from it;
- a sub-tab beside other input sub-tabs (Classify's Upload and Draw): on select, the results of every
  input in that group, so the upload's answer is not left beside the drawing.

The emptying runs in the browser (no request), so it is done before any new result can arrive: a
result that the switch itself asks for (the dog button's images, the dataset hint's answers) is never
wiped by a clearing that came late. Each component goes back to what it showed when the page opened.
"""
from __future__ import annotations

import json

import gradio as gr

# Components that only show a result (nobody types into a label, a JSON view or a plot)...
SHOWN = (gr.Label, gr.Markdown, gr.HTML, gr.JSON, gr.Plot, gr.LinePlot, gr.ScatterPlot, gr.BarPlot,
         gr.AnnotatedImage, gr.HighlightedText)
# ... and those that do so when they are not interactive (an upload box is an input, not a result)
SHOWN_WHEN_FIXED = (gr.Image, gr.Gallery, gr.Dataframe, gr.Textbox)  # not gr.Number: an index the sliders use
UPLOADS = (gr.Image, gr.ImageEditor)


def is_result(block) -> bool:
    if isinstance(block, SHOWN):
        return True
    return isinstance(block, SHOWN_WHEN_FIXED) and block.interactive is False


def is_upload(block, inputs: set[int]) -> bool:
    """An image the visitor gives: an event's input that is not a fixed picture."""
    return isinstance(block, UPLOADS) and block._id in inputs and block.interactive is not False


def carries(block) -> bool:
    """Whether what is computed from `block` follows it: a result, a session state or a hidden value do;
    a control the visitor sets (a dropdown, a slider, an upload) is a new input even when an event set it."""
    return is_result(block) or isinstance(block, gr.State) or block.visible is False


def results_of(demo: gr.Blocks, sources) -> list:
    """Every result component computed from any of `sources`, directly or through other results."""
    source_ids = {block._id for block in sources}
    reached, carrying = set(source_ids), set(source_ids)
    grown = True
    while grown:
        grown = False
        for fn in demo.fns.values():
            if any(block._id in carrying for block in fn.inputs):
                new = {block._id for block in fn.outputs} - reached
                reached |= new
                carrying |= {i for i in new if carries(demo.blocks[i])}
                grown = grown or bool(new)
    return [demo.blocks[i] for i in sorted(reached - source_ids) if is_result(demo.blocks[i])]


def empty_value(block):
    """What the component showed when the page was built (Gradio keeps it as the browser gets it): nothing,
    or a standing line such as the one under each gallery that says its images can be clicked."""
    return block.value.model_dump() if hasattr(block.value, "model_dump") else block.value


def empty_js(blocks: list) -> str:
    values = [empty_value(block) for block in blocks]
    return "() => " + json.dumps(values if len(values) > 1 else values[0])


def clear(trigger, blocks: list):
    """`trigger` (an event listener, e.g. `image.change`) empties `blocks` in the browser; None if none."""
    if not blocks:
        return None
    return trigger(None, None, blocks, js=empty_js(blocks), api_visibility="private", queue=False,
                   show_progress="hidden")


def new_input_event(upload):
    """The event that says `upload` holds a new image: a change, or for a sketchpad its Clear button. A listener
    of a sketchpad's change (or input) makes Gradio's editor export and upload its canvas at every stroke, and
    a click that reads the drawing meanwhile fails with a bare "Error" (Gradio 6.31)."""
    return upload.clear if isinstance(upload, gr.ImageEditor) else upload.change


def input_tab_groups(demo: gr.Blocks, uploads: list) -> list[tuple[list, list]]:
    """(the sub-tabs, the uploads inside them) for each gr.Tabs nested in a tab that holds an upload
    in more than one of its sub-tabs."""
    def tab_of(block):
        parent = block.parent
        while parent is not None and not isinstance(parent, gr.Tab):
            parent = parent.parent
        return parent

    groups: dict[int, tuple[list, list]] = {}
    for upload in uploads:
        tab = tab_of(upload)
        if tab is None or tab_of(tab) is None:  # a top-level tab: coming back to it must not empty it
            continue
        tabs, held = groups.setdefault(tab.parent._id, ([], []))
        if tab not in tabs:
            tabs.append(tab)
        held.append(upload)
    return [group for group in groups.values() if len(group[0]) > 1]


def wire(demo: gr.Blocks, dataset: gr.Dropdown) -> None:
    """Adds the emptying events for the dataset, every image input and every group of input sub-tabs.

    The dataset's emptying becomes its change event's only listener, and every other listener of that
    change (each tab's own reaction: the heading, the class lists, Train live's reset...) runs after it,
    all at once: Gradio's front end runs the listeners of one trigger one after another, each to its
    end, so the tenth reaction of a switch waited for nine round trips first (hook "switch-reactions")."""
    reactions = [fn for fn in demo.fns.values() if fn.targets == [(dataset._id, "change")]]
    set_by_reactions = {block._id for fn in reactions if fn.fn is not None for block in fn.outputs}
    shown = [block for block in results_of(demo, [dataset]) if block._id not in set_by_reactions]
    emptied = dataset.change(None, None, shown, js=empty_js(shown) if shown else "() => []", api_visibility="private",
                             queue=False, show_progress="hidden")
    for fn in reactions:  # exactly what `emptied.then(...)` would have made
        fn.targets, fn.trigger_after = [(None, "then")], emptied["id"]
        fn.trigger_only_on_success = fn.trigger_only_on_failure = False
    inputs = {block._id for fn in demo.fns.values() for block in fn.inputs}
    uploads = [block for block in list(demo.blocks.values()) if is_upload(block, inputs)]
    for upload in uploads:
        clear(new_input_event(upload), results_of(demo, [upload]))
    for tabs, held in input_tab_groups(demo, uploads):
        for tab in tabs:
            clear(tab.select, results_of(demo, held))
