"""Checks the public API's arguments; every message names the problem and what is accepted.

Pure Python (no Gradio): the app turns `InputError` into a `gr.Error` for the user.
"""
from __future__ import annotations

import math
import numbers
import re

SEED_MAX = 2**32 - 1  # what numpy and torch seeding both accept; also exact in JavaScript
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)  # a decimal: no nan, inf, hex, 1_000
INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)  # ASCII digits only: int() would also take "١٢" and refuse "²"
# A decimal written with more characters than this is refused by its length, before it is converted
# (Python refuses to convert integer text of more than 4300 digits, and the work grows with the length).
MAX_NUMBER_TEXT = 64


from models.errors import ECHO_CHARS, InputError, shown  # noqa: F401 (re-exported: the operations raise them from here)


def _integer(value, name: str, low: int, high: int) -> int:
    accepted = f"{low} to {high}"
    if isinstance(value, bool) or value is None:
        raise InputError(f"{name} must be an integer ({accepted}), got {shown(value)}.")
    if isinstance(value, str):
        text = value.strip()
        if INTEGER.fullmatch(text):
            digits = text.lstrip("+-").lstrip("0")
            if len(digits) > max(len(str(abs(low))), len(str(abs(high)))):  # by its length, before converting
                raise InputError(f"{name} must be between {low} and {high}, got a number of {len(digits):,} digits.")
            return -int(digits or "0") if text.startswith("-") else int(digits or "0")
        raise InputError(f"{name} must be an integer ({accepted}), got the text {shown(value)}.")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(value)
    raise InputError(f"{name} must be an integer ({accepted}), got {shown(value)}.")


def parse_int(value, name: str, low: int, high: int) -> int:
    number = _integer(value, name, low, high)
    if not low <= number <= high:
        raise InputError(f"{name} must be between {low} and {high}, got {shown(number)}.")
    return number


def parse_seed(value) -> int:
    return parse_int(value, "seed", 0, SEED_MAX)


def parse_label(value, class_names: list[str], dataset: str) -> str:
    """'any' or one of the dataset's class names (case does not matter); returns the canonical name."""
    accepted = ", ".join(["any", *class_names])
    if not isinstance(value, str):
        raise InputError(f"label must be a class name or 'any'; got {shown(value)}. Accepted for {dataset}: {accepted}.")
    if value.strip().casefold() == "any":
        return "any"
    name = class_name(value, class_names)
    if name is None:
        raise InputError(f"Unknown label {shown(value)} for {dataset}. Accepted: {accepted}.")
    return name


def class_name(value: str, class_names: list[str]) -> str | None:
    """The class `value` names, as the dataset spells it (case and surrounding spaces do not matter); None if none."""
    wanted = value.strip().casefold()
    return next((name for name in class_names if name.casefold() == wanted), None)


def parse_classes(value, class_names: list[str], dataset: str) -> list[str]:
    """Class names separated by commas (case does not matter; empty: every class), each once, in the
    order given; returns the canonical names."""
    accepted = f"{', '.join(class_names)}, separated by commas in classes (empty: every class)"
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"classes must be text, got {shown(value)}. Accepted for {dataset}: {accepted}.")
    chosen = []
    for part in filter(str.strip, value.split(",")):
        name = class_name(part, class_names)
        if name is None:
            raise InputError(f"Unknown class {shown(part.strip())} for {dataset}. Accepted: {accepted}.")
        chosen.append(name)
    return list(dict.fromkeys(chosen)) or list(class_names)


def parse_float(value, name: str, low: float, high: float) -> float:
    """A finite number from `low` to `high`: a number, or text that is one decimal number."""
    accepted = f"a number from {low:g} to {high:g}"
    if isinstance(value, str) and len(value) > MAX_NUMBER_TEXT:
        raise InputError(f"{name} must be {accepted}, got a text of {len(value):,} characters "
                         f"(at most {MAX_NUMBER_TEXT}).")
    if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
        number = float(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = real_to_float(value)
    else:
        described = f"the text {shown(value)}" if isinstance(value, str) else shown(value)
        raise InputError(f"{name} must be {accepted}, got {described}.")
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{name} must be between {low:g} and {high:g}, got {shown(value)}.")
    return number


def real_to_float(value: numbers.Real) -> float:
    """float(value), with integers too large for a float becoming +-infinity instead of OverflowError."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
