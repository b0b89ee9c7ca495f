"""The page's "send to the judges" wiring: every registered gallery reaches every registered input."""
import gradio as gr

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
        pages.append((demo, galleries, lines, inputs))
    for demo, galleries, lines, inputs in pages:
        selects = [fn for fn in demo.fns.values() if fn.name == "judge"]
        assert len(selects) == 2
        for fn, gallery, line in zip(selects, galleries, lines):
            assert fn.inputs[0] is gallery and fn.outputs == [line, *inputs]
        assert all(line.value == HINT for line in lines)
        resets = [fn for fn in demo.fns.values() if fn.outputs and fn.outputs[0] in lines and fn.name != "judge"]
        assert len(resets) == 1 and resets[0].outputs == lines, "one dataset-switch event puts every hint back"
        assert resets[0].fn() == [HINT, HINT]
