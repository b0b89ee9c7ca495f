"""The page's "send to the judges" wiring: every registered gallery reaches every registered input."""
import gradio as gr

from space.widgets import stale
from space.widgets.send_to_judges import HINT, Judges


def test_every_gallery_sends_to_every_input_and_pages_do_not_share_registrations():
    pages = []
    for _ in range(2):  # a second page built in the same process starts empty
        judges = Judges()
        with gr.Blocks() as demo:
            dataset = gr.Dropdown(["fashion-mnist"], value="fashion-mnist")
            galleries = [gr.Gallery(), gr.Gallery()]
            lines = [judges.source(g) for g in galleries]
            inputs = [gr.Image(), gr.Image()]
            for image in inputs:
                judges.target(image)
            judges.wire(dataset)
            stale.wire(demo, dataset)
        pages.append((demo, dataset, galleries, lines, inputs))
    for demo, dataset, galleries, lines, inputs in pages:
        selects = [fn for fn in demo.fns.values() if fn.name == "judge"]
        assert len(selects) == 2
        for fn, gallery, line in zip(selects, galleries, lines):
            assert fn.inputs[0] is gallery and fn.outputs == [line, *inputs]
        assert all(line.value == HINT for line in lines)
        # a switch puts every hint back: the lines are results of the dataset, emptied in the browser to what
        # they showed when the page opened, in the switch's one emptying event (no request)
        emptying = [fn for fn in demo.fns.values() if (dataset._id, "change") in fn.targets]
        assert len(emptying) == 1 and emptying[0].fn is None and set(lines) <= set(emptying[0].outputs)
        assert [stale.empty_value(line) for line in lines] == [HINT, HINT]
        assert emptying[0].js == stale.empty_js(emptying[0].outputs)
