"""Gradio state that Gradio does not offer publicly: its upload folder, an event's parameter names, its queue.

Each is one small function, so that a Gradio upgrade that moves the state breaks here, not in callers.
"""
from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

from gradio import utils as gradio_utils


def upload_folder() -> Path:
    """Where Gradio stores uploads and the files it fetched from URLs (GRADIO_TEMP_DIR, else <tmp>/gradio)."""
    return Path(gradio_utils.get_upload_folder()).resolve()


def parameter_names(block_fn) -> list[str]:
    """The names of an event's inputs, in order, as its API documents them (its function's parameters)."""
    if block_fn.input_parameter_names:
        return list(block_fn.input_parameter_names)
    if block_fn.fn is None:
        return []
    return [p.name for p in inspect.signature(block_fn.fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


# The queue: who waits for what, and whether anyone reads an event's messages. ----------------------
_app: dict = {}  # the running Blocks, once app.py has enabled its queue


def install(demo) -> None:
    """Call after `demo.queue(...)`: that call replaces the queue these functions read."""
    _app["demo"] = demo


def _queue():
    return _app["demo"]._queue


def waiting_requests(concurrency_id: str) -> list:
    """The HTTP requests (fastapi.Request) that queued the events still waiting in one concurrency group."""
    line = _queue().event_queue_per_concurrency_id.get(concurrency_id)
    return [] if line is None else [event.request for event in list(line.queue)]


def unread_messages(session_hash: str | None) -> int | None:
    """How many messages for this session Gradio holds unread; None if it holds no mailbox for it (no one
    will read them: the session's stream closed, or the session never queued anything)."""
    mailbox = _queue().pending_messages_per_session.get(session_hash) if session_hash else None
    return None if mailbox is None else mailbox.qsize()


def serialize_pushes(concurrency_id: str) -> None:
    """Requests that join one concurrency group enter Gradio's queue one at a time, validator included.

    Gradio runs an event's validator, then appends the event; two requests validated at the same
    moment would both see the line before either joined it, and a burst would overfill it.
    """
    queue, demo = _queue(), _app["demo"]
    push = queue.push
    one_at_a_time = asyncio.Lock()

    async def serialized_push(body, request, username):
        fn = demo.fns.get(body.fn_index) if body.fn_index is not None else None
        if fn is None or fn.concurrency_id != concurrency_id:
            return await push(body=body, request=request, username=username)
        async with one_at_a_time:
            return await push(body=body, request=request, username=username)

    queue.push = serialized_push
