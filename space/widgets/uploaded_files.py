"""Which files an API argument may name: files uploaded to this server, or URLs that Gradio fetches itself.

A file argument arrives as `{"path": ..., "meta": {"_type": "gradio.FileData"}}`. Gradio checks a
path only when that `meta` is present; without it, `path` reached our functions unchecked and an
image input opened any file on the server (and a FIFO held the worker until someone wrote to it).
The rule here runs on the raw request, before Gradio or our functions touch a file: a local path
must resolve (links followed) to a regular file inside Gradio's upload folder; an http(s) URL must
carry that `meta`, so that Gradio downloads it with its own protection against private addresses.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import gradio as gr

from models.errors import InputError, shown
from space.compat import gradio_internals
from space.endpoints.errors import user_message

FILE_META = {"_type": "gradio.FileData"}
MAX_DEPTH = 16  # file references sit a few levels deep at most (a gallery: a list of dicts of dicts)
HOW = "a file uploaded to this server (gradio_client.handle_file(path) uploads it) or an http(s) URL"


def refused(name: str, value) -> gr.Error:
    return user_message(InputError(f"{name} must be {HOW}; got {shown(value)}."), "uploaded_file")


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def uploaded_file(path, name: str, folder: str | Path | None = None) -> str:
    """`path` if it is a regular file inside the upload folder (after following links); else a gr.Error naming `name`.

    Never opens the file: a FIFO or a device is refused by what `stat` says, at once.
    """
    folder = Path(folder or gradio_internals.upload_folder()).resolve()
    try:
        real = Path(os.path.realpath(path))
        inside = real.is_relative_to(folder) and real != folder
        regular = inside and stat.S_ISREG(os.stat(real).st_mode)
    except (OSError, TypeError, ValueError):  # missing, unreadable, not text, an embedded NUL byte
        regular = False
    if not regular:
        raise refused(name, path)
    return str(real)


def check_file_value(value, name: str, depth: int = 0) -> None:
    """Every file reference in one raw input value (a dict with a `path`, at any depth) follows the rule."""
    if depth > MAX_DEPTH and isinstance(value, (list, dict)):
        raise user_message(InputError(f"{name} is nested more than {MAX_DEPTH} levels deep."), "uploaded_file")
    if isinstance(value, list):
        for item in value:
            check_file_value(item, name, depth + 1)
    elif isinstance(value, dict):
        path = value.get("path")
        if isinstance(path, str):  # another type is refused by the component's own data model
            if is_url(path):
                if value.get("meta") != FILE_META:  # without it Gradio would not fetch the URL
                    raise user_message(InputError(
                        f"{name}: a URL must come with \"meta\": {{\"_type\": \"gradio.FileData\"}}, as "
                        f"gradio_client.handle_file(url) sends it, so that the server fetches it; got {shown(path)}."),
                        "uploaded_file")
            else:
                uploaded_file(path, name)
        for key, item in value.items():
            if key not in ("path", "meta"):
                check_file_value(item, name, depth + 1)


def refuse_server_paths(block_fn, inputs: list) -> None:
    """An input check for space.compat.validate_inputs: each file in a request's values is an upload."""
    names = gradio_internals.parameter_names(block_fn)
    for i, value in enumerate(inputs):
        check_file_value(value, names[i] if i < len(names) else f"input {i + 1}")
