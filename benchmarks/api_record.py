"""Records the app's public API and one answer per endpoint, for the no-op app to replay.

The record is a folder: `api.json` (per endpoint: parameters with their component and
default, output components, and the answer; endpoints that failed, with the error) and
the answers' files. The no-op app built
from it has the same api_names, parameter names, defaults and component types, and
answers with the same data and files, so comparing the two isolates what app.py adds.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from benchmarks.calls import Caller

SPEC = "api.json"


def _keep_file(path: str, folder: Path, stem: str) -> str:
    name = f"{stem}{Path(path).suffix}"
    shutil.copyfile(path, folder / name)
    return name


def _portable(component: str, value, folder: Path, stem: str):
    """An answer as JSON the no-op can return: files copied into the record, labels as {class: p}."""
    if value is None:
        return None
    if component == "Gallery":
        return [{"file": _keep_file(item["image"], folder, f"{stem}-{i}"), "caption": item.get("caption")}
                for i, item in enumerate(value)]
    if component == "Image":
        return {"file": _keep_file(value, folder, stem)}
    if component == "Label":
        return {c["label"]: c["confidence"] for c in value.get("confidences", [])} or value.get("label")
    return value


def record_api(url: str, folder: Path) -> Path:
    """Calls every endpoint of the server at `url` once (seed 0) and writes the record; returns api.json's path.

    An endpoint that answers with an error (e.g. a model file not made yet) is left out of
    `endpoints` and listed under `skipped` with the message.
    """
    folder.mkdir(parents=True, exist_ok=True)
    caller = Caller(url)
    spec, skipped = {}, {}
    for endpoint in caller.endpoints:
        returns = caller.returns[endpoint]
        try:
            answer = caller.call(endpoint, seed=0)
        except Exception as err:
            skipped[endpoint] = f"{type(err).__name__}: {err}"[:300]
            continue
        answer = [answer] if len(returns) == 1 else list(answer)
        stem = endpoint.strip("/")
        spec[endpoint] = {
            "parameters": [{"name": p["parameter_name"], "component": p["component"],
                            "default": p["parameter_default"] if p["parameter_has_default"] else None}
                           for p in caller.parameters[endpoint]],
            "returns": [{"component": c, "value": _portable(c, v, folder, f"{stem}-{k}")}
                        for k, (c, v) in enumerate(zip(returns, answer))],
        }
    path = folder / SPEC
    path.write_text(json.dumps({"endpoints": spec, "skipped": skipped}, indent=1))
    return path
