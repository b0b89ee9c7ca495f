"""Clients that send the wrong thing get a clear message naming the parameter (live server, see conftest).

gradio_client cannot send NaN or infinity (its JSON encoder refuses them), so those go
through Gradio's plain HTTP API (/gradio_api/call/<name>), as any script could.
"""
import json

import httpx
import pytest
from gradio_client import handle_file

from conftest import EXAMPLES

GENERIC = "upstream Gradio app has raised an exception"
CLASSES = "Accepted for fashion-mnist: any, T-shirt/top"


def boot():
    return handle_file(str(EXAMPLES / "test-0000-ankle-boot.png"))


def call_http(base_url: str, api: str, body: str) -> tuple[str, dict | list | None]:
    """POSTs a raw JSON body to /gradio_api/call/<api>; returns the final SSE event and its data."""
    started = httpx.post(f"{base_url}gradio_api/call/{api}", content=body,
                         headers={"Content-Type": "application/json"}, timeout=60)
    started.raise_for_status()
    event_id = started.json()["event_id"]
    with httpx.stream("GET", f"{base_url}gradio_api/call/{api}/{event_id}", timeout=60) as stream:
        text = "".join(stream.iter_text())
    events = [line.removeprefix("event: ") for line in text.splitlines() if line.startswith("event: ")]
    data = [line.removeprefix("data: ") for line in text.splitlines() if line.startswith("data: ")]
    return events[-1], json.loads(data[-1])


@pytest.mark.parametrize("kwargs, message", [
    ({"seed": -1, "api_name": "/generate"}, "seed must be between 0 and 4294967295, got -1"),
    ({"seed": 2**64, "api_name": "/sample_vae"}, "seed must be between 0 and 4294967295, got 18446744073709551616"),
    ({"seed": [1, 2], "api_name": "/generate"}, "seed must be an integer (0 to 4294967295), got [1, 2]"),
    ({"seed": {"a": 1}, "api_name": "/generate"}, "seed must be an integer (0 to 4294967295), got {'a': 1}"),
    ({"seed": None, "api_name": "/sample_vae"}, "seed must be an integer (0 to 4294967295), got None"),
    ({"count": 0, "api_name": "/generate"}, "count must be between 1 and 64, got 0"),
    ({"count": 65, "api_name": "/sample_vae"}, "count must be between 1 and 64, got 65"),
    ({"count": True, "api_name": "/generate"}, "count must be an integer (1 to 64), got True"),
    ({"count": "1e9", "api_name": "/sample_vae"}, "count must be an integer (1 to 64), got the text '1e9'"),
    ({"count": 2.5, "api_name": "/sample_vae"}, "count must be an integer (1 to 64), got 2.5"),
    ({"label": None, "api_name": "/generate"}, f"label must be a class name or 'any'; got None. {CLASSES}"),
    ({"label": 3, "api_name": "/generate"}, f"label must be a class name or 'any'; got 3. {CLASSES}"),
    ({"label": "", "api_name": "/generate"}, "Unknown label '' for fashion-mnist. Accepted: any, T-shirt/top"),
    ({"dataset": None, "api_name": "/sample_vae"}, "Unknown dataset None. Accepted: fashion-mnist"),
    ({"dataset": 7, "api_name": "/generate"}, "Unknown dataset 7. Accepted: fashion-mnist"),
    ({"dataset": "../../etc", "api_name": "/generate"}, "Unknown dataset '../../etc'. Accepted: fashion-mnist"),
    ({"image": "not a file", "api_name": "/classify"}, "image must be an image file (PNG, JPEG"),
    ({"image": 42, "api_name": "/discriminate"}, "image must be an image file (PNG, JPEG"),
    ({"image": None, "api_name": "/reconstruct"}, "No image was given"),
])
def test_wrong_values_and_types_get_clear_errors(client, kwargs, message):
    with pytest.raises(Exception) as caught:
        client.predict(**kwargs)
    text = str(caught.value)
    assert message in text and GENERIC not in text and "Traceback" not in text, text


@pytest.mark.parametrize("kwargs, message", [
    ({"samples": -3}, "samples must be between 0 and 16, got -3"),
    ({"samples": 10**30}, "samples must be between 0 and 16"),
    ({"seed": "zero"}, "seed must be an integer (0 to 4294967295), got the text 'zero'"),
    ({"dataset": "animal-mnist-typo"}, "Unknown dataset 'animal-mnist-typo'"),
])
def test_wrong_values_next_to_a_good_image(client, kwargs, message):
    with pytest.raises(Exception) as caught:
        client.predict(boot(), api_name="/reconstruct", **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize("api, body, message", [
    ("generate", '{"data": [NaN, 16, "any", "fashion-mnist"]}', "seed must be an integer (0 to 4294967295), got nan"),
    ("generate", '{"data": [0, Infinity, "any", "fashion-mnist"]}', "count must be an integer (1 to 64), got inf"),
    ("sample_vae", '{"data": [-Infinity, 4, "fashion-mnist"]}', "seed must be an integer (0 to 4294967295), got -inf"),
    ("sample_vae", '{"data": [0, 1e400, "fashion-mnist"]}', "count must be an integer (1 to 64), got inf"),
    ("classify", '{"data": ["hello", "fashion-mnist"]}', "image must be an image file"),
    ("classify", '{"data": [{"path": 5}, "fashion-mnist"]}', "image must be an image file"),
])
def test_nan_infinity_and_raw_payloads_over_http(live_server, client, api, body, message):
    event, data = call_http(live_server, api, body)
    assert event == "error" and message in data["error"], data
    assert data["title"] == "Invalid input"
    assert client.predict(seed=0, count=1, api_name="/sample_vae"), "the server must keep serving"


def test_missing_arguments_take_the_documented_defaults(client):
    """gradio_client fills every missing argument from the API's defaults, except the image."""
    assert len(client.predict(api_name="/sample_vae")) == 16
    assert len(client.predict(boot(), api_name="/reconstruct")) == 6
    with pytest.raises(Exception, match="No image was given: upload or draw one"):
        client.predict(api_name="/discriminate")


def test_an_upload_past_the_size_limit_is_refused_by_client_and_server(client, live_server, tmp_path):
    limit = client.config["max_file_size"]
    assert limit == 20 * 1024 * 1024, "app.py sets Gradio's max_file_size (MAX_UPLOAD_MB, default 20)"
    big = tmp_path / "huge-photo.png"
    with open(big, "wb") as f:
        f.truncate(limit + 1)  # sparse: no memory, no disk
    with pytest.raises(ValueError, match="exceeds the maximum file size of 20971520 bytes"):
        client.predict(handle_file(str(big)), api_name="/classify")
    # a script that skips gradio_client's own check is refused by the server, before storing the file
    with open(big, "rb") as f:
        response = httpx.post(f"{live_server}gradio_api/upload", files={"files": ("huge-photo.png", f)}, timeout=60)
    assert response.status_code == 413
    assert "File size exceeded maximum allowed size of 20971520 bytes" in response.text
    assert client.predict(boot(), api_name="/classify")["label"] == "Ankle boot"
