"""Galleries are outputs: none offers "Drop Media Here" on the page (an image dropped into "Generated
images" was once judged by D as a real T-shirt)."""
import gradio as gr


def test_no_gallery_takes_uploads(monkeypatch):
    import app

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    demo = app.build_demo()
    inputs = {block._id for fn in demo.fns.values() for block in fn.inputs}
    galleries = [b for b in demo.blocks.values() if isinstance(b, gr.Gallery)]
    assert len(galleries) >= 8
    # Gradio makes a component that is some event's input interactive unless told otherwise
    takes_uploads = [b.label for b in galleries if b.interactive or (b.interactive is None and b._id in inputs)]
    assert takes_uploads == []
