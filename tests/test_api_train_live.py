"""/train_live through gradio_client against the live app.py: a short streamed run, bad settings, the queue."""
import time

import pytest
from gradio_client import Client
from PIL import Image

from models import datasets

ENDPOINTS = {"/train_live": ["seconds", "seed", "dataset"]}
DEFAULTS = {"seconds": 60, "seed": 0, "dataset": "fashion-mnist"}
STATS = {"step", "seconds", "d_loss", "g_loss", "d_real", "d_fake", "images_per_second"}


def test_parameters_and_defaults(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/train_live"]
    assert [p["parameter_name"] for p in info["parameters"]] == ENDPOINTS["/train_live"]
    assert {p["parameter_name"]: p["parameter_default"] for p in info["parameters"]} == DEFAULTS


@pytest.mark.parametrize("dataset", datasets.DATASETS)
def test_a_short_run_streams_from_step_0_to_its_final_state(client, dataset):
    job = client.submit(3, 0, dataset, api_name="/train_live")
    updates = list(job)  # every yielded update, in order
    final = job.outputs()[-1]
    assert len(updates) >= 2  # step 0, then at least one after training
    gallery, curves, stats = final
    first_stats = updates[0][2]
    assert first_stats["step"] == 0 and first_stats["d_loss"] is None
    assert STATS <= set(stats) and stats["step"] >= 1 and 0 < stats["seconds"] <= 3 + 2
    assert 0 <= stats["d_real"] <= 1 and 0 <= stats["d_fake"] <= 1 and stats["images_per_second"] > 0
    assert [item["caption"] for item in gallery] == datasets.class_names(dataset)  # one row per class
    row = Image.open(gallery[0]["image"])
    assert row.height > 0 and row.width == 8 * row.height  # 8 fixed-noise samples side by side
    assert Image.open(curves).size[0] > 0


@pytest.mark.parametrize("args, message", [
    ((0, 0, "fashion-mnist"), "seconds must be between 1 and 120"),
    ((121, 0, "fashion-mnist"), "seconds must be between 1 and 120"),
    (("a minute", 0, "fashion-mnist"), "seconds must be an integer"),
    ((2, -1, "fashion-mnist"), "seed must be between"),
    ((2, 0, "mnist"), "Unknown dataset 'mnist'"),
])
def test_bad_settings_get_clear_errors(client, args, message):
    with pytest.raises(Exception, match=message):
        client.predict(*args, api_name="/train_live")
    assert client.predict(1, 0, "fashion-mnist", api_name="/train_live")[2]["step"] >= 1  # still serving


def test_one_run_at_a_time_and_a_cancelled_run_stops(live_server):
    first, second = Client(live_server, verbose=False), Client(live_server, verbose=False)
    long_run = first.submit(120, 0, "fashion-mnist", api_name="/train_live")
    while long_run.status().code.name not in ("PROCESSING", "ITERATING"):
        time.sleep(0.1)
    waiting = second.submit(1, 1, "fashion-mnist", api_name="/train_live")
    deadline = time.monotonic() + 60
    while (status := waiting.status()).code.name in ("STARTING", "JOINING_QUEUE") and time.monotonic() < deadline:
        time.sleep(0.2)  # the request is on its way into the queue
    assert status.code.name == "IN_QUEUE" and status.rank is not None  # waits, and knows its place
    long_run.cancel()  # a visitor who leaves: the 120 s run must stop, or the next would wait ~2 minutes
    assert waiting.result(timeout=60)[2]["step"] >= 1
