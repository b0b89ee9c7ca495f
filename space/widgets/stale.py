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

What the tabs recompute for the new dataset (their reactions to the switch: class lists, the timeline's
pictures, a Real-or-fake round...) is drawn where the visitor looks: a reaction whose outputs all sit in
one tab runs at the switch if that tab is on show, otherwise when the tab is next opened (its `.select`),
and not at all if the visitor never goes back. Each such tab gets a hidden "redraw" value whose change
runs its reactions; the browser keeps which tab is on show and which are stale (window.genmodelsTabs).
Every request of a switch costs the page's main thread far more than the server: Gradio's front end
updates the loading status of every output the page has ever updated at each status message of each
request (~25 ms a time with every tab visited), so fifteen requests froze the page for a second.
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


def top_tab(block):
    """The page-level tab `block` sits in (the outermost gr.Tab around it), or None above the tabs."""
    found, parent = None, block.parent
    while parent is not None:
        if isinstance(parent, gr.Tab):
            found = parent
        parent = parent.parent
    return found


def chained(demo: gr.Blocks, fn) -> list:
    """`fn` and every event chained after it (.then / .success / .failure), however deep."""
    found = [fn]
    for later in demo.fns.values():
        if later.trigger_after == fn._id:
            found += chained(demo, later)
    return found


def own_tab(demo: gr.Blocks, fn):
    """The tab that a reaction to the switch draws in, when it draws in one tab only: it and everything chained
    after it ask the server and write outputs of that tab alone. None for one that must run at once (the
    heading, class lists of several tabs, a cancel or an emptying done in the browser, one marked `at_the_switch`)."""
    if fn.fn is None or getattr(fn.fn, AT_THE_SWITCH, False):
        return None
    tabs = {top_tab(out) for later in chained(demo, fn) for out in later.outputs}
    return tabs.pop() if len(tabs) == 1 and None not in tabs else None


AT_THE_SWITCH = "at_the_switch"


def at_the_switch(reaction):
    """Marks a reaction to the dataset that runs at the switch even though it draws in one tab only: Train
    live's reset of its sessions (deferred to the tab's opening, it emptied what the visitor's first click
    there had just drawn: One D step's grid, wiped out, in CI)."""
    setattr(reaction, AT_THE_SWITCH, True)
    return reaction


DRAWN_WHEN_OPENED = "drawn_when_opened"


def drawn_when_opened(tab: gr.Tab) -> gr.Tab:
    """Marks a tab whose reactions to the dataset also draw it the first time it is opened (the timeline's
    pictures, the first Real-or-fake round): it counts as stale from the start."""
    setattr(tab, DRAWN_WHEN_OPENED, True)
    return tab


def tabs_state(stale_at_start: list[str]) -> str:
    """The browser's record: the tab on show, the tabs to redraw when opened, a counter for new redraw values."""
    return f"(window.genmodelsTabs ??= {{shown: null, stale: new Set({json.dumps(stale_at_start)}), n: 0}})"


def redraw_on_switch_js(tab_ids: list[str], state: str) -> str:
    """A new redraw value for the tab on show; the others are noted stale (undefined leaves an output as it is)."""
    picked = "out" if len(tab_ids) > 1 else "out[0]"
    return (f"() => {{ const s = {state}; const out = {json.dumps(tab_ids)}.map(id => s.shown === id ? "
            f"String(++s.n) : (s.stale.add(id), undefined)); return {picked}; }}")


def redraw_on_select_js(tab_id: str, state: str) -> str:
    return (f"() => {{ const s = {state}; s.shown = {json.dumps(tab_id)}; "
            f"return s.stale.delete({json.dumps(tab_id)}) ? String(++s.n) : undefined; }}")


def defer(demo: gr.Blocks, emptied, reactions: list) -> None:
    """Each tab's own reactions run when it shows: at the switch if on show, else at its next opening."""
    by_tab: dict[int, tuple] = {}
    for fn in reactions:
        tab = own_tab(demo, fn)
        if tab is not None:
            by_tab.setdefault(tab._id, (tab, []))[1].append(fn)
    tops = {top_tab(block) for block in demo.blocks.values()} - {None}
    tab_id = {tab._id: str(tab.id if tab.id is not None else tab._id) for tab in tops}
    state = tabs_state([tab_id[t._id] for t, _ in by_tab.values() if getattr(t, DRAWN_WHEN_OPENED, False)])
    redraws = {}
    for tab, fns in by_tab.values():
        with tab:  # a value the visitor never sees, whose change runs the tab's reactions
            redraws[tab._id] = gr.Textbox("", visible="hidden", label="redraw", elem_id=f"{tab_id[tab._id]}-redraw")
        for fn in fns:
            fn.targets, fn.trigger_after = [(redraws[tab._id]._id, "change")], None
    if redraws:
        emptied.then(None, None, list(redraws.values()), js=redraw_on_switch_js([tab_id[i] for i in redraws], state),
                     api_visibility="private", queue=False, show_progress="hidden")
    for tab in tops:  # every page-level tab says it is on show, so leaving a stale tab is noticed
        outputs = [redraws[tab._id]] if tab._id in redraws else []
        tab.select(None, None, outputs, js=redraw_on_select_js(tab_id[tab._id], state), api_visibility="private",
                   queue=False, show_progress="hidden")


def wire(demo: gr.Blocks, dataset: gr.Dropdown) -> None:
    """Adds the emptying events for the dataset, every image input and every group of input sub-tabs.

    The dataset's emptying becomes its change event's only listener, and every other listener of that
    change (each tab's own reaction: the heading, the class lists, Train live's reset...) runs after it,
    all at once: Gradio's front end runs the listeners of one trigger one after another, each to its
    end, so the tenth reaction of a switch waited for nine round trips first (hook "switch-reactions").
    A reaction that draws in one tab only waits for that tab to show (`defer`)."""
    reactions = [fn for fn in demo.fns.values() if fn.targets == [(dataset._id, "change")]]
    set_by_reactions = {block._id for fn in reactions if fn.fn is not None for block in fn.outputs}
    shown = [block for block in results_of(demo, [dataset]) if block._id not in set_by_reactions]
    emptied = dataset.change(None, None, shown, js=empty_js(shown) if shown else "() => []", api_visibility="private",
                             queue=False, show_progress="hidden")
    for fn in reactions:  # exactly what `emptied.then(...)` would have made
        fn.targets, fn.trigger_after = [(None, "then")], emptied["id"]
        fn.trigger_only_on_success = fn.trigger_only_on_failure = False
    defer(demo, emptied, reactions)
    inputs = {block._id for fn in demo.fns.values() for block in fn.inputs}
    uploads = [block for block in list(demo.blocks.values()) if is_upload(block, inputs)]
    for upload in uploads:
        clear(new_input_event(upload), results_of(demo, [upload]))
    for tabs, held in input_tab_groups(demo, uploads):
        for tab in tabs:
            clear(tab.select, results_of(demo, held))
