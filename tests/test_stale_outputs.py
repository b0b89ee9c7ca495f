"""No result outlives what it answered (issue 37): the page is built and every output of every event is
checked against what the dataset switch and each new image empty (space/widgets/stale.py).

The outputs are enumerated here from the events themselves, not from the emptying's own reading of
the page: a result it missed (one computed by an event chained after another, say) fails by name.
"""
import gradio as gr
import pytest

from space.widgets import stale
from space.widgets.stale import top_tab


@pytest.fixture(scope="module")
def demo():
    import os

    os.environ["HF_HUB_OFFLINE"] = "1"
    import app

    return app.build_demo()


def name(block) -> str:
    return f"{type(block).__name__} {block.elem_id or block.label!r}"


def written_on(demo, block, event: str) -> set[int]:
    """Components that the events `block`'s `event` triggers write (in the browser or on the server)."""
    return {out._id for fn in demo.fns.values() if (block._id, event) in fn.targets for out in fn.outputs}


def block(demo, elem_id: str):
    return next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == elem_id)


def test_a_dataset_switch_empties_or_refreshes_every_result_of_every_tab(demo):
    dataset = block(demo, "dataset")
    switched = chained_after(demo, [fn for fn in demo.fns.values() if (dataset._id, "change") in fn.targets])
    followed = {out._id for fn in switched for out in fn.outputs} | redrawn_when_shown(demo, switched)
    results = {out._id: out for fn in demo.fns.values() for out in fn.outputs if stale.is_result(out)}
    by_tab: dict[str, list[str]] = {}
    for out in results.values():
        tab = top_tab(out)
        by_tab.setdefault(tab.id if tab else "above the tabs", []).append(out)
    assert {"classify", "reconstruct", "generate", "explore", "timeline", "compare", "train-live"} <= set(by_tab)
    assert len(results) > 100
    # The lesson shows the animal models whatever the switch says: none of its events reads the dataset.
    lesson = {out._id for out in by_tab.pop("lesson")}
    assert not [fn.name for fn in demo.fns.values() if dataset in fn.inputs and {o._id for o in fn.outputs} & lesson]
    left = [f"{tab}: {name(out)}" for tab, outs in by_tab.items() for out in outs if out._id not in followed]
    assert left == []


def chained_after(demo, fns: list) -> list:
    """`fns` and every event chained after them (.then / .success), however deep."""
    found, grown = list(fns), True
    while grown:
        ids = {id(fn) for fn in found}
        more = [fn for fn in demo.fns.values() if fn.trigger_after is not None and id(fn) not in ids
                and id(demo.fns[fn.trigger_after]) in ids]
        found += more
        grown = bool(more)
    return found


def redrawn_when_shown(demo, switched: list) -> set[int]:
    """Results a tab redraws when it shows after a switch: those written, in that tab, by the events on the
    change of a value that both the switch and the tab's own select write (its "redraw" value)."""
    written = {out._id for fn in switched for out in fn.outputs}
    found = set()
    for fn in demo.fns.values():
        for target, event in fn.targets:
            if event != "change" or target not in written:
                continue
            tab = top_tab(demo.blocks[target])
            if tab is not None and target in written_on(demo, tab, "select"):
                found |= {out._id for later in chained_after(demo, [fn]) for out in later.outputs if top_tab(out) is tab}
    return found


def test_a_new_image_empties_every_result_computed_from_the_old_one(demo):
    inputs = {b._id for fn in demo.fns.values() for b in fn.inputs}
    uploads = [b for b in demo.blocks.values() if stale.is_upload(b, inputs)]
    assert {"classify-image", "classify-sketch", "reconstruct-image", "reconstruct-sketch", "discriminate-image",
            "latent-map-image"} <= {b.elem_id for b in uploads}
    stale_left = []
    for upload in uploads:
        emptied = written_on(demo, upload, "clear" if isinstance(upload, gr.ImageEditor) else "change")
        answered = chained_after(demo, [fn for fn in demo.fns.values() if upload in fn.inputs])
        stale_left += [f"{name(upload)} -> {name(out)}" for fn in answered for out in fn.outputs
                       if stale.is_result(out) and out._id not in emptied]
    assert stale_left == []


