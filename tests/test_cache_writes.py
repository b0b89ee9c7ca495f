"""Output images are written to Gradio's cache atomically (space/compat/cache_writes.py)."""
import os
import threading

import pytest
from gradio import processing_utils
from PIL import Image, ImageDraw

from space.compat import cache_writes


@pytest.fixture
def installed():
    cache_writes.install()
    yield
    cache_writes.uninstall()


def picture(seed: int = 0) -> Image.Image:
    img = Image.new("L", (112, 112))
    ImageDraw.Draw(img).ellipse((10 + seed % 50, 10, 90, 100), fill=200)
    return img


def test_install_replaces_what_gradio_components_call(installed):
    assert processing_utils.save_pil_to_cache is cache_writes.save_pil_to_cache_atomically


def test_same_result_as_gradio_and_no_leftovers(installed, tmp_path):
    path = processing_utils.save_pil_to_cache(picture(), str(tmp_path), format="png")
    expected = cache_writes._original(picture(), str(tmp_path / "gradio"), format="png")
    assert open(path, "rb").read() == open(expected, "rb").read()
    assert [p.name for p in (tmp_path).glob("*/*") if p.suffix == ".part"] == []


def test_an_existing_identical_file_is_not_rewritten(installed, tmp_path):
    """Gradio's own function truncates and rewrites it, which a concurrent download sees half-written.
    It is touched instead: handed out again, its age in the cache (space/compat/cache_expiry.py) starts again."""
    path = processing_utils.save_pil_to_cache(picture(), str(tmp_path), format="png")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = os.stat(path).st_ino
    assert processing_utils.save_pil_to_cache(picture(), str(tmp_path), format="png") == path
    assert os.stat(path).st_ino == inode  # the same file, not a new one renamed into place
    assert os.stat(path).st_mtime_ns > 1_000_000_000


def test_concurrent_writers_never_expose_a_partial_file(installed, tmp_path):
    expected = open(processing_utils.save_pil_to_cache(picture(7), str(tmp_path / "reference"), format="png"), "rb").read()
    cache = str(tmp_path / "cache")
    path = processing_utils.save_pil_to_cache(picture(7), cache, format="png")
    os.remove(path)  # the folder exists, the file does not: writers race to create it
    seen, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                seen.append(open(path, "rb").read())
            except FileNotFoundError:
                pass

    def write():
        for _ in range(30):
            processing_utils.save_pil_to_cache(picture(7), cache, format="png")

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write) for _ in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    reader.join()
    assert seen and all(content == expected for content in seen)


def test_identical_concurrent_gif_writes_never_share_a_temporary_file(tmp_path, monkeypatch):
    """The explore GIFs go through the same safe write: each writer has its own temporary name."""
    from space.compat import cache_expiry
    from space.endpoints import explore as endpoints_explore

    monkeypatch.setattr(cache_expiry, "gif_folder", lambda: tmp_path)
    data = os.urandom(2_000_000)
    temporaries = []
    real_mkstemp = cache_writes.tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        handle, name = real_mkstemp(*args, **kwargs)
        temporaries.append(name)
        return handle, name

    monkeypatch.setattr(cache_writes.tempfile, "mkstemp", recording_mkstemp)
    start = threading.Barrier(8)
    paths = []

    def write():
        start.wait()
        paths.append(endpoints_explore.gif_file(data, "walk"))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 1 and open(paths[0], "rb").read() == data
    assert len(set(temporaries)) == len(temporaries), "two writers shared a temporary file"
    assert list(tmp_path.glob("*.part")) == []
