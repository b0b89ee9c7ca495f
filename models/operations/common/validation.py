"""Checks the public API's arguments; every message names the problem and what is accepted.

Pure Python (no Gradio): the app turns `InputError` into a `gr.Error` for the user.
"""
from __future__ import annotations

import math
import numbers
import re

SEED_MAX = 2**32 - 1  # what numpy and torch seeding both accept; also exact in JavaScript
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)  # a decimal: no nan, inf, hex, 1_000


from models.errors import InputError  # noqa: F401 (re-exported: the operations raise it from here)


def _integer(value, name: str, accepted: str) -> int:
    if isinstance(value, bool) or value is None:
        raise InputError(f"{name} must be an integer ({accepted}), got {value!r}.")
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit():
            return int(text)
        raise InputError(f"{name} must be an integer ({accepted}), got the text {value!r}.")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(value)
    raise InputError(f"{name} must be an integer ({accepted}), got {value!r}.")


def parse_int(value, name: str, low: int, high: int) -> int:
    accepted = f"{low} to {high}"
    number = _integer(value, name, accepted)
    if not low <= number <= high:
        raise InputError(f"{name} must be between {low} and {high}, got {number}.")
    return number


def parse_seed(value) -> int:
    return parse_int(value, "seed", 0, SEED_MAX)


def parse_label(value, class_names: list[str], dataset: str) -> str:
    """'any' or one of the dataset's class names (case does not matter); returns the canonical name."""
    accepted = ", ".join(["any", *class_names])
    if not isinstance(value, str):
        raise InputError(f"label must be a class name or 'any'; got {value!r}. Accepted for {dataset}: {accepted}.")
    if value.strip().casefold() == "any":
        return "any"
    name = class_name(value, class_names)
    if name is None:
        raise InputError(f"Unknown label {value!r} for {dataset}. Accepted: {accepted}.")
    return name


def class_name(value: str, class_names: list[str]) -> str | None:
    """The class `value` names, as the dataset spells it (case and surrounding spaces do not matter); None if none."""
    wanted = value.strip().casefold()
    return next((name for name in class_names if name.casefold() == wanted), None)


def parse_classes(value, class_names: list[str], dataset: str) -> list[str]:
    """Class names separated by commas (case does not matter; empty: every class), each once, in the
    order given; returns the canonical names."""
    accepted = f"{', '.join(class_names)}, separated by commas (empty: every class)"
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"classes must be text, got {value!r}. Accepted for {dataset}: {accepted}.")
    chosen = []
    for part in filter(str.strip, value.split(",")):
        name = class_name(part, class_names)
        if name is None:
            raise InputError(f"Unknown class {part.strip()!r} for {dataset}. Accepted: {accepted}.")
        chosen.append(name)
    return list(dict.fromkeys(chosen)) or list(class_names)


def parse_float(value, name: str, low: float, high: float) -> float:
    """A finite number from `low` to `high`: a number, or text that is one decimal number."""
    accepted = f"a number from {low:g} to {high:g}"
    if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
        number = float(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
    else:
        shown = f"the text {value!r}" if isinstance(value, str) else repr(value)
        raise InputError(f"{name} must be {accepted}, got {shown}.")
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{name} must be between {low:g} and {high:g}, got {value!r}.")
    return number
