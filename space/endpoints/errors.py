"""The one place where a failure becomes the user's message: every endpoint and UI handler uses it.

InputError (a bad argument) is shown as it is; WeightsError (a model's files) and a missing dataset
file are named as such and logged; anything else is logged with its traceback and summarised, so
nothing reaches a client as a traceback and the server keeps serving.
"""
from __future__ import annotations

import functools
import html
import logging

import gradio as gr

from models.errors import InputError, WeightsError

log = logging.getLogger(__name__)
ERROR_SECONDS = 6  # an error toast goes away by itself instead of covering the controls until closed


def _error(message: str, title: str, **kwargs) -> gr.Error:
    return gr.Error(html.escape(message, quote=False), title=title, duration=ERROR_SECONDS, **kwargs)


def user_message(err: Exception, where: str) -> gr.Error:
    """The gr.Error a visitor or client sees for `err`, raised in the function named `where`."""
    if isinstance(err, gr.Error):
        return err
    if isinstance(err, InputError):
        return _error(str(err), "Invalid input", print_exception=False)
    if isinstance(err, WeightsError):
        log.error("%s: %s", where, err)
        return _error(f"Model not available: {err}", "Model error")
    if isinstance(err, FileNotFoundError):  # a dataset's files are not on this server (Train live)
        log.error("%s: %s", where, err)
        return _error(f"Live training needs the dataset's files: {err}", "Data not available", print_exception=False)
    log.exception("unexpected error in %s", where)
    return _error(f"Unexpected error in {where} ({type(err).__name__}: {err}). "
                  "The server is still running; please report this.", "Internal error", print_exception=False)


def user_errors(fn):
    """Runs `fn` with every failure turned into its user_message."""

    @functools.wraps(fn)  # keeps the signature: Gradio names the API parameters after it
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            raise user_message(err, fn.__name__) from None

    return wrapper
