"""The waiting line of live training runs: short, fair, and only for clients who listen.

Live runs last up to two minutes and run one at a time (space.endpoints.live.CONCURRENCY_ID). In
Gradio's queue, shared by every endpoint, 65 of them once took all 64 places, and every other
visitor got "Queue is full" for two hours. So the runs get a line of their own, checked by
Gradio's validator before a run joins the queue (space.compat.gradio_internals.serialize_pushes
makes those checks one at a time, so a burst cannot slip past together):

- at most LINE_SIZE runs wait; the next is refused with "N live runs are waiting; try again in M minutes";
- at most PER_CLIENT of them are one client's (its address, see `client_key`);
- a run whose client is not reading its result stream when its turn comes is dropped after
  LISTEN_GRACE seconds (space.endpoints.live), instead of training for two minutes for nobody.

Other endpoints keep the remaining places of Gradio's queue (QUEUE_MAX_SIZE in app.py).
"""
from __future__ import annotations

import math
import os

import gradio as gr

from models.operations.live.live_training import MAX_SECONDS
from space.compat import gradio_internals

LINE_SIZE = int(os.environ.get("LIVE_QUEUE_SIZE", "4"))
PER_CLIENT = int(os.environ.get("LIVE_RUNS_PER_CLIENT", "1"))
# Proxies in front of the app that append the client's address to X-Forwarded-For: on a Hugging Face
# Space (SPACE_ID is set) the client is the address its proxy appended; run locally, the socket's peer.
FORWARDED_HOPS = int(os.environ.get("FORWARDED_HOPS", "1" if os.environ.get("SPACE_ID") else "0"))
CONCURRENCY_ID = "train-live"  # the tab's runs and /train_live share one slot and one line


def client_key(headers, peer: str | None, hops: int = FORWARDED_HOPS) -> str:
    """Who sent a request: the address `hops` proxies from the end of X-Forwarded-For, else the peer.

    Entries further left are written by the client itself, so they are never trusted.
    """
    forwarded = [part.strip() for part in (headers.get("x-forwarded-for") or "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return peer or "unknown"


def key_of(request) -> str:
    """client_key of a fastapi or Gradio request."""
    client = getattr(request, "client", None)
    return client_key(request.headers, client.host if client else None)


def refusal(client: str, waiting: list[str], line_size: int = LINE_SIZE, per_client: int = PER_CLIENT) -> str | None:
    """Why a new run from `client` may not join a line of runs from `waiting` (their clients); None: it may."""
    mine = waiting.count(client)
    if mine >= per_client:
        return (f"you already have {mine} live run{'s' if mine > 1 else ''} waiting (at most {per_client} per "
                "visitor); wait for it to start, or cancel it first.")
    if len(waiting) >= line_size:
        minutes = math.ceil(MAX_SECONDS / 60)  # a place frees up when the run now training ends
        return f"{len(waiting)} live runs are waiting; try again in {minutes} minutes."
    return None


def _admit(request: gr.Request, inputs: int, seconds_at: int) -> list[dict]:
    """Gradio's validator answer: every input valid, or the refusal shown on `seconds` (the run's length)."""
    waiting = [key_of(r) for r in gradio_internals.waiting_requests(CONCURRENCY_ID)]
    reason = refusal(key_of(request), waiting)
    return [gr.validate(reason is None or i != seconds_at, reason or "") for i in range(inputs)]


# One validator per event, with the event's own parameters (Gradio calls it with the same inputs).
def admit_train_live(seconds, seed, dataset, request: gr.Request):
    return _admit(request, 3, 0)


def admit_gan_run(session, seconds, dataset, seed, lr, noise_dim, request: gr.Request):
    return _admit(request, 6, 1)


def admit_gan_start(session, seconds, dataset, seed, lr, noise_dim, started_at, paused_at, request: gr.Request):
    return _admit(request, 8, 1)


def admit_vae_run(session, seconds, dataset, seed, lr, request: gr.Request):
    return _admit(request, 5, 1)


def admit_vae_start(session, seconds, dataset, seed, lr, started_at, paused_at, request: gr.Request):
    return _admit(request, 7, 1)


def admit_lesson_run(lang, request: gr.Request):
    """The Lesson tab's live steps (7 and 10): their one input is the page's language, which shows a refusal."""
    return _admit(request, 1, 0)
