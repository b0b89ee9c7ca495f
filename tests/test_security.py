"""Nothing leaks: Gradio's file route serves only uploads, outputs and examples/, and Hub downloads can be pinned.

Requests go through http.client, which sends the path exactly as written (httpx and
browsers would resolve `../` before sending, hiding the traversal from the server).
"""
import http.client
from pathlib import Path
from urllib.parse import quote, urlparse

import httpx
import pytest

from conftest import EXAMPLES, REPO
from models.loading import loader
from test_api_misuse import call_http

SECRETS = ["/etc/passwd", "/proc/self/environ", str(REPO / "app.py"), str(REPO / "weights/fashion-mnist-gan/config.json"),
           str(REPO / "weights/fashion-mnist-gan/model.safetensors"), str(REPO / ".git/config"), "app.py",
           "weights/fashion-mnist-vae/config.json"]


def raw_get(base_url: str, path: str) -> tuple[int, bytes]:
    url = urlparse(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def refused(status: int, body: bytes) -> bool:
    return status in (400, 403, 404) and b"root:" not in body and b"HF_HUB_OFFLINE" not in body


def uploaded_path(base_url: str) -> str:
    with open(EXAMPLES / "test-0000-ankle-boot.png", "rb") as f:
        response = httpx.post(f"{base_url}gradio_api/upload", files={"files": ("boot.png", f)}, timeout=30)
    response.raise_for_status()
    return response.json()[0]


def test_uploads_and_examples_are_served(live_server):
    """The route works, so the refusals below are refusals and not a broken route."""
    for path in (str(EXAMPLES / "test-0000-ankle-boot.png"), uploaded_path(live_server)):
        status, body = raw_get(live_server, "/gradio_api/file=" + quote(path))
        assert status == 200 and body.startswith(b"\x89PNG"), path


@pytest.mark.parametrize("secret", SECRETS)
def test_files_outside_the_allowed_folders_are_refused(live_server, secret):
    for path in (secret, quote(secret, safe=""), "file://" + secret):
        status, body = raw_get(live_server, "/gradio_api/file=" + path)
        assert refused(status, body), (path, status, body[:200])


@pytest.mark.parametrize("template", [
    "{examples}/../app.py", "{examples}/..%2Fapp.py", "{examples}/%2e%2e/%2e%2e/etc/passwd",
    "{upload}/../../../../etc/passwd", "{upload}/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "../../../../etc/passwd",
    "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "{examples}/../weights/fashion-mnist-gan/config.json",
    "{examples}/./../.git/config", "{examples}\\..\\app.py",
])
def test_traversal_out_of_allowed_folders_is_refused(live_server, template):
    upload_dir = str(Path(uploaded_path(live_server)).parent)
    path = template.format(examples=EXAMPLES, upload=upload_dir)
    for prefix in ("/gradio_api/file=", "/file="):
        status, body = raw_get(live_server, prefix + path)
        assert refused(status, body), (prefix + path, status, body[:200])


@pytest.mark.parametrize("secret", ["/etc/passwd", str(REPO / "app.py"), str(EXAMPLES / "test-0000-ankle-boot.png"),
                                    "../../../etc/passwd"])
def test_a_payload_naming_a_server_file_is_not_read(live_server, secret):
    """A script can put any path in the image payload; Gradio must not hand that file to our function.

    Even the example images are refused here: they are served for display, not as inputs by path.
    """
    body = '{"data": [{"path": "%s", "meta": {"_type": "gradio.FileData"}}, "fashion-mnist"]}' % secret
    event, data = call_http(live_server, "classify", body)
    assert event == "error", data  # a classification would mean the file was opened
    assert "root:" not in str(data)


def test_allowed_paths_are_only_the_examples():
    source = (REPO / "app.py").read_text()
    assert source.count("allowed_paths=") == 1 and "allowed_paths=[str(EXAMPLES_DIR)]" in source
    assert 'EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"' in source


def test_a_pinned_revision_reaches_huggingface_hub(monkeypatch):
    """<DATASET>_<KIND>_REVISION pins each download to a commit, for both the Hub and the cache lookup."""
    calls = []

    def fake_snapshot_download(repo_id, **kwargs):
        calls.append((repo_id, kwargs.get("revision"), kwargs.get("local_files_only", False)))
        return str(loader.bundled_folder("fashion-mnist", repo_id.rsplit("-", 1)[1]))

    pinned = "0123456789abcdef0123456789abcdef01234567"
    monkeypatch.setattr(loader, "snapshot_download", fake_snapshot_download)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(loader.hub_constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setitem(loader._hub_state, "gave_up", False)
    monkeypatch.setenv("FASHION_MNIST_GAN_REVISION", pinned)
    monkeypatch.delenv("FASHION_MNIST_CLASSIFIER_REVISION", raising=False)
    _, origins = loader._locate("fashion-mnist", ["classifier", "gan"])
    assert ("genmodels-intro/fashion-mnist-gan", pinned, False) in calls
    assert ("genmodels-intro/fashion-mnist-classifier", None, False) in calls
    assert origins["gan"].endswith("@" + pinned)
    calls.clear()
    loader._from_hub_cache("fashion-mnist", "gan")
    assert calls == [("genmodels-intro/fashion-mnist-gan", pinned, True)], "the offline cache must honour the pin too"
