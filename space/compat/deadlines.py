"""Every event's `time_limit` is enforced, so a stuck request frees its worker.

Gradio 6.31 takes `time_limit` on every event listener but applies it only to `.stream()` events
(its docstring: "Parameter only used for the `.stream()` event"); elsewhere it only feeds the queue's
time estimates. Here each event's function is wrapped once the page is built:

- a plain function runs in a worker thread (as Gradio runs it) and the request stops waiting for it
  after `time_limit` seconds: the client gets a "took longer than" error and Gradio's worker slot is
  free again. Python cannot stop a thread, so the abandoned call finishes in the background;
- a generator (live training) is stopped at its first update after `time_limit` seconds.

`install` also gives every event that has no `time_limit` the one its api_name has in `limits`, or
`default`: one table says how long each event may run (space.endpoints.time_limits).
"""
from __future__ import annotations

import functools
import inspect
import logging
import time

import anyio
import anyio.to_thread
import gradio as gr

log = logging.getLogger(__name__)


def timed_out(name: str, seconds: float) -> gr.Error:
    log.warning("%s ran past its time limit of %g s; its worker was freed", name, seconds)
    return gr.Error(f"This request took longer than its time limit of {seconds:g} s, so the server stopped "
                    "waiting for it (the server may be very busy); please try again.", title="Time limit",
                    print_exception=False)


def bounded(fn, seconds: float):
    """`fn` that gives up after `seconds`; same signature (Gradio reads parameters and gr.Request from it)."""
    name = getattr(fn, "__name__", "fn")
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def generator(*args, **kwargs):
            deadline = time.monotonic() + seconds
            iterator = fn(*args, **kwargs)
            try:
                for update in iterator:
                    yield update
                    if time.monotonic() > deadline:
                        raise timed_out(name, seconds)
            finally:
                iterator.close()
        return generator
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def coroutine(*args, **kwargs):
            try:
                with anyio.fail_after(seconds):
                    return await fn(*args, **kwargs)
            except TimeoutError:
                raise timed_out(name, seconds) from None
        return coroutine
    if inspect.isasyncgenfunction(fn):
        return fn  # none here; its own code would have to bound it

    @functools.wraps(fn)
    async def in_thread(*args, **kwargs):
        call = functools.partial(fn, *args, **kwargs)
        try:
            with anyio.fail_after(seconds):
                return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
        except TimeoutError:
            raise timed_out(name, seconds) from None
    return in_thread


def install(demo, limits: dict[str, float], default: float) -> None:
    """Sets and enforces a time limit on every event of `demo` that runs a Python function."""
    for block_fn in demo.fns.values():
        if block_fn.fn is None:
            continue
        if block_fn.time_limit is None:
            block_fn.time_limit = limits.get(block_fn.api_name, default)
        block_fn.fn = bounded(block_fn.fn, block_fn.time_limit)
