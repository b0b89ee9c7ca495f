"""Faults: a Hub that is down, hangs, answers 404/500 or serves a corrupt file; broken bundled weights.

The Hub is a local stub (tests/hub_stub.py) reached through HF_ENDPOINT, in a fresh Python
process each time, because huggingface_hub reads HF_ENDPOINT when it is imported.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, app_env, free_port
from hub_stub import HubStub, snapshot_files
from models.loading import loader
from models.loading.loader import KINDS, WeightsError

# Loads the family through the Hub, then again without it: the difference is what the Hub
# cost, measured under the same load on the machine (imports and a busy CPU are not the Hub's doing).
LOAD_FAMILY = """
import json, logging, time
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
from models.loading import loader
started = time.monotonic()
family = loader.load_family("fashion-mnist")
with_hub = time.monotonic() - started
loader._families.clear()
loader._hub_state["gave_up"] = True
started = time.monotonic()
loader.load_family("fashion-mnist")
hub_cost = with_hub - (time.monotonic() - started)
print("RESULT " + json.dumps({"origins": family.origins, "seconds": with_hub, "hub_cost": hub_cost}))
"""
START_UP_BOUND_S = 15.0  # the bound on what a misbehaving Hub may add to start-up


def load_with_hub(endpoint: str, tmp_path, timeout: str = "3") -> tuple[dict, str]:
    env = {**os.environ, "HF_ENDPOINT": endpoint, "HF_HOME": str(tmp_path / "hf"), "HUB_TIMEOUT": timeout,
           "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    env.pop("HF_HUB_OFFLINE", None)
    done = subprocess.run([sys.executable, "-c", LOAD_FAMILY], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT ", 1)[1])
    return result, done.stderr


def bundled_everywhere(origins: dict) -> bool:
    return set(origins) == set(KINDS) and all(o.startswith("bundled folder weights/") for o in origins.values())


@pytest.mark.parametrize("mode, logged", [
    ("404", "404 Not Found"),
    ("500", "500 Internal Server Error"),
    ("hang", "the Hub did not answer within 3.0 s; using local weights"),
])
def test_a_failing_hub_falls_back_to_the_bundled_weights_and_says_so(tmp_path, mode, logged, processes):
    stub = HubStub(mode)
    try:
        result, log = load_with_hub(stub.url, tmp_path)
    finally:
        stub.close()
    print(f"\nHub {mode}: models loaded after {result['seconds']:.1f} s, {result['hub_cost']:.1f} s of it the Hub's")
    assert stub.requests, "the Hub must have been tried"
    assert bundled_everywhere(result["origins"]), result["origins"]
    assert logged in log
    assert "loaded from bundled folder weights/fashion-mnist-gan" in log
    assert result["hub_cost"] <= START_UP_BOUND_S


def test_an_unreachable_hub_falls_back(tmp_path, processes):
    closed_port = free_port()  # nothing listens there: connection refused
    result, log = load_with_hub(f"http://127.0.0.1:{closed_port}", tmp_path)
    assert bundled_everywhere(result["origins"]), result["origins"]
    assert "Hub download of genmodels-intro/fashion-mnist-vae failed" in log
    assert result["hub_cost"] <= START_UP_BOUND_S


def test_a_corrupt_hub_download_falls_back(tmp_path, processes):
    repos = {loader.repo_id("fashion-mnist", kind): snapshot_files(loader.bundled_folder("fashion-mnist", kind))
             for kind in KINDS}
    stub = HubStub("corrupt", repos)
    try:
        result, log = load_with_hub(stub.url, tmp_path)
    finally:
        stub.close()
    assert any("model.safetensors" in r for r in stub.requests), "the corrupt file must have been downloaded"
    assert all(o.endswith("(the Hub copy was unusable)") for o in result["origins"].values()), result["origins"]
    assert "model.safetensors is corrupt or truncated" in log and "using the bundled folder instead" in log


@pytest.fixture
def weights_copy(tmp_path):
    """A WEIGHTS_DIR holding copies of the bundled folders, to break on purpose."""
    for kind in KINDS:
        source = loader.bundled_folder("fashion-mnist", kind)
        target = tmp_path / "weights" / source.name
        target.mkdir(parents=True)
        for name in ("config.json", "model.safetensors"):
            shutil.copy(source / name, target / name)
    return tmp_path / "weights"


def truncate(folder):
    data = (folder / "model.safetensors").read_bytes()
    (folder / "model.safetensors").write_bytes(data[: len(data) // 2])


def widen(folder):
    config = json.loads((folder / "config.json").read_text())
    key = next(k for k in ("widths", "width", "latent_dim", "noise_dim", "feature_dim") if k in config)
    config[key] = [2 * w for w in config[key]] if isinstance(config[key], list) else config[key] + 8
    (folder / "config.json").write_text(json.dumps(config))


def garble_config(folder):
    (folder / "config.json").write_text('{"widths": [32, 64,')


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("damage, message", [
    (truncate, r"model\.safetensors is corrupt or truncated and could not be loaded as a"),
    (widen, r"config\.json does not match the weights in .*model\.safetensors: \S+ is \[.*\] in the weights but "
            r"\[.*\] in the model config\.json describes"),
    (garble_config, r"config\.json is not valid JSON"),
], ids=["truncated-weights", "config-not-matching", "config-not-json"])
def test_broken_bundled_weights_name_the_file_and_the_problem(weights_copy, kind, damage, message):
    folder = weights_copy / f"fashion-mnist-{kind}"
    damage(folder)
    with pytest.raises(WeightsError, match=message) as caught:
        loader.load_model(folder, kind)
    assert str(folder) in str(caught.value)
    assert "Traceback" not in str(caught.value) and len(str(caught.value)) < 600


def test_app_refuses_to_start_on_broken_weights_with_a_clear_message(weights_copy, tmp_path, processes):
    widen(weights_copy / "fashion-mnist-vae")
    env = app_env(free_port(), WEIGHTS_DIR=str(weights_copy), OMP_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "app.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode != 0
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("app.py cannot start: ") and "fashion-mnist-vae/config.json does not match" in last_line
    assert "Traceback" not in done.stderr
