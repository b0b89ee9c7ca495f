"""The four attacks of issue 33, reproduced through the public API of `python app.py`, and shown to fail.

1. 65 queued 120-second live runs took every place of the shared queue: now they get a short line
   of their own, one waiting run per client, and runs nobody listens to are dropped.
2. An image argument naming a server file (without Gradio's `meta`) was opened and sent back.
3. A FIFO as the image held the workers until someone wrote to it.
4. 5,000-digit numbers gave an internal error; a 100 KB class list was echoed whole.
"""
import os
import threading
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from conftest import EXAMPLES, REPO, app_env, free_port, stop, wait_until_up
from test_api_misuse import call_http
from test_security import uploaded_path

BOOT = EXAMPLES / "test-0000-ankle-boot.png"
META = {"_type": "gradio.FileData"}
# every public endpoint that takes an image, and where its image parameters are (the rest: defaults)
IMAGE_ENDPOINTS = {"classify": ["image"], "discriminate": ["image"], "classify_generative": ["image"],
                   "reconstruct_as_class": ["image"], "latent_map": ["image"], "reconstruct": ["image"],
                   "interpolate_images": ["image_a", "image_b"]}
REFUSED = "must be a file uploaded to this server"


def post(url: str, api: str, data: list, client_address: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": client_address} if client_address else {}
    return httpx.post(f"{url}gradio_api/call/{api}", json={"data": data}, headers=headers, timeout=60)


def image_call(url: str, api: str, payload: dict, position: int = 0) -> tuple[str, dict, float]:
    """Calls `api` with `payload` as its image (the other image, if any, a real upload)."""
    images = [{"path": uploaded_path(url), "meta": META} for _ in IMAGE_ENDPOINTS[api]]
    images[position] = payload
    started = time.monotonic()
    event, data = call_http(url, api, json_body(images))
    return event, data, time.monotonic() - started


def json_body(data: list) -> str:
    import json
    return json.dumps({"data": data})


# 2. server paths ---------------------------------------------------------------------------------

@pytest.mark.parametrize("api", IMAGE_ENDPOINTS)
def test_a_server_path_without_meta_gets_an_error_naming_the_image_and_no_pixels(live_server, api):
    for position, name in enumerate(IMAGE_ENDPOINTS[api]):
        for secret in (str(BOOT), "/etc/passwd", str(REPO / "docs" / "screenshot.png")):
            event, data, _ = image_call(live_server, api, {"path": secret}, position)
            assert event == "error" and data["error"].startswith(f"{name} {REFUSED}"), (api, secret, data)
            assert "root:" not in str(data)


@pytest.mark.parametrize("payload, message", [
    ({"path": str(BOOT), "meta": META}, f"image {REFUSED}"),  # never uploaded: was {"error": null}
    ({"path": "http://127.0.0.1:9/a.png", "meta": META}, "image: the URL 'http://127.0.0.1:9/a.png' could not be fetched"),
    ({"path": "http://10.0.0.1/a.png"}, 'image: a URL must come with "meta"'),
])
def test_paths_and_urls_gradio_refuses_get_an_error_naming_the_image(live_server, payload, message):
    event, data, _ = image_call(live_server, "classify", payload)
    assert event == "error" and data["error"].startswith(message), data


# 3. FIFOs and links in the upload folder -----------------------------------------------------------

def test_a_fifo_is_refused_at_once_and_both_workers_stay_free(live_server, tmp_path):
    upload_folder = Path(uploaded_path(live_server)).parent.parent  # <upload folder>/<hash>/boot.png
    inside = upload_folder / f"attack-{os.getpid()}-{time.monotonic_ns()}"
    inside.mkdir()
    try:
        fifos = [tmp_path / "outside.png", inside / "inside.png"]
        for fifo in fifos:
            os.mkfifo(fifo)
        (inside / "link.png").symlink_to("/etc/passwd")  # a link out of the folder
        payloads = [{"path": str(fifos[0])}, {"path": str(fifos[1]), "meta": META}, {"path": str(fifos[1])},
                    {"path": str(inside / "link.png"), "meta": META}]
        results = [None] * len(payloads)

        def attack(i):
            results[i] = image_call(live_server, "classify", payloads[i])

        threads = [threading.Thread(target=attack, args=(i,)) for i in range(len(payloads))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for event, data, seconds in results:
            assert event == "error" and data["error"].startswith(f"image {REFUSED}"), data
            assert seconds < 60, "refused at once, not when something writes to the FIFO"
        answer = Client(live_server, verbose=False).predict(handle_file(str(BOOT)), api_name="/classify")
        assert answer["label"] == "Ankle boot", "the workers are free"
    finally:
        for path in inside.iterdir():
            path.unlink()
        inside.rmdir()


# 4. numbers as long text, a long class list -----------------------------------------------------

@pytest.mark.parametrize("api, data, name", [
    ("train_live", ["9" * 5000, 0, "fashion-mnist"], "seconds"),
    ("generate", ["9" * 5000], "seed"),
    ("sample_vae", [0, "1" * 5000], "count"),
    ("reconstruct", [{"path": "{upload}", "meta": META}, "7" * 5000], "samples"),
    ("reconstruct_as_class", [{"path": "{upload}", "meta": META}, "fashion-mnist", "x" * 100_000], "classes"),
])
def test_5000_digits_and_100_kb_of_classes_get_short_errors_naming_the_parameter(live_server, api, data, name):
    data = [dict(v, path=uploaded_path(live_server)) if isinstance(v, dict) else v for v in data]
    event, answer = call_http(live_server, api, json_body(data))
    assert event == "error" and answer["title"] == "Invalid input", answer
    assert name in answer["error"] and len(answer["error"]) < 400 and "Internal" not in answer["error"], answer


def test_every_event_has_a_time_limit(client):
    """Enforced by space/compat/deadlines.py; Gradio itself applies time_limit to .stream() events only."""
    from space.endpoints.time_limits import LIMITS
    events = [d for d in client.config["dependencies"] if d.get("backend_fn")]
    assert events and all(d["time_limit"] for d in events), [d["api_name"] for d in events if not d["time_limit"]]
    public = {d["api_name"]: d["time_limit"] for d in events if d["api_visibility"] == "public"}
    assert public == {**LIMITS, "train_live": 150}, public


# 1. the queue flood ----------------------------------------------------------------------------

@pytest.fixture
def small_queue_server(processes, tmp_path):
    """app.py with a shared queue of 8 places and a live line of 3; X-Forwarded-For names the client
    (FORWARDED_HOPS=1, as behind a Space's proxy), so one test can act as several clients."""
    port = free_port()
    env = app_env(port, QUEUE_MAX_SIZE="8", LIVE_QUEUE_SIZE="3", FORWARDED_HOPS="1")
    proc = processes(env, tmp_path / "app.log")
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(proc, url, tmp_path / "app.log")
        yield url
    finally:
        stop(proc)


def test_65_live_runs_cannot_lock_the_space(small_queue_server):
    url = small_queue_server
    started = time.monotonic()
    flood = [post(url, "train_live", [120, i, "fashion-mnist"], "10.0.0.1") for i in range(65)]
    accepted = [r for r in flood if r.status_code == 200]
    refused = [r for r in flood if r.status_code != 200]
    # one running and one waiting; each unheard run is dropped after LISTEN_GRACE (5 s), freeing a place
    assert 1 <= len(accepted) <= 2 + (time.monotonic() - started) // 5, len(accepted)
    assert all(r.status_code == 422 and "you already have 1 live run waiting" in r.text for r in refused)
    # other clients fill the line of 3; the next is told how long the line is and when to come back
    others = [post(url, "train_live", [120, 0, "fashion-mnist"], f"10.0.1.{i}") for i in range(4)]
    assert [r.status_code for r in others].count(422) >= 1
    full = [r for r in others if r.status_code == 422][-1].json()["detail"][0]
    assert full["message"] == "3 live runs are waiting; try again in 2 minutes." and full["parameter_name"] == "seconds"
    # a visitor's /classify is served at once: the flood holds at most 4 of the queue's 8 places
    started = time.monotonic()
    visitor = Client(url, verbose=False, headers={"X-Forwarded-For": "10.0.2.1"})
    assert visitor.predict(handle_file(str(BOOT)), api_name="/classify")["label"] == "Ankle boot"
    assert time.monotonic() - started < 60, "served now, not after a 120-second live run"
    # nobody listens to those runs: each is dropped when its turn comes, and a listening visitor's
    # run starts long before the 4 x 120 s they asked for
    started = time.monotonic()
    while True:
        try:
            result = visitor.predict(1, 0, "fashion-mnist", api_name="/train_live")
            break
        except Exception as err:
            assert "live runs are waiting" in str(err), err
            assert time.monotonic() - started < 200, "the unheard runs must be dropped, not trained"
            time.sleep(2)
    assert result[2]["step"] >= 1 and time.monotonic() - started < 200
