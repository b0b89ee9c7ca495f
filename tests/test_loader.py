"""Where models come from: Hub first (bounded in time), bundled folder next; clear errors."""
import shutil
import threading
import time

import pytest

from models.loading import loader
from models import datasets
from models.errors import InputError
from models.loading.loader import WeightsError


@pytest.fixture
def fresh_hub_state(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(loader.hub_constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setitem(loader._hub_state, "gave_up", False)


def test_repo_ids_and_revisions_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("HUB_NAMESPACE", raising=False)
    monkeypatch.delenv("FASHION_MNIST_GAN_REPO", raising=False)
    monkeypatch.delenv("FASHION_MNIST_GAN_REVISION", raising=False)
    assert loader.repo_id("fashion-mnist", "gan") == "genmodels-intro/fashion-mnist-gan"
    assert loader.revision("fashion-mnist", "gan") is None
    monkeypatch.setenv("HUB_NAMESPACE", "someone")
    assert loader.repo_id("fashion-mnist", "vae") == "someone/fashion-mnist-vae"
    monkeypatch.setenv("FASHION_MNIST_GAN_REPO", "me/my-gan")
    monkeypatch.setenv("FASHION_MNIST_GAN_REVISION", "v1.0")
    assert loader.repo_id("fashion-mnist", "gan") == "me/my-gan"
    assert loader.revision("fashion-mnist", "gan") == "v1.0"


def test_weights_dir_overrides_the_bundled_root(monkeypatch, tmp_path):
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    assert loader.bundled_folder("animal-mnist", "vae") == tmp_path / "animal-mnist-vae"


def test_a_silent_hub_costs_at_most_the_timeout(monkeypatch, fresh_hub_state):
    hang = threading.Event()
    monkeypatch.setattr(loader, "snapshot_download", lambda *a, **k: hang.wait(60) or "never")
    monkeypatch.setattr(loader, "_from_hub_cache", lambda *a: None)
    monkeypatch.setenv("HUB_TIMEOUT", "0.5")
    started = time.monotonic()
    folders, origins = loader._locate("fashion-mnist", list(loader.KINDS))
    hang.set()
    assert time.monotonic() - started < 2.0, "the three downloads share one deadline"
    assert all(origin.startswith("bundled folder") for origin in origins.values())
    assert loader._hub_state["gave_up"], "later families must not wait for the Hub again"


def test_the_hub_is_tried_first(monkeypatch, fresh_hub_state):
    calls = []

    def fake_download(repo_id, **kwargs):
        calls.append((repo_id, kwargs.get("revision")))
        return str(loader.bundled_folder("fashion-mnist", repo_id.rsplit("-", 1)[1]))

    monkeypatch.setattr(loader, "snapshot_download", fake_download)
    monkeypatch.setenv("FASHION_MNIST_VAE_REVISION", "abc123")
    _, origins = loader._locate("fashion-mnist", ["classifier", "vae"])
    assert origins == {"classifier": "Hub genmodels-intro/fashion-mnist-classifier",
                       "vae": "Hub genmodels-intro/fashion-mnist-vae@abc123"}
    assert ("genmodels-intro/fashion-mnist-vae", "abc123") in calls


def test_offline_mode_never_touches_the_hub(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(loader, "snapshot_download", lambda *a, **k: pytest.fail("the Hub was contacted"))
    _, origins = loader._locate("fashion-mnist", ["gan"])
    assert origins["gan"].startswith("bundled folder")


def test_missing_weights_file_is_named(tmp_path):
    folder = tmp_path / "fashion-mnist-vae"
    shutil.copytree(loader.bundled_folder("fashion-mnist", "vae"), folder)
    (folder / "model.safetensors").unlink()
    with pytest.raises(WeightsError, match=r"fashion-mnist-vae/model\.safetensors is missing"):
        loader.load_model(folder, "vae")


def test_corrupt_weights_file_is_named(tmp_path):
    folder = tmp_path / "fashion-mnist-gan"
    shutil.copytree(loader.bundled_folder("fashion-mnist", "gan"), folder)
    (folder / "model.safetensors").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(WeightsError, match=r"fashion-mnist-gan/model\.safetensors .*could not be loaded as a gan"):
        loader.load_model(folder, "gan")


def test_no_weights_anywhere_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "_from_hub_cache", lambda *a: None)
    with pytest.raises(WeightsError, match="no weights for fashion-mnist-classifier.*does not exist"):
        loader._locate("fashion-mnist", ["classifier"])


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(InputError, match="Unknown dataset 'mnist'. Accepted: fashion-mnist"):  # checked once, by the registry
        loader.load_family("mnist")


def test_a_family_carries_its_dataset_entry(family):
    assert family.entry is datasets.FASHION_MNIST
    assert family.class_names == list(family.entry.class_names)


def test_loaded_models_are_in_eval_mode(family):
    assert not any(model.training for model in family.models.values())
    assert set(family.origins) == {"classifier", "vae", "gan", "cvae"}


def test_an_unusable_hub_copy_falls_back_to_the_bundled_folder(monkeypatch, fresh_hub_state, tmp_path):
    broken = tmp_path / "snapshot"
    broken.mkdir()
    (broken / "config.json").write_text("{}")  # a snapshot without model.safetensors
    monkeypatch.setattr(loader, "snapshot_download", lambda *a, **k: str(broken))
    monkeypatch.setattr(loader, "_families", {})
    family = loader.load_family("fashion-mnist")
    assert all(origin.startswith("bundled folder") and "unusable" in origin for origin in family.origins.values())
    assert not family.gan.training
