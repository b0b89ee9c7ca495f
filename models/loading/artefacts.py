"""Files that travel with a model's weights (training records, maps, metrics), found next to them.

A family loaded from the Hub has its folders in huggingface_hub's cache; an older Hub copy
may lack a file the bundled folder has, so the bundled folder is the second place to look.
"""
from __future__ import annotations

import json
from pathlib import Path

from models.datasets import weights_folder as bundled_folder
from models.loading.loader import Family


def folders(family: Family, kind: str) -> list[Path]:
    """Where `kind`'s files may be, in order: the folder it was loaded from, then the bundled one."""
    places = [Path(family.folders[kind])] if kind in family.folders else []
    bundled = bundled_folder(family.dataset, kind)
    return places + [bundled] if bundled not in places else places


def find_file(family: Family, kind: str, relative: str) -> Path | None:
    for folder in folders(family, kind):
        if (folder / relative).is_file():
            return folder / relative
    return None


def find_all(family: Family, kind: str, pattern: str) -> list[Path]:
    """Files matching a glob in the first folder that has any, sorted by name."""
    for folder in folders(family, kind):
        found = sorted(folder.glob(pattern))
        if found:
            return found
    return []


def read_json(family: Family, kind: str, relative: str):
    """The parsed JSON file, or None when no folder has it."""
    path = find_file(family, kind, relative)
    return None if path is None else json.loads(path.read_text())
