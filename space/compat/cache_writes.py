"""Output images reach Gradio's cache atomically, so concurrent visitors never download half a file.

Gradio 6.31 saves every output image to `<cache>/<hash of its bytes>/image.png` with a plain
`write_bytes`, which truncates the file first. Two requests with an identical output (the
same upload's "model input", say) therefore rewrite the same file while a client of the
first one is downloading it, and that client gets a truncated or empty body (seen in the
load test: "peer closed connection without sending complete message body"). Here the bytes
go to a temporary file next to it and are renamed into place; a file already there is
complete and identical (its folder is named by the hash of its bytes), so it is kept.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gradio import processing_utils

_original = processing_utils.save_pil_to_cache


def save_pil_to_cache_atomically(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
    data = processing_utils.encode_pil_to_bytes(img, format)
    folder = Path(cache_dir) / processing_utils.hash_bytes(data)
    folder.mkdir(exist_ok=True, parents=True)
    return str(write_once(folder / f"{name}.{format}", data))


def write_once(target: Path, data: bytes) -> Path:
    """Writes `data` to `target` through a temporary file of its own and an atomic rename, unless
    `target` exists (callers name files by their content's hash, so an existing one is identical;
    it is touched instead, so that the cache's expiry counts from now).
    Each writer has its own temporary name, so identical concurrent writes never share one."""
    target = Path(target).resolve()
    if target.exists():
        try:  # handed out again: its age (ctime, space/compat/cache_expiry.py) starts again
            os.utime(target)
        except OSError:
            pass
    else:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".part")
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o644)  # as write_bytes would have made it
        os.replace(temporary, target)  # atomic: readers see the old name's file or the whole new one
    return target


def install() -> None:
    """Gradio's components look the function up on the module at each call, so replacing it there suffices."""
    processing_utils.save_pil_to_cache = save_pil_to_cache_atomically


def uninstall() -> None:
    processing_utils.save_pil_to_cache = _original
