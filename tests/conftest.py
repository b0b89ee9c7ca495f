"""Shared fixtures (the models loaded in-process, one live `python app.py`) and the test lanes.

Lanes are markers applied here from the fixtures a test uses, so a new test cannot forget its own:
`server` (it starts a process: `python app.py`, a Hub stub's client, a script), `browser` (Chromium),
`training` (torchrun), `load` (the long load test, marked by hand). `python -m pytest` runs the fast
lane, tests with none of them; `python -m pytest -m "not load"` runs what CI runs. A test in the
fast lane that starts a process anyway fails at once and says which fixture to ask for.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.servers import APP, free_port, launch, server_env, stop, wait_for_http  # the one launcher

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
LIVE_SERVER: dict[str, int] = {}  # the pid of the live server, once started

# fixture -> lane: a test that uses the fixture (directly or through another fixture) is in the lane
LANE_OF_FIXTURE = {
    "live_server": "server", "explore_server": "server", "processes": "server",
    "page": "browser", "chromium_processes": "browser",
    "torchrun_processes": "training", "training_run": "training",
}
# what the fast lane may not start: interpreters, torchrun, browsers (platform's `uname` and the like are fine)
SLOW_PROGRAMS = ("python", "torchrun", "chromium", "chrome", "node", "app.py")
LANES = ("server", "browser", "training", "load")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            lane = LANE_OF_FIXTURE.get(fixture)
            if lane:
                item.add_marker(getattr(pytest.mark, lane))


@pytest.fixture(autouse=True)
def _fast_lane_starts_no_process(request, monkeypatch):
    """In the fast lane, starting a process is a mistake: the test belongs to a slower lane."""
    if any(request.node.get_closest_marker(lane) for lane in LANES):
        return

    real_init = subprocess.Popen.__init__

    def refuse(self, args, *rest, **kwargs):
        program = Path(str(args if isinstance(args, (str, bytes, os.PathLike)) else args[0])).name
        if not program.startswith(SLOW_PROGRAMS):
            return real_init(self, args, *rest, **kwargs)
        raise RuntimeError(f"{request.node.nodeid} starts a process but is in the fast lane: ask for the "
                           "`processes` fixture (or `live_server`, `page`, `chromium_processes`, "
                           "`torchrun_processes`, `training_run`) so it runs in its lane")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


@pytest.fixture
def processes():
    """Marks a test that starts processes of its own (lane `server`); returns the launcher of `python app.py`."""
    return start_app


@pytest.fixture
def chromium_processes():
    """Marks a test that starts Chromium outside the `page` fixture (lane `browser`)."""
    return None


@pytest.fixture
def torchrun_processes():
    """Marks a test that trains under torchrun (lane `training`)."""
    return None


@pytest.fixture
def training_run():
    """Marks a test that trains and evaluates for tens of seconds in-process (lane `training`)."""
    return None


def app_env(port: int, **overrides: str | None) -> dict[str, str]:
    """Environment for `python app.py` on 127.0.0.1:port; a None override removes the variable."""
    return server_env(port, **overrides)


def start_app(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    return launch(APP, env, log_path)


def wait_until_up(proc: subprocess.Popen, url: str, log_path: Path, timeout: float = 90.0) -> None:
    try:
        wait_for_http(proc, url, log_path, time.monotonic() + timeout)
    except RuntimeError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> str:
    """URL of one `python app.py` (offline: bundled weights) shared by the API and browser tests."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("app") / "app.log"
    started = time.monotonic()
    proc = start_app(app_env(port), log_path)
    url = f"http://127.0.0.1:{port}/"
    LIVE_SERVER["pid"] = proc.pid
    try:
        wait_until_up(proc, url, log_path)
        print(f"\napp.py (offline) answered after {time.monotonic() - started:.1f} s")
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def live_server_pid(live_server) -> int:
    """Process id of the live server, e.g. to read its memory use from /proc."""
    return LIVE_SERVER["pid"]


@pytest.fixture(scope="session")
def client(live_server):
    from gradio_client import Client

    return Client(live_server, verbose=False)


@pytest.fixture(scope="session")
def family():
    """The fashion-mnist models, loaded in-process from the bundled weights."""
    import torch

    from models.loading.loader import load_family

    torch.set_num_threads(1)  # as app.py does: far faster for single images on busy cores
    saved = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        return load_family("fashion-mnist")
    finally:
        if saved is None:
            del os.environ["HF_HUB_OFFLINE"]
        else:
            os.environ["HF_HUB_OFFLINE"] = saved


@pytest.fixture(scope="session")
def explore_weights(tmp_path_factory) -> Path:
    """A copy of weights/ with a latent map (made by train.latent_map) for every dataset that has a VAE.

    The Explore and Compare tabs need that map; weights/ gets its own only when the lead makes it.
    """
    import shutil

    from models.datasets import DATASETS
    from train import latent_map

    root = tmp_path_factory.mktemp("weights")
    shutil.copytree(REPO / "weights", root, dirs_exist_ok=True)
    for dataset in DATASETS:
        vae = root / f"{dataset}-vae"
        if (vae / "model.safetensors").is_file() and not (vae / "latent_map.safetensors").is_file():
            latent_map.main(["--dataset", dataset, "--vae", str(vae)])
    return root


@pytest.fixture(scope="session")
def explore_server(explore_weights, tmp_path_factory) -> str:
    """URL of a `python app.py` serving the explore_weights copy (offline), for the Explore/Compare tests."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("app-explore") / "app.log"
    proc = start_app(app_env(port, WEIGHTS_DIR=str(explore_weights)), log_path)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(proc, url, log_path)
        yield url
    finally:
        stop(proc)
