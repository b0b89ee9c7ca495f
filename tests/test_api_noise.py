"""The noise controls through gradio_client against the live app (conftest.live_server), for every dataset."""
import numpy as np
import pytest
from gradio_client import handle_file

from conftest import EXAMPLES
from models.datasets import DATASETS
from test_api_misuse import call_http
from test_noise import BAD

LESSON = "[-5 6.2 8]"
UPLOADS = {"fashion-mnist": EXAMPLES / "test-0002-trouser.png", "animal-mnist": next(EXAMPLES.glob("animal-test-*-dog.png"))}


def image_bytes(gallery: list[dict]) -> list[bytes]:
    return [open(item["image"], "rb").read() for item in gallery]


def pixels(path: str) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path), dtype=np.float64) / 255.0


def spread_within_classes(gallery, details) -> float:
    """Mean RMS pixel difference between two downloaded images of the same class."""
    images = [pixels(item["image"]) for item in gallery]
    pairs = [np.sqrt(((images[i] - images[j]) ** 2).mean()) for i in range(len(images)) for j in range(i)
             if details[i]["class"] == details[j]["class"]]
    return float(np.mean(pairs))


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_lesson_s_vector_without_noise_gives_one_image_per_class(client, dataset):
    gallery, details = client.predict(seed=0, count=32, label="any", dataset=dataset, noise=LESSON, noise_scale=0,
                                      api_name="/generate")
    assert all(d["z_head"] == [-5.0, 6.2, 8.0, 0, 0, 0, 0, 0] for d in details)
    by_class = {}
    for data, d in zip(image_bytes(gallery), details):
        by_class.setdefault(d["class"], set()).add(data)
    assert len(by_class) > 1 and len(details) > len(by_class)
    assert all(len(images) == 1 for images in by_class.values()), {k: len(v) for k, v in by_class.items()}


@pytest.mark.parametrize("dataset", DATASETS)
def test_typed_noise_in_every_spelling_and_the_same_inputs_give_the_same_pictures(client, dataset):
    results = [client.predict(seed=4, count=6, dataset=dataset, noise=text, noise_scale=0.7, api_name="/generate")
               for text in (LESSON, "-5, 6.2, 8", "-5 6.2 8", LESSON)]
    assert all(d["z_head"][:3] == [-5.0, 6.2, 8.0] for d in results[0][1])
    assert all(image_bytes(g) == image_bytes(results[0][0]) and d == results[0][1] for g, d in results)
    plain_gallery, plain = client.predict(seed=4, count=6, dataset=dataset, noise_scale=0.7, api_name="/generate")
    assert [d["z_head"][3:] for d in plain] == [d["z_head"][3:] for d in results[0][1]]
    assert image_bytes(plain_gallery) != image_bytes(results[0][0])


@pytest.mark.parametrize("dataset", DATASETS)
def test_diversity_grows_with_the_scale(client, dataset):
    label = {"fashion-mnist": "Sneaker", "animal-mnist": "dog"}[dataset]
    spreads = [spread_within_classes(*client.predict(seed=1, count=12, label=label, dataset=dataset, noise_scale=s,
                                                     api_name="/generate"))
               for s in (0, 0.5, 1, 2)]
    assert spreads[0] == 0 and all(a < b for a, b in zip(spreads, spreads[1:])), spreads


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_vae_s_noise_scale(client, dataset):
    still = image_bytes(client.predict(seed=3, count=4, dataset=dataset, noise_scale=0, api_name="/sample_vae"))
    assert len(set(still)) == 1
    assert image_bytes(client.predict(seed=3, count=4, dataset=dataset, noise_scale=1, api_name="/sample_vae")) == \
        image_bytes(client.predict(seed=3, count=4, dataset=dataset, api_name="/sample_vae"))
    upload = handle_file(str(UPLOADS[dataset]))
    mean_only = image_bytes(client.predict(upload, samples=3, dataset=dataset, noise_scale=0, api_name="/reconstruct"))
    assert set(mean_only[2:]) == {mean_only[1]}, "at scale 0 every posterior sample is the mean"
    wide = client.predict(upload, samples=3, dataset=dataset, noise_scale=10, api_name="/reconstruct")
    assert [item["caption"] for item in wide][2:] == ["posterior sample 1", "posterior sample 2", "posterior sample 3"]
    assert len(set(image_bytes(wide)[2:])) == 3


