"""The rules behind the request limits, in-process: uploads only, the live runs' line, time limits."""
import asyncio
import inspect
import os
import time

import gradio as gr
import pytest

from space.compat import deadlines
from space.endpoints import live_line
from space.widgets import uploaded_files
from space.widgets.uploaded_files import check_file_value, uploaded_file


@pytest.fixture
def folder(tmp_path):
    """A stand-in for Gradio's upload folder, with one real upload in it."""
    uploads = tmp_path / "gradio"
    (uploads / "abc123").mkdir(parents=True)
    (uploads / "abc123" / "boot.png").write_bytes(b"\x89PNG")
    return uploads


def refused(path, folder) -> str:
    with pytest.raises(gr.Error) as caught:
        uploaded_file(path, "image", folder)
    return caught.value.message


def test_an_upload_inside_the_folder_is_accepted(folder):
    path = folder / "abc123" / "boot.png"
    assert uploaded_file(str(path), "image", folder) == str(path.resolve())
    link = folder / "abc123" / "link.png"
    link.symlink_to(path)  # a link that stays inside the folder leads to an upload
    assert uploaded_file(str(link), "image", folder) == str(path.resolve())


def test_anything_else_is_refused_naming_the_parameter(folder, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    fifo = folder / "abc123" / "pipe.png"
    os.mkfifo(fifo)
    link_out = folder / "abc123" / "out.png"
    link_out.symlink_to(outside)
    cases = [str(outside), "/etc/passwd", str(fifo), str(link_out), str(folder), str(folder / "abc123"),
             str(folder / "abc123" / "missing.png"), str(folder / "abc123" / ".." / ".." / "secret.png"),
             "/dev/null", "relative/boot.png", "bad\x00path", 5]
    for path in cases:
        started = time.monotonic()
        message = refused(path, folder)
        assert message.startswith("image must be a file uploaded to this server"), (path, message)
        assert time.monotonic() - started < 1, "a FIFO must be refused without being opened"


def test_every_file_reference_in_a_value_is_checked(folder, monkeypatch):
    monkeypatch.setattr(uploaded_files.gradio_internals, "upload_folder", lambda: folder)
    good = {"path": str(folder / "abc123" / "boot.png"), "meta": uploaded_files.FILE_META}
    check_file_value([good, {"background": good, "layers": [good]}], "sketch")  # nested, as the sketchpad sends
    for bad in ({"path": "/etc/passwd"}, {"composite": {"path": "/etc/passwd", "meta": uploaded_files.FILE_META}},
                [good, {"path": "/etc/hosts"}]):
        with pytest.raises(gr.Error, match="sketch must be a file uploaded"):
            check_file_value(bad, "sketch")
    with pytest.raises(gr.Error, match="image_b: a URL must come with \"meta\""):
        check_file_value({"path": "http://example.com/a.png"}, "image_b")
    check_file_value({"path": "https://example.com/a.png", "meta": uploaded_files.FILE_META}, "image")  # Gradio fetches
    check_file_value({"url": "data:image/png;base64,AAAA"}, "image")  # no path: nothing to check here
    check_file_value("text", "image")
    deep = "x"
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [deep]
    with pytest.raises(gr.Error, match="seed is nested more than 16 levels deep"):
        check_file_value(deep, "seed")


def test_the_client_is_the_peer_or_the_address_the_proxies_appended():
    headers = {"x-forwarded-for": "6.6.6.6, 1.2.3.4"}  # the client wrote 6.6.6.6 itself
    assert live_line.client_key(headers, "10.0.0.9", hops=0) == "10.0.0.9"
    assert live_line.client_key(headers, "10.0.0.9", hops=1) == "1.2.3.4"
    assert live_line.client_key(headers, "10.0.0.9", hops=2) == "6.6.6.6"
    assert live_line.client_key({}, "10.0.0.9", hops=1) == "10.0.0.9"
    assert live_line.client_key({}, None, hops=0) == "unknown"


def test_the_line_of_live_runs_is_short_and_fair():
    assert live_line.refusal("a", [], line_size=3, per_client=1) is None
    assert live_line.refusal("a", ["b", "c"], line_size=3, per_client=1) is None
    assert live_line.refusal("a", ["a"], line_size=3, per_client=1).startswith("you already have 1 live run waiting")
    assert live_line.refusal("a", ["a"], line_size=3, per_client=2) is None
    assert live_line.refusal("d", ["a", "b", "c"], line_size=3, per_client=1) == \
        "3 live runs are waiting; try again in 2 minutes."


def test_each_live_validator_has_its_events_parameters_and_a_request():
    for validator, fn in ((live_line.admit_train_live, "train_live"), (live_line.admit_gan_start, "run_gan"),
                          (live_line.admit_gan_run, "resume_gan"), (live_line.admit_vae_start, "run_vae"),
                          (live_line.admit_vae_run, "resume_vae")):
        from space.endpoints import live
        wanted = [p for p in inspect.signature(getattr(live, fn)).parameters]
        assert list(inspect.signature(validator).parameters) == wanted, validator.__name__


def slow(seconds):
    time.sleep(seconds)
    return seconds


def test_a_function_past_its_time_limit_frees_the_request(monkeypatch):
    limited = deadlines.bounded(slow, 0.3)
    assert inspect.signature(limited) == inspect.signature(slow), "Gradio reads the parameters from it"
    assert asyncio.run(limited(0.01)) == 0.01
    started = time.monotonic()
    with pytest.raises(gr.Error, match="took longer than its time limit of 0.3 s"):
        asyncio.run(limited(3))
    assert time.monotonic() - started < 2.5, "the request must stop waiting at the limit, not when the call ends"


def test_a_generator_past_its_time_limit_stops_at_its_next_update():
    closed = []

    def updates(n):
        try:
            for i in range(n):
                time.sleep(0.1)
                yield i
        finally:
            closed.append(True)

    limited = deadlines.bounded(updates, 0.35)
    assert inspect.isgeneratorfunction(limited)
    assert list(limited(2)) == [0, 1]
    seen = []
    with pytest.raises(gr.Error, match="time limit of 0.35 s"):
        for update in limited(100):
            seen.append(update)
    assert 2 <= len(seen) <= 5 and closed == [True, True]


def test_install_sets_a_limit_on_every_event_and_keeps_explicit_ones():
    with gr.Blocks() as demo:
        box = gr.Number()
        gr.Button().click(slow, box, box, api_name="classify")
        gr.Button().click(slow, box, box, api_name="other")
        gr.Button().click(slow, box, box, api_name="own", time_limit=7)
        gr.Button().click(None, None, None, js="() => 1")
    deadlines.install(demo, {"classify": 20}, default=60)
    limits = {fn.api_name: fn.time_limit for fn in demo.fns.values() if fn.fn is not None}
    assert limits == {"classify": 20, "other": 60, "own": 7}
    assert all(inspect.iscoroutinefunction(fn.fn) for fn in demo.fns.values() if fn.fn is not None)
