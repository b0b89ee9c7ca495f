"""The Explore, Training timeline and Compare endpoints through gradio_client, against a live app.py.

The server (conftest.explore_server) serves a temporary copy of weights/ that has a latent map.
"""
import pytest
from gradio_client import Client, handle_file
from PIL import Image

from conftest import EXAMPLES, REPO
from models.loading.loader import DATASETS

ENDPOINTS = {
    "/interpolate_noise": ["seed_a", "seed_b", "steps", "label", "method", "dataset"],
    "/interpolate_classes": ["seed", "label_a", "label_b", "steps", "dataset"],
    "/interpolate_images": ["image_a", "image_b", "steps", "dataset"],
    "/latent_map": ["image", "dataset"],
    "/training_timeline": ["epoch", "dataset"],
    "/compare": ["seed", "count", "label", "dataset"],
    "/decode_latent": ["x", "y", "dataset"],
}
DEFAULTS = {"seed_a": 0, "seed_b": 1, "steps": 8, "label": "any", "method": "slerp", "dataset": "fashion-mnist",
            "seed": 0, "count": 8, "image": None, "image_a": None, "image_b": None, "x": 0, "y": 0}
MEGABYTE = 1_000_000


@pytest.fixture(scope="module")
def client(explore_server):
    return Client(explore_server, verbose=False)


def example(name: str):
    return handle_file(str(EXAMPLES / name))


def image_bytes(gallery: list[dict]) -> list[bytes]:
    return [open(item["image"], "rb").read() for item in gallery]


def check_gif(path: str, frames: int | None = None) -> bytes:
    data = open(path, "rb").read()
    gif = Image.open(path)
    assert gif.format == "GIF" and len(data) < MEGABYTE
    assert gif.n_frames == frames if frames else gif.n_frames > 1
    return data


def check_png(path: str) -> Image.Image:
    image = Image.open(path)
    assert image.format == "PNG"
    return image


