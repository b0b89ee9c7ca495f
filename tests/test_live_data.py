"""Train live's shipped data (train/live_data.py makes it, models/loading/live_data.py reads it)."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys

import pytest
import torch
from safetensors.torch import save_file

from conftest import REPO
from fresh_machine import fresh_env
from hub_stub import HubStub
from models import datasets
from models.loading import live_data
from models.operations.common import dataset_files

FILES = ("data.safetensors", "provenance.json", "README.md", "LICENSE")


def bundled(dataset: str):
    return datasets.weights_folder(dataset, datasets.LIVE_DATA, REPO / "weights")


def sources_present(dataset: str) -> bool:
    if dataset == "fashion-mnist":
        return (dataset_files.DEBIAN_FASHION_MNIST / "train-images-idx3-ubyte.gz").is_file()
    return importlib.util.find_spec("animal_mnist") is not None


@pytest.mark.parametrize("dataset", datasets.DATASETS)
def test_shipped_subset_is_balanced_and_documented(dataset):
    folder = bundled(dataset)
    tensors = live_data.read_folder(folder)
    provenance = json.loads((folder / "provenance.json").read_text())
    per_class = provenance["per_class"]
    k = len(datasets.class_names(dataset))
    assert torch.bincount(tensors["labels"], minlength=k).tolist() == [per_class] * k
    assert len(tensors["labels"]) == provenance["images"] == per_class * k
    assert tensors["shown"].shape == (k, 28, 28)
    assert len({hashlib.sha1(im.numpy().tobytes()).digest() for im in tensors["images"]}) > 0.99 * per_class * k
    assert provenance["split"] == "train" and provenance["licence"] == "MIT" and provenance["sources"]
    assert provenance["data_sha256"] == hashlib.sha256((folder / "data.safetensors").read_bytes()).hexdigest()
    assert "MIT" in (folder / "LICENSE").read_text() and "license: mit" in (folder / "README.md").read_text()
    assert (folder / "data.safetensors").stat().st_size < 3_000_000  # the repository stays lean


@pytest.mark.parametrize("dataset", datasets.DATASETS)
def test_rebuilding_from_the_sources_is_byte_identical(dataset, tmp_path):
    if not sources_present(dataset):
        pytest.skip(f"{dataset}'s source files are not on this machine")
    from train import live_data as make
    provenance = json.loads((bundled(dataset) / "provenance.json").read_text())
    out = make.build(dataset, tmp_path / "again", provenance["per_class"], provenance["seed"])
    for name in FILES:
        assert (out / name).read_bytes() == (bundled(dataset) / name).read_bytes(), name
    # and the sources are the ones recorded: the same files, the same digests
    recorded = {s["file"]: s["sha256"] for s in provenance["sources"]}
    assert recorded == {p.name: make.sha256(p) for p in make.source_files(dataset)}


@pytest.mark.parametrize("dataset", datasets.DATASETS)
def test_subset_images_come_from_the_training_split(dataset):
    if not sources_present(dataset):
        pytest.skip(f"{dataset}'s source files are not on this machine")
    train = dataset_files.load_split(dataset, "train")
    known = {(hashlib.sha1(im.numpy().tobytes()).digest(), int(y)) for im, y in zip(train.images[:, 0], train.labels)}
    shipped = live_data.read_folder(bundled(dataset))
    assert all((hashlib.sha1(im.numpy().tobytes()).digest(), int(y)) in known
               for im, y in zip(shipped["images"], shipped["labels"]))


LOAD_BOTH = """
import json, logging
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
from models.loading import live_data
from models.operations.lesson import labels
out = {}
for d in ("fashion-mnist", "animal-mnist"):
    split = live_data.training_images(d)
    out[d] = {"n": len(split.labels), "shape": list(split.images.shape), "origin": live_data.origin(d),
              "split_size": labels.training_split_size(d), "shown": list(live_data.shown_images(d).shape)}
try:
    import animal_mnist
    out["animal_mnist_importable"] = True
except ImportError:
    out["animal_mnist_importable"] = False
print("RESULT " + json.dumps(out))
"""


def run_loader(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", LOAD_BOTH], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.split("RESULT ", 1)[1]), done.stderr


def online_env(stub, tmp_path, hub_timeout: int) -> dict:
    """The loader's environment with the network on, pointed at `stub`, its Hub cache in `tmp_path`."""
    env = {**os.environ, "HF_ENDPOINT": stub.url, "HF_HOME": str(tmp_path / "hf"), "HUB_TIMEOUT": str(hub_timeout),
           "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    env.pop("HF_HUB_OFFLINE", None)
    return env


def test_loads_without_the_dataset_packages(tmp_path, processes):
    env = fresh_env(tmp_path, {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"})
    result, _ = run_loader(env)
    assert result.pop("animal_mnist_importable") is False
    assert result["fashion-mnist"]["split_size"] == 60_000 and result["animal-mnist"]["split_size"] == 7_775
    for dataset, found in result.items():
        assert found["origin"] == f"bundled folder weights/{dataset}-live-data"
        assert found["shape"][1:] == [1, 28, 28] and found["n"] == found["shape"][0]
        assert found["shown"] == [10, 1, 28, 28]


def test_the_hub_copy_comes_first_and_a_corrupt_one_falls_back(tmp_path, processes):
    """Served by the Hub stub as dataset repos: Fashion-MNIST's copy is good (smaller, to tell it apart),
    Animal-MNIST's data file is garbage, so that one is read from the bundled folder."""
    good = live_data.read_folder(bundled("fashion-mnist"))
    small = {"images": good["images"][:20].contiguous(), "labels": good["labels"][:20].contiguous(),
             "shown": good["shown"]}
    save_file(small, str(tmp_path / "small.safetensors"))
    provenance = (bundled("fashion-mnist") / "provenance.json").read_bytes()
    repos = {f"datasets/{live_data.repo_id('fashion-mnist')}": {"data.safetensors": (tmp_path / "small.safetensors").read_bytes(),
                                                              "provenance.json": provenance},
             f"datasets/{live_data.repo_id('animal-mnist')}": {"data.safetensors": b"\x08" + b"\x00" * 300,
                                                             "provenance.json": b"{}"}}
    stub = HubStub("corrupt", repos)
    env = online_env(stub, tmp_path, hub_timeout=10)
    try:
        result, log = run_loader(env)
    finally:
        stub.close()
    assert any(r.startswith("GET /datasets/") for r in stub.requests), stub.requests
    assert result["fashion-mnist"]["origin"] == f"Hub dataset {live_data.repo_id('fashion-mnist')}"
    assert result["fashion-mnist"]["n"] == 20
    assert result["animal-mnist"]["origin"] == "bundled folder weights/animal-mnist-live-data"
    assert "cannot be read as safetensors" in log and "using the next copy instead" in log


def test_a_silent_hub_costs_the_timeout_once(tmp_path, processes):
    stub = HubStub("hang")
    env = online_env(stub, tmp_path, hub_timeout=2)
    try:
        result, log = run_loader(env)
    finally:
        stub.close()
    assert all(found["origin"].startswith("bundled folder") for found in result.values() if isinstance(found, dict))
    assert log.count("the Hub did not answer within 2.0 s") == 1  # the second dataset skips the Hub


def test_no_copy_anywhere_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    live_data._loaded.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="python -m train.live_data --dataset animal-mnist"):
            live_data.training_images("animal-mnist")
    finally:
        live_data._loaded.cache_clear()
