"""Awkward and broken uploads through gradio_client against the live server (see conftest.live_server).

Odd but valid images are answered; broken files get a clear message; the bomb is refused
without being decoded; the server answers the next request every time.
"""
import re
from pathlib import Path

import pytest
from gradio_client import handle_file
from PIL import Image, ImageFile

from bad_images import bomb_png, broken, usable
from benchmarks.load_test import rss_mb
from models.operations.common import preprocess as pp
from models.operations.common.preprocess import ImageInputError

IMAGE_ENDPOINTS = ["/classify", "/reconstruct", "/discriminate"]
GENERIC = "upstream Gradio app has raised an exception"
LEAKS = re.compile(r"Traceback|File \"|/tmp/|/work/|/root/|site-packages|\.py\b")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def assert_clear_refusal(error: Exception, expected: str) -> None:
    text = str(error)
    assert GENERIC not in text, text
    assert re.search(expected, text), f"expected /{expected}/ in: {text}"
    assert not LEAKS.search(text), f"the message leaks server details: {text}"


def still_serving(client) -> None:
    assert len(client.predict(seed=1, count=1, api_name="/sample_vae")) == 1, "the server must keep serving"


USABLE = ["wide-75-to-1", "tall-1-to-75", "16-bit", "cmyk-jpeg", "palette", "animated-gif", "transparent-rgba",
          "exif-rotated", "webp", "bmp"]


@pytest.mark.parametrize("name", USABLE)
def test_odd_but_valid_images_are_answered(client, corpus_dir, name):
    path, _ = usable(corpus_dir)[name]
    upload = handle_file(str(path))
    result = client.predict(upload, api_name="/classify")
    assert len(result["confidences"]) == 10
    assert sum(c["confidence"] for c in result["confidences"]) == pytest.approx(1.0, abs=1e-3)
    gallery = client.predict(upload, samples=1, api_name="/reconstruct")
    assert [g["caption"] for g in gallery] == ["model input", "mean reconstruction", "posterior sample 1"]
    assert Image.open(gallery[0]["image"]).size == (112, 112)
    judged = client.predict(upload, api_name="/discriminate")
    assert 0.0 <= judged["p_real"] <= 1.0


BROKEN = ["empty-file", "truncated-png", "truncated-jpeg", "text-as-png", "html-as-png", "svg-as-png",
          "pdf-as-png", "random-bytes", "one-pixel"]


@pytest.mark.parametrize("endpoint", IMAGE_ENDPOINTS)
@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_get_a_clear_error_and_the_server_keeps_serving(client, corpus_dir, name, endpoint):
    path, expected = broken(corpus_dir)[name]
    with pytest.raises(Exception) as caught:
        client.predict(handle_file(str(path)), api_name=endpoint)
    assert_clear_refusal(caught.value, expected)
    still_serving(client)


def test_the_corpus_names_every_case_it_generates(corpus_dir):
    """The parametrized lists above must not silently skip a case added to bad_images.py."""
    assert set(usable(corpus_dir)) == set(USABLE)
    assert set(broken(corpus_dir)) == set(BROKEN) | {"bomb-256-megapixels"}


def test_the_bomb_is_refused_on_every_endpoint_without_memory_growth(client, live_server_pid, tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    assert bomb.stat().st_size < 200_000, "a decompression bomb: small file, 256 megapixels"
    before = rss_mb(live_server_pid)
    for endpoint in IMAGE_ENDPOINTS:
        with pytest.raises(Exception) as caught:
            client.predict(handle_file(str(bomb)), api_name=endpoint)
        assert_clear_refusal(caught.value, r"too large: at most 40,000,000 pixels")
    grown_mb = rss_mb(live_server_pid) - before
    print(f"\nserver RSS growth over three 256-megapixel bombs: {grown_mb:.1f} MB")
    assert grown_mb < 100, f"decoding the bomb would need 256 MB; the server grew by {grown_mb:.0f} MB"
    still_serving(client)


@pytest.mark.parametrize("side", [6_500, 10_000, 16_000], ids=["42MP-our-cap", "100MP-PIL-warning", "256MP-PIL-error"])
def test_bombs_are_refused_before_any_pixel_is_decoded(monkeypatch, tmp_path, side):
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size))
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png(side))
    assert side * side > pp.MAX_PIXELS
    with pytest.raises(ImageInputError, match="too large"):
        pp.open_image(str(path))
    assert decoded == [], "the header alone must decide"


def test_a_small_image_of_the_same_kind_is_decoded(tmp_path):
    """The guard above is not a blanket refusal of such files."""
    path = tmp_path / "small.png"
    path.write_bytes(bomb_png(64))
    assert pp.open_image(str(path)).size == (64, 64)
