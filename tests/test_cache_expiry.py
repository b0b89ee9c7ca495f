"""space/compat/cache_expiry.py: Gradio's cache sweep, old files deleted, new ones kept, safe while files are added."""
from __future__ import annotations

import os
import threading
import time
from types import SimpleNamespace

import pytest
from gradio import route_utils

from space.compat import cache_expiry


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A Gradio cache folder of our own, and the app's GIF folder inside it."""
    monkeypatch.setattr(cache_expiry.gradio_internals, "upload_folder", lambda: tmp_path)
    return tmp_path


def cached_file(root, name: str) -> str:
    """<root>/<hash>/<name>, as Gradio lays its cache out (its age is set by the sweep's `now`)."""
    path = root / f"{abs(hash(name)):x}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 100)
    return str(path)


def blocks_with(*sets, keep=()):
    component = SimpleNamespace(keep_in_cache=set(keep))
    return SimpleNamespace(blocks={1: component}, temp_file_sets=list(sets))


def test_old_files_are_deleted_and_forgotten_kept_ones_spared(cache):
    old, kept = cached_file(cache, "old.png"), cached_file(cache, "example.png")
    gone = str(cache / "vanished" / "x.png")  # in the set, already deleted by someone else
    files = {old, kept, gone}
    gif = cache_expiry.gif_folder()
    gif.mkdir()
    (gif / "walk-old.gif").write_bytes(b"gif")
    removed = cache_expiry.sweep(blocks_with(files, keep=[kept]), age=50, now=time.time() + 100)
    assert removed == 2 and files == {kept} and os.path.exists(kept)
    assert not os.path.exists(old) and not os.path.isdir(os.path.dirname(old))  # its emptied <hash>/ folder too
    assert not (gif / "walk-old.gif").exists() and gif.is_dir()


def test_files_younger_than_the_age_stay(cache):
    young = cached_file(cache, "young.png")
    files = {young}
    assert cache_expiry.sweep(blocks_with(files), age=3600) == 0
    assert files == {young} and os.path.exists(young)


def test_age_none_deletes_every_tracked_file_but_not_other_processes_gifs(cache):
    files = {cached_file(cache, "a.png"), cached_file(cache, "b.png")}
    gif = cache_expiry.gif_folder()
    gif.mkdir()
    (gif / "shared.gif").write_bytes(b"gif")  # another server may have just handed it out
    assert cache_expiry.sweep(blocks_with(files), age=None) == 2
    assert files == set() and (gif / "shared.gif").exists()


def sweep_while_adding(sweep, cache, adds: int = 20_000) -> list[BaseException]:
    """Sweeps over and over while another thread adds `adds` names to the set being swept (names of files
    not on disk: the sweep stats each one, which lets the adding thread run in between, as requests do)."""
    files = {cached_file(cache, f"old-{i}.png") for i in range(500)}
    blocks, errors = blocks_with(files), []

    def add():
        for i in range(adds):
            files.add(str(cache / f"added-{i}.png"))

    thread = threading.Thread(target=add)
    thread.start()
    while thread.is_alive() and not errors:
        try:
            sweep(blocks, 0)
        except RuntimeError as err:
            errors.append(err)
    thread.join()
    return errors


def test_files_added_during_a_sweep_do_not_break_it(cache):
    assert sweep_while_adding(cache_expiry.sweep, cache) == []


def test_gradios_own_sweep_breaks_when_files_are_added_meanwhile(cache):
    """Why the hook exists: Gradio 6.31's sweep walks the live set. If a later Gradio copies it, this test
    fails, and the hook (space/compat/__init__.py, "cache-expiry") may go."""
    errors = sweep_while_adding(cache_expiry._original, cache)
    assert errors and "Set changed size during iteration" in str(errors[0])


def test_install_replaces_the_function_gradios_schedule_calls():
    cache_expiry.install()
    try:
        assert route_utils.delete_files_created_by_app is cache_expiry.guarded_sweep
        assert cache_expiry.problems() == []
    finally:
        cache_expiry.uninstall()
    assert route_utils.delete_files_created_by_app is cache_expiry._original


def test_a_failing_sweep_is_logged_and_the_schedule_goes_on(caplog):
    broken = SimpleNamespace(blocks=None, temp_file_sets=[])  # .values() fails
    cache_expiry.guarded_sweep(broken, 10)
    assert "cache sweep failed" in caplog.text


def test_a_gif_handed_out_again_is_there_even_after_a_sweep_deleted_it(cache, monkeypatch):
    """The timeline's GIF is computed once per process; its file is written again (or touched) at every call,
    so a path handed out never names a file the expiry already deleted."""
    from space.endpoints import explore as endpoints_explore
    monkeypatch.setattr(endpoints_explore.timeline, "animation", lambda frames: b"GIF89a-frames")
    endpoints_explore._timeline_gif_bytes.cache_clear()
    files = ((1, "grid-1.png", 1.0),)
    first = endpoints_explore._timeline_gif(files)
    assert first.startswith(str(cache_expiry.gif_folder()))
    cache_expiry.sweep(blocks_with({first}), age=0, now=time.time() + 1)
    assert not os.path.exists(first)
    assert endpoints_explore._timeline_gif(files) == first and open(first, "rb").read() == b"GIF89a-frames"
    os.utime(first, (1, 1))
    endpoints_explore._timeline_gif(files)
    assert os.stat(first).st_mtime > 1  # touched: its expiry counts from this call
    endpoints_explore._timeline_gif_bytes.cache_clear()


def test_the_apps_cache_empties_after_the_load_and_no_answer_is_lost(tmp_path, processes):
    """benchmarks/cache_size.py, small: every endpoint and a live run against app.py with a 15 s expiry;
    every answer's files could be fetched (none deleted too early) and the cache is back to its kept files."""
    from benchmarks import cache_size
    result = cache_size.main(["--calls", "42", "--live-runs", "1", "--live-seconds", "3", "--max-age", "15",
                              "--every", "3", "--sample", "2", "--out-dir", str(tmp_path)])
    assert result["errors"] == 0, result["error_examples"]
    assert result["files_ever"] > 100  # every endpoint's outputs were written there
    assert result["after"]["files"] < 0.1 * result["files_ever"]
    assert result["after"]["folders"] <= result["after"]["files"] + 2  # the emptied <hash>/ folders went too
