"""Gradio's cache expires: every output file (images, GIFs, uploads) is deleted `age` seconds after it was
last handed out, so a long-running Space's disk stays bounded.

app.py passes `delete_cache=(EVERY, AGE)` to gr.Blocks, which makes Gradio sweep its cache on that
schedule. Gradio 6.31's sweep (gradio.route_utils.delete_files_created_by_app) iterates over each
Block's set of cached files while request threads add to it; a file added during a sweep raises
"Set changed size during iteration", and as the scheduled task does not catch it, the sweeping
stops for the rest of the process and the cache grows without bound again. It also keeps the
names of files already gone in those sets, and leaves every emptied `<hash>/` folder behind.

`sweep` replaces it (`install`): it walks a copy of each set (a set's copy is made in one step
under the GIL), deletes what is older than `age` by ctime as Gradio does (a cached file handed
out again is touched, see space/compat/cache_writes.write_once), forgets deleted and vanished files,
removes the emptied folders, and also expires the app's own files in `own_folders()` (the GIFs of
the Explore and Timeline tabs are written there, inside Gradio's cache).
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from gradio import route_utils

import space.compat.gradio_internals as gradio_internals  # (not "from space.compat": no import circle)

log = logging.getLogger(__name__)

# How often the cache is swept and how old (seconds since last handed out) a file may get.
# CACHE_MAX_AGE and CACHE_SWEEP_EVERY override them (benchmarks/cache_size.py uses a minute; 0: no expiry).
AGE = int(os.environ.get("CACHE_MAX_AGE", "3600"))
EVERY = int(os.environ.get("CACHE_SWEEP_EVERY", str(min(600, AGE))))
GIF_FOLDER = "genmodels-gifs"

_original = route_utils.delete_files_created_by_app


def delete_cache() -> tuple[int, int] | None:
    """gr.Blocks' `delete_cache` argument: (how often to sweep, how old a file may get), in seconds;
    None (no expiry, Gradio's default) when CACHE_MAX_AGE is 0: the cache benchmark's baseline."""
    return (max(1, EVERY), AGE) if AGE > 0 else None


def gif_folder() -> Path:
    """Where the app writes its GIFs: inside Gradio's cache, so they are served and expire like its own files."""
    return gradio_internals.upload_folder() / GIF_FOLDER


def own_folders() -> list[Path]:
    return [gif_folder()]


def _expired(path: str | Path, age: float | None, now: float) -> bool:
    return age is None or now - Path(path).lstat().st_ctime > age


def _remove(path: str | Path, root: Path) -> None:
    """Deletes a file, then its folder if that is now empty and inside Gradio's cache (not the cache itself)."""
    os.remove(path)
    folder = Path(path).parent
    if folder != root and root in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            pass


def sweep(blocks, age: int | None, now: float | None = None) -> int:
    """Deletes the app's cached files older than `age` seconds (all of them if `age` is None); returns how many."""
    now = time.time() if now is None else now
    root = gradio_internals.upload_folder()
    keep: set[str] = set()
    for component in list(blocks.blocks.values()):
        keep.update(getattr(component, "keep_in_cache", set()))
    removed = 0
    for files in list(blocks.temp_file_sets):
        for name in files.copy():  # the set itself may grow while this runs
            if name in keep:
                continue
            try:
                if _expired(name, age, now):
                    _remove(name, root)
                    removed += 1
                else:
                    continue
            except FileNotFoundError:
                pass  # gone already: forget it too
            files.discard(name)
    for folder in own_folders() if age is not None else []:  # shared by processes: each expires by age only
        for path in list(folder.glob("*")) if folder.is_dir() else []:
            try:
                if path.is_file() and _expired(path, age, now):
                    os.remove(path)
                    removed += 1
            except FileNotFoundError:
                pass
    return removed


def guarded_sweep(blocks, age: int | None) -> None:
    """What Gradio's schedule calls: a failed sweep is logged and the next one runs as planned."""
    try:
        removed = sweep(blocks, age)
        log.debug("cache sweep: %d files deleted", removed)
    except Exception:  # noqa: BLE001 - never let one sweep end the schedule
        log.exception("cache sweep failed; the next one runs as scheduled")


def problems() -> list[str]:
    """Gradio's schedule must still call the sweep by its module-level name, so that replacing it takes effect."""
    found = []
    for caller in (route_utils.delete_files_on_schedule, route_utils._lifespan_handler):
        code = getattr(caller, "__wrapped__", caller).__code__
        names = set(code.co_names) | {n for c in code.co_consts if hasattr(c, "co_names") for n in c.co_names}
        if "delete_files_created_by_app" not in names:
            found.append(f"gradio.route_utils.{caller.__name__} no longer calls delete_files_created_by_app")
    return found


def install() -> None:
    route_utils.delete_files_created_by_app = guarded_sweep


def uninstall() -> None:
    route_utils.delete_files_created_by_app = _original