def test_parameters_and_defaults(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    for name, params in ENDPOINTS.items():
        assert [p["parameter_name"] for p in info[name]["parameters"]] == params, name
        for p in info[name]["parameters"]:
            assert p["parameter_has_default"], (name, p["parameter_name"])
            if p["parameter_name"] in DEFAULTS:
                assert p["parameter_default"] == DEFAULTS[p["parameter_name"]], (name, p["parameter_name"])


def test_interpolate_noise_strip_gif_and_determinism(client):
    strip, gif = client.predict(api_name="/interpolate_noise")
    assert len(strip) == 8 and strip[0]["caption"].startswith("t=0.00")
    assert check_png(strip[0]["image"]).size == (112, 112)
    data = check_gif(gif, frames=14)
    again_strip, again_gif = client.predict(0, 1, 8, "any", "slerp", "fashion-mnist", api_name="/interpolate_noise")
    assert image_bytes(again_strip) == image_bytes(strip) and open(again_gif, "rb").read() == data
    linear, _ = client.predict(method="linear", api_name="/interpolate_noise")
    assert image_bytes(linear)[0] == image_bytes(strip)[0] and image_bytes(linear)[4] != image_bytes(strip)[4]
    first_generated = client.predict(seed=0, count=1, api_name="/generate")[0]
    assert image_bytes(first_generated) == image_bytes(strip)[:1]


def test_interpolate_classes(client):
    strip, gif = client.predict(seed=2, label_a="Sneaker", label_b="Sandal", steps=5, api_name="/interpolate_classes")
    assert len(strip) == 5
    check_gif(gif, frames=8)
    assert image_bytes(client.predict(seed=2, count=1, label="Sneaker", api_name="/generate")[0]) == image_bytes(strip)[:1]


def test_interpolate_images_through_the_vae(client):
    strip, gif = client.predict(example("test-0000-ankle-boot.png"), example("test-0018-bag.png"), 6,
                                api_name="/interpolate_images")
    assert [s["caption"] for s in strip][::7] == ["model input A", "model input B"] and len(strip) == 8
    check_gif(gif, frames=10)
    reconstruction = client.predict(example("test-0000-ankle-boot.png"), samples=0, api_name="/reconstruct")
    assert image_bytes(reconstruction) == image_bytes(strip)[:2]  # model input, then decode(mean)


def test_latent_map_plot_and_where_an_image_lands(client):
    plot, info = client.predict(api_name="/latent_map")
    assert check_png(plot).size == (800, 600)
    assert info["points"] == 2000 and "image" not in info and len(info["explained_variance"]) == 2
    placed_plot, placed = client.predict(example("test-0002-trouser.png"), api_name="/latent_map")
    assert open(placed_plot, "rb").read() != open(plot, "rb").read()
    neighbours = placed["image"]["nearest_test_images"]
    assert max(neighbours, key=neighbours.get) == "Trouser"


def test_training_timeline(client):
    grid, curves, gif, info = client.predict(epoch=1, api_name="/training_timeline")
    assert info["epoch"] == 1 and info["epochs"][0] == 1
    assert check_png(grid).size[0] > 28 and check_png(curves).size == (900, 340)
    check_gif(gif, frames=len(info["epochs"]))
    last = client.predict(epoch=0, api_name="/training_timeline")
    assert last[3]["epoch"] == info["epochs"][-1] and open(last[0], "rb").read() != open(grid, "rb").read()


def test_compare(client):
    real, vae, gan, summary = client.predict(api_name="/compare")
    assert len(real) == len(vae) == len(gan) == 8
    assert all(" · P(real)=" in item["caption"] for item in real + vae + gan)
    assert check_png(gan[0]["image"]).size == (112, 112)
    assert {"fd_gan_vs_test", "fd_vae_prior_vs_test"} <= set(summary["frechet_distance"])
    again = client.predict(0, 8, "any", "fashion-mnist", api_name="/compare")
    assert image_bytes(again[2]) == image_bytes(gan) and again[3] == summary
    bags = client.predict(seed=1, count=3, label="Bag", api_name="/compare")
    assert all(item["caption"].startswith("Bag ·") for item in bags[0] + bags[2])


@pytest.mark.parametrize("args, kwargs, message", [
    ((), {"method": "cubic", "api_name": "/interpolate_noise"}, "method must be one of slerp, linear; got 'cubic'"),
    ((), {"steps": 100, "api_name": "/interpolate_noise"}, "steps must be between 2 and 32, got 100"),
    ((), {"label_a": "any", "api_name": "/interpolate_classes"}, "label_a must be a class name (not 'any')"),
    (("test-0000-ankle-boot.png",), {"api_name": "/interpolate_images"}, "image_b is missing"),
    ((), {"epoch": 10_000, "api_name": "/training_timeline"}, "epoch must be between 0 and"),
    ((), {"count": 17, "api_name": "/compare"}, "count must be between 1 and 16, got 17"),
    ((), {"label": "Hat", "api_name": "/compare"}, "Unknown label 'Hat' for fashion-mnist"),
    ((), {"dataset": "mnist", "api_name": "/latent_map"}, "Unknown dataset 'mnist'. Accepted: fashion-mnist"),
])
def test_bad_requests_get_clear_errors(client, args, kwargs, message):
    with pytest.raises(Exception) as caught:
        client.predict(*(example(a) for a in args), **kwargs)
    assert message in str(caught.value) and "Traceback" not in str(caught.value)


def available(dataset: str) -> bool:
    return all((REPO / "weights" / f"{dataset}-{kind}" / "model.safetensors").is_file() for kind in ("classifier", "vae", "gan"))


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_feature_works_for_every_dataset(client, dataset):
    if not available(dataset):
        pytest.skip(f"no trained weights for {dataset} in weights/ yet")
    strip, gif = client.predict(steps=3, dataset=dataset, api_name="/interpolate_noise")
    assert len(strip) == 3
    classes = client.predict(label_a=None, label_b=None, steps=3, dataset=dataset, api_name="/interpolate_classes")
    assert len(classes[0]) == 3
    images = client.predict(example("test-0018-bag.png"), example("drawing-t-shirt.png"), 3, dataset,
                            api_name="/interpolate_images")
    assert len(images[0]) == 5
    assert client.predict(dataset=dataset, api_name="/latent_map")[1]["dataset"] == dataset
    assert client.predict(epoch=0, dataset=dataset, api_name="/training_timeline")[3]["epoch"] >= 1
    assert len(client.predict(count=2, dataset=dataset, api_name="/compare")[2]) == 2


def test_readme_example_runs(explore_server):
    """The Explore example of docs/explore.md, as written (only the server address differs)."""
    import re
    import subprocess
    import sys

    readme = (REPO / "docs" / "explore.md").read_text()
    section = readme.split("<!-- EXPLORE -->", 1)[1].split("\n## ", 2)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    code = code.replace("http://127.0.0.1:7860/", explore_server)
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if not line.startswith("Loaded as API")]
    assert lines[0].startswith("8 images; t=0.00 ·") and ".gif" in lines[0]
    assert lines[2] == "model input A -> model input B"
    assert lines[3].startswith("the bag lands at") and "'Bag'" in lines[3]
    assert re.match(r"epoch \d+ of \d+", lines[4])
    assert "fd_gan_vs_test" in lines[5]
