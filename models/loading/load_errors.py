"""Says which file of a model folder is wrong and how, from the exception that loading it raised.

PyTorch and safetensors report these problems in their own terms ("incomplete metadata",
fifty lines of "size mismatch for body.0.0.weight"); whoever deploys the app needs the
file's name, what is wrong with it, and the first concrete detail.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

MISMATCH = re.compile(r"size mismatch for (\S+): copying a param with shape torch\.Size\((\[.*?\])\) from checkpoint, "
                      r"the shape in current model is torch\.Size\((\[.*?\])\)")
KEYS = re.compile(r"(Missing key\(s\)|Unexpected key\(s\)) in state_dict: (.*)")


def _state_dict_problem(text: str) -> str | None:
    mismatches = MISMATCH.findall(text)
    if mismatches:
        name, stored, built = mismatches[0]
        more = f" (and {len(mismatches) - 1} more tensors)" if len(mismatches) > 1 else ""
        return f"{name} is {stored} in the weights but {built} in the model config.json describes{more}"
    keys = KEYS.search(text)
    if keys:
        names = keys.group(2).split(", ")
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return f"{keys.group(1).lower()} {shown}".replace('"', "")
    return None


def explain(folder: Path, kind: str, err: Exception) -> str:
    """One sentence naming the file at fault and the problem, for WeightsError."""
    weights, config = folder / "model.safetensors", folder / "config.json"
    detail = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    if isinstance(err, json.JSONDecodeError):
        return f"{config} is not valid JSON ({err}); cannot build the {kind}"
    if type(err).__name__ == "SafetensorError" or "deserializ" in str(err).lower():
        return f"{weights} is corrupt or truncated and could not be loaded as a {kind}: not a readable safetensors file ({detail})"
    problem = _state_dict_problem(str(err))
    if problem:
        return f"{config} does not match the weights in {weights}: {problem}"
    if isinstance(err, TypeError):
        return f"{config} does not describe a {kind} ({detail})"
    return f"{weights} (with its config.json) could not be loaded as a {kind}: {detail}"
