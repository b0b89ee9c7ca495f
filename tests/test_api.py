"""The public API through gradio_client against a live `python app.py` (see conftest.live_server)."""
import socket
import threading
import time

import pytest
from gradio_client import Client, handle_file
from PIL import Image

from conftest import EXAMPLES, app_env, free_port, start_app, stop
from models.datasets import DATASETS

ENDPOINTS = {
    "/classify": ["image", "dataset"],
    "/reconstruct": ["image", "samples", "seed", "dataset", "noise_scale"],
    "/sample_vae": ["seed", "count", "dataset", "noise_scale", "label"],
    "/generate": ["seed", "count", "label", "dataset", "noise", "noise_scale"],
    "/discriminate": ["image", "label", "dataset"],
    "/classify_generative": ["image", "dataset"],
    "/reconstruct_as_class": ["image", "dataset", "classes"],
}
DEFAULTS = {"samples": 4, "seed": 0, "count": 16, "label": "any", "dataset": "fashion-mnist", "image": None,
            "noise": "", "noise_scale": 1, "classes": ""}


def example(name: str):
    return handle_file(str(EXAMPLES / name))


def image_bytes(gallery: list[dict]) -> list[bytes]:
    return [open(item["image"], "rb").read() for item in gallery]


def test_endpoints_parameters_and_defaults(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    # no stray public endpoints: these, plus the Explore/Timeline/Compare ones (tests/test_api_explore.py) and /train_live
    from test_api_explore import ENDPOINTS as EXPLORE_ENDPOINTS
    from test_api_train_live import ENDPOINTS as LIVE_ENDPOINTS
    GAME_ENDPOINTS = {"/real_or_fake_round", "/real_or_fake_answer"}  # tests/test_real_or_fake.py checks their parameters
    assert set(info) == set(ENDPOINTS) | set(EXPLORE_ENDPOINTS) | set(LIVE_ENDPOINTS) | GAME_ENDPOINTS
    for name, params in ENDPOINTS.items():
        assert [p["parameter_name"] for p in info[name]["parameters"]] == params, name
        components = {p["parameter_name"]: p["component"] for p in info[name]["parameters"]}
        assert components.get("image", "Image") == "Image" and components.get("count", "Slider") == "Slider"
        for p in info[name]["parameters"]:
            assert p["parameter_has_default"], (name, p["parameter_name"])
            assert p["parameter_default"] == DEFAULTS[p["parameter_name"]], (name, p["parameter_name"])


def test_classify_with_defaults(client):
    result = client.predict(example("test-0000-ankle-boot.png"), api_name="/classify")
    assert result["label"] == "Ankle boot"
    assert len(result["confidences"]) == 10
    assert sum(c["confidence"] for c in result["confidences"]) == pytest.approx(1.0, abs=1e-3)


def test_classify_accepts_a_shop_photo_and_a_drawing(client):
    shop = client.predict(example("shop-photo-pullover.png"), api_name="/classify")
    drawing = client.predict(example("drawing-t-shirt.png"), "fashion-mnist", api_name="/classify")
    assert shop["label"] in {"Pullover", "Coat", "Shirt"}, shop["label"]  # upper-body garments with sleeves
    assert len(drawing["confidences"]) == 10


def test_reconstruct_defaults_and_seed(client):
    gallery = client.predict(example("test-0002-trouser.png"), api_name="/reconstruct")
    assert [g["caption"] for g in gallery] == ["model input", "mean reconstruction"] + [f"posterior sample {i}" for i in range(1, 5)]
    first = Image.open(gallery[0]["image"])
    assert first.format == "PNG" and first.size == (112, 112)
    again = client.predict(example("test-0002-trouser.png"), 4, 0, api_name="/reconstruct")
    other = client.predict(example("test-0002-trouser.png"), samples=4, seed=1, api_name="/reconstruct")
    assert image_bytes(gallery) == image_bytes(again)
    assert image_bytes(gallery)[:2] == image_bytes(other)[:2] and image_bytes(gallery)[2:] != image_bytes(other)[2:]
    assert len(client.predict(example("test-0002-trouser.png"), samples=0, api_name="/reconstruct")) == 2


def test_sample_vae_defaults_and_seed(client):
    gallery = client.predict(api_name="/sample_vae")
    assert len(gallery) == 16
    assert image_bytes(client.predict(seed=0, count=16, api_name="/sample_vae")) == image_bytes(gallery)
    assert image_bytes(client.predict(seed=9, api_name="/sample_vae")) != image_bytes(gallery)
    assert len(client.predict(count=3, api_name="/sample_vae")) == 3


def test_generate_defaults_details_and_seed(client):
    gallery, details = client.predict(api_name="/generate")
    assert len(gallery) == len(details) == 16
    for item, detail in zip(gallery, details):
        assert item["caption"] == f'{detail["class"]} · P(real)={detail["p_real"]:.2f}'
        assert len(detail["z_head"]) == 8 and 0.0 <= detail["p_real"] <= 1.0
    same_gallery, same_details = client.predict(0, 16, "any", "fashion-mnist", api_name="/generate")
    assert same_details == details and image_bytes(same_gallery) == image_bytes(gallery)
    other_gallery, other_details = client.predict(seed=1, api_name="/generate")
    assert other_details != details and image_bytes(other_gallery) != image_bytes(gallery)


def test_generate_a_chosen_class(client):
    gallery, details = client.predict(seed=3, count=64, label="Bag", api_name="/generate")
    assert len(gallery) == 64 and {d["class"] for d in details} == {"Bag"}


@pytest.mark.parametrize("dataset", DATASETS)
def test_generated_images_sent_back_keep_their_verdicts(client, dataset):
    """One image, one verdict (issue 34): the PNG files /generate returns, sent to /discriminate with their
    class and to /classify, get the P(real) and the answer their details gave."""
    gallery, details = client.predict(seed=3, count=12, dataset=dataset, api_name="/generate")
    for item, d in zip(gallery, details):
        judged = client.predict(handle_file(item["image"]), d["class"], dataset, api_name="/discriminate")
        assert abs(judged["p_real"] - d["p_real"]) <= 0.02, (d, judged)
        assert item["caption"] == f"{d['class']} · P(real)={d['p_real']:.2f}"
        answer = client.predict(handle_file(item["image"]), dataset, api_name="/classify")
        top = max(answer["confidences"], key=lambda c: c["confidence"])
        assert top["label"] == d["classifier_says"] and abs(top["confidence"] - d["classifier_p"]) <= 0.02


def test_discriminate(client):
    chosen = client.predict(example("test-0018-bag.png"), label="Bag", api_name="/discriminate")
    assert chosen["label"] == "Bag" and chosen["label_source"] == "chosen" and 0 <= chosen["p_real"] <= 1
    default = client.predict(example("test-0018-bag.png"), api_name="/discriminate")
    assert default["label"] == "Bag" and "classifier" in default["label_source"]


@pytest.mark.parametrize("args, kwargs, message", [
    ((), {"api_name": "/classify"}, "No image was given"),
    (("NOT_AN_IMAGE",), {"api_name": "/classify"}, "is not an image this app can read; accepted: PNG, JPEG"),
    (("test-0000-ankle-boot.png",), {"dataset": "mnist", "api_name": "/classify"},
     "Unknown dataset 'mnist'. Accepted: fashion-mnist"),
    (("test-0000-ankle-boot.png",), {"samples": 17, "api_name": "/reconstruct"}, "samples must be between 0 and 16, got 17"),
    ((), {"count": -1, "api_name": "/sample_vae"}, "count must be between 1 and 64, got -1"),
    ((), {"count": 10**9, "api_name": "/generate"}, "count must be between 1 and 64, got 1000000000"),
    ((), {"seed": 1.5, "api_name": "/generate"}, "seed must be an integer (0 to 4294967295), got 1.5"),
    ((), {"seed": "abc", "api_name": "/sample_vae"}, "seed must be an integer (0 to 4294967295), got the text 'abc'"),
    ((), {"label": "cat", "api_name": "/generate"}, "Unknown label 'cat' for fashion-mnist. Accepted: any, T-shirt/top"),
    (("test-0018-bag.png",), {"label": "Hat", "api_name": "/discriminate"}, "Unknown label 'Hat'"),
])
def test_bad_requests_get_clear_errors_and_the_server_keeps_serving(client, tmp_path, args, kwargs, message):
    if args and args[0] == "NOT_AN_IMAGE":
        text = tmp_path / "notes.txt"
        text.write_text("this is not a picture")
        args = (handle_file(str(text)),)
    elif args:
        args = (example(args[0]),)
    with pytest.raises(Exception) as caught:
        client.predict(*args, **kwargs)
    assert message in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert client.predict(seed=0, count=1, api_name="/sample_vae"), "the server must keep serving"


def test_decompression_bomb_is_refused(client, tmp_path):
    bomb = tmp_path / "bomb.png"
    Image.new("1", (8000, 6000)).save(bomb)
    with pytest.raises(Exception, match="too large"):
        client.predict(handle_file(str(bomb)), api_name="/classify")


class SilentHost:
    """A loopback server that accepts connections and never answers: the worst Hub."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for conn in self.connections:
            conn.close()
        self.sock.close()


HANG_S = 90.0  # huggingface_hub alone would retry a silent host for minutes


def test_answers_when_the_hub_never_answers(tmp_path, processes):
    """The whole app answers with a silent Hub, instead of waiting out huggingface_hub's minutes of
    retries. What the Hub adds to start-up is bounded apart from the app's own start-up (which a
    busy machine stretches) in tests/test_faults.py: at most 15 s, measured as 3.1 s with 3 s."""
    hub = SilentHost()
    port = free_port()
    env = app_env(port, HF_HUB_OFFLINE=None, HF_ENDPOINT=f"http://127.0.0.1:{hub.port}", HF_HOME=str(tmp_path / "hf"))
    log_path = tmp_path / "app.log"
    started = time.monotonic()
    proc = start_app(env, log_path)
    try:
        answer, waited = None, 0.0
        while answer is None and time.monotonic() - started < HANG_S:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                answer = client.predict(example("test-0000-ankle-boot.png"), api_name="/classify")
            except Exception:
                if proc.poll() is not None:
                    pytest.fail(f"app.py exited:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
        waited = time.monotonic() - started
        print(f"\nfirst /classify answer {waited:.1f} s after start, with a silent Hub")
        assert answer is not None, f"no answer {HANG_S:.0f} s after start"
        assert answer["label"] == "Ankle boot"
        assert hub.connections, "the app should have tried the Hub"
        assert "the Hub did not answer within 4.0 s; using local weights" in log_path.read_text()  # HUB_TIMEOUT's default
    finally:
        stop(proc)
        hub.close()