def test_classify_s_draw_tab_does_not_keep_the_upload_s_answer(demo):
    image, sketch = block(demo, "classify-image"), block(demo, "classify-sketch")
    upload_answers = {out._id for fn in chained_after(demo, [f for f in demo.fns.values() if image in f.inputs])
                      for out in fn.outputs if stale.is_result(out)}
    draw_tab, upload_tab = sketch.parent, image.parent
    while not isinstance(draw_tab, gr.Tab):
        draw_tab = draw_tab.parent
    while not isinstance(upload_tab, gr.Tab):
        upload_tab = upload_tab.parent
    assert {block(demo, "classify-label")._id, block(demo, "classify-generative-label")._id} <= upload_answers
    assert upload_answers <= written_on(demo, draw_tab, "select")
    assert upload_answers <= written_on(demo, upload_tab, "select")  # and back: the drawing's answer goes too


def test_the_switch_empties_first_in_the_browser_then_asks_only_for_what_is_on_show(demo):
    """The front end runs one trigger's listeners one after another, each to its end: the switch has one,
    the emptying (no request), and the reactions are chained after it, so they start together. Each request
    costs the page's main thread a pass over every output's loading status, so a reaction drawing in one tab
    waits for that tab to show: it runs on the change of the tab's redraw value, which the switch writes
    (for the tab on show) and the tab's select writes (when it is opened after a switch)."""
    dataset = block(demo, "dataset")
    emptying = [fn for fn in demo.fns.values() if (dataset._id, "change") in fn.targets]
    assert len(emptying) == 1 and emptying[0].fn is None and emptying[0].js
    at_once = [fn for fn in demo.fns.values() if fn.trigger_after == emptying[0]._id]
    assert all(fn.targets == [(None, "then")] for fn in at_once)
    asking = [fn for fn in at_once if fn.fn is not None]
    # the heading, About's text, the class lists of two tabs; Train live's reset of its sessions (at_the_switch)
    assert sorted(fn.name for fn in asking) == ["cleared", "switch"]
    switch = next(fn for fn in asking if fn.name == "switch")
    assert len({top_tab(out) for out in switch.outputs}) > 2
    redraws = {out._id: out for fn in at_once for out in fn.outputs if getattr(out, "label", None) == "redraw"}
    deferred = {}
    for redraw in redraws.values():
        tab = top_tab(redraw)
        assert redraw._id in written_on(demo, tab, "select")
        deferred[tab.id] = {fn.name for fn in demo.fns.values() if (redraw._id, "change") in fn.targets}
    assert deferred == {"explore": {"any_or_class", "class_pair"}, "timeline": {"rows_for", "epoch_slider"},
                        "real-or-fake": {"strength_choices"}, "compare": {"any_or_class"},
                        "about": {"dataset_pictures"}}
    # Train live's runs still stop at the switch itself, in the browser
    assert [fn for fn in at_once if fn.fn is None and fn.cancels]


def test_the_emptying_puts_back_what_each_output_first_showed(demo):
    """The line under a gallery goes back to its standing hint, a label to nothing; no request is made."""
    dataset = block(demo, "dataset")
    emptying = [fn for fn in demo.fns.values() if (dataset._id, "change") in fn.targets]
    assert emptying[0].js == stale.empty_js(emptying[0].outputs)
    assert {"classify-label", "generate-diversity", "generate-diversity-plot", "hold-image", "hold-caption",
            "decode-latent-image", "decode-latent-text"} <= {out.elem_id for out in emptying[0].outputs}


def test_no_sketchpad_is_read_at_every_stroke(demo):
    """A change or input listener makes Gradio's editor export its canvas at every stroke, and a click that
    reads the drawing meanwhile fails with a bare "Error": the sketchpads have none."""
    sketches = [b for b in demo.blocks.values() if isinstance(b, gr.ImageEditor)]
    assert len(sketches) >= 2
    assert [name(b) for b in sketches for fn in demo.fns.values()
            if (b._id, "change") in fn.targets or (b._id, "input") in fn.targets] == []