@pytest.mark.parametrize("dataset", DATASETS)
def test_decode_latent_two_distant_points_differ_and_the_classes_around_them_are_named(client, dataset):
    picture, info = client.predict(x=-3, y=-2, dataset=dataset, api_name="/decode_latent")
    other, other_info = client.predict(x=3, y=3, dataset=dataset, api_name="/decode_latent")
    again, _ = client.predict(-3, -2, dataset, api_name="/decode_latent")
    first, second = pixels(picture), pixels(other)
    assert first.shape == (112, 112) and np.abs(first - second).mean() > 0.05
    assert open(picture, "rb").read() == open(again, "rb").read()
    assert (info["x"], info["y"]) == (-3, -2) and sum(info["nearest_classes_on_map"].values()) == 20
    assert info["nearest_classes_on_map"] != other_info["nearest_classes_on_map"]
    assert client.predict(dataset=dataset, api_name="/decode_latent")[1]["x"] == 0  # the defaults: the map's centre


@pytest.mark.parametrize("text, reason", [(t, r) for t, r in BAD if isinstance(t, str)])
def test_every_bad_noise_text_gets_a_clear_error_and_the_server_keeps_serving(client, text, reason):
    with pytest.raises(Exception) as caught:
        client.predict(seed=0, count=2, noise=text, api_name="/generate")
    message = str(caught.value)
    assert "noise" in message and reason in message, message
    assert "Traceback" not in message
    assert len(client.predict(seed=0, count=1, noise="1 2", api_name="/generate")[0]) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"noise_scale": -1, "api_name": "/generate"}, "noise_scale must be between 0 and 3, got -1"),
    ({"noise_scale": 4, "api_name": "/sample_vae"}, "noise_scale must be between 0 and 3, got 4"),
    ({"noise_scale": "lots", "api_name": "/generate"}, "noise_scale must be a number from 0 to 3, got the text 'lots'"),
    ({"x": 1000, "api_name": "/decode_latent"}, "x must be between -50 and 50, got 1000"),
    ({"y": "up", "api_name": "/decode_latent"}, "y must be a number from -50 to 50, got the text 'up'"),
])
def test_bad_scales_and_coordinates_name_the_parameter(client, kwargs, message):
    with pytest.raises(Exception) as caught:
        client.predict(**kwargs)
    assert message in str(caught.value)


def test_the_posterior_may_be_widened_to_20_times(client):
    upload = handle_file(str(UPLOADS["fashion-mnist"]))
    assert len(client.predict(upload, samples=1, noise_scale=20, api_name="/reconstruct")) == 3
    with pytest.raises(Exception) as caught:
        client.predict(upload, noise_scale=21, api_name="/reconstruct")
    assert "noise_scale must be between 0 and 20, got 21" in str(caught.value)


@pytest.mark.parametrize("api, body, message", [
    ("generate", '{"data": [0, 2, "any", "fashion-mnist", "", NaN]}', "noise_scale must be between 0 and 3, got nan"),
    ("decode_latent", '{"data": [Infinity, 0, "fashion-mnist"]}', "x must be between -50 and 50, got inf"),
])
def test_nan_and_infinity_are_refused(live_server, api, body, message):
    event, data = call_http(live_server, api, body)
    assert event == "error" and message in data["error"] and data["title"] == "Invalid input", (event, data)


def test_readme_noise_example_runs(live_server):
    import re
    import subprocess
    import sys

    from conftest import REPO
    from test_readme_examples import API_URL_IN_README

    section = (REPO / "docs" / "noise.md").read_text().split("## The noise in your hands", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    run = subprocess.run([sys.executable, "-c", code.replace(API_URL_IN_README, live_server)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if not line.startswith("Loaded as API")]
    assert lines[0] == "[-5.0, 6.2, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0] 1 different image(s) of 8 dogs"
    assert lines[1] == "8 different image(s) of 8 dogs"
    assert lines[2] == "1 different image(s) of 4 prior samples"
    assert lines[3].startswith("posterior samples differ: True")
    assert lines[4].startswith("(2.5, -1.5) {")
    assert "noise entry 2 is 'six', not a number" in lines[5]


@pytest.mark.parametrize("api, body", [
    ("generate", '{"data": [0, 2, "any", "fashion-mnist"]}'),
    ("sample_vae", '{"data": [0, 2, "fashion-mnist"]}'),
])
def test_raw_http_calls_written_before_the_appended_parameters_still_work(live_server, api, body):
    event, data = call_http(live_server, api, body)
    assert event == "complete" and len(data[0]) == 2, (event, data)
