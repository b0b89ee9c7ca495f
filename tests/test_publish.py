"""train.publish without network: what gets staged, and exactly what huggingface_hub is asked to do."""
import argparse
import shutil
from pathlib import Path
from unittest import mock

import pytest

from models import Classifier
from train import publish
from train.lib import common

COMMIT_URL = "https://huggingface.co/user/name/commit/0123abc"


@pytest.fixture
def folder(tmp_path):
    """A saved classifier folder plus files that must not be uploaded."""
    out = tmp_path / "fashion-mnist-classifier"
    Classifier().save_pretrained(out)  # model.safetensors, config.json, README.md
    (out / "training.json").write_text('{"command": "python -m train.classifier", "train_seconds": 2.0}')
    (out / "samples").mkdir()
    (out / "samples" / "epoch_01.png").write_bytes(b"png")
    (out / ".DS_Store").write_bytes(b"x")
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "x.pyc").write_bytes(b"x")
    (out / "checkpoint.pt").write_bytes(b"pickle")
    return out


@pytest.fixture
def hub(monkeypatch):
    """A mocked HfApi whose upload_folder records the staged folder before it is deleted."""
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    staged = {}

    def upload_folder(**kwargs):
        root = Path(kwargs["folder_path"])
        staged["files"] = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        staged["readme"] = (root / "README.md").read_text()
        return mock.Mock(commit_url=COMMIT_URL)

    with mock.patch("train.publish.HfApi") as api_class:
        api_class.return_value.upload_folder.side_effect = upload_folder
        yield api_class, api_class.return_value, staged


def test_publish_stages_the_folder_and_calls_the_hub(folder, hub):
    api_class, api, staged = hub
    assert publish.publish(folder, "user/name") == COMMIT_URL
    api_class.assert_called_once_with(token="hf_test_token")
    api.create_repo.assert_called_once_with("user/name", private=False, exist_ok=True, repo_type="model")
    api.create_branch.assert_not_called()
    kwargs = api.upload_folder.call_args.kwargs
    assert kwargs["repo_id"] == "user/name" and kwargs["revision"] is None
    assert kwargs["commit_message"] == "Upload fashion-mnist-classifier (5 files)"
    assert not Path(kwargs["folder_path"]).exists()  # the staging copy is cleaned up
    assert staged["files"] == ["README.md", "config.json", "model.safetensors", "samples/epoch_01.png",
                               "training.json"]
    assert 'Classifier.from_pretrained("user/name").eval()' in staged["readme"]
    assert "license: mit" in staged["readme"] and "zalando-datasets/fashion_mnist" in staged["readme"]


def test_revision_private_and_explicit_token(folder, hub):
    api_class, api, _ = hub
    publish.publish(folder, "user/name", token="hf_other", revision="v1", private=True)
    api_class.assert_called_once_with(token="hf_other")
    api.create_repo.assert_called_once_with("user/name", private=True, exist_ok=True, repo_type="model")
    api.create_branch.assert_called_once_with("user/name", branch="v1", exist_ok=True, repo_type="model")
    assert api.upload_folder.call_args.kwargs["revision"] == "v1"


@pytest.mark.parametrize("missing", publish.REQUIRED_FILES)
def test_incomplete_folder_is_a_clear_error(folder, hub, missing):
    api_class, _, _ = hub
    (folder / missing).unlink()
    with pytest.raises(publish.IncompleteFolderError, match=f"missing {missing}"):
        publish.publish(folder, "user/name")
    api_class.assert_not_called()


def test_no_token_is_a_clear_error(folder, hub, monkeypatch):
    api_class, _, _ = hub
    monkeypatch.setattr(publish, "get_token", lambda: None)
    with pytest.raises(PermissionError, match="HF_TOKEN"):
        publish.publish(folder, "user/name")
    api_class.assert_not_called()


def test_cli_defaults_to_the_repo_the_app_loads(folder, hub, monkeypatch, capsys):
    _, api, _ = hub
    monkeypatch.setenv("HUB_NAMESPACE", "someone")
    monkeypatch.delenv("FASHION_MNIST_CLASSIFIER_REPO", raising=False)
    publish.main([str(folder), "--private"])
    api.create_repo.assert_called_once_with("someone/fashion-mnist-classifier", private=True, exist_ok=True, repo_type="model")
    assert capsys.readouterr().out.strip() == COMMIT_URL


def test_cli_reports_an_incomplete_folder_without_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        publish.main([str(tmp_path), "--repo-id", "user/name"])
    assert exit_info.value.code == 2
    assert "missing model.safetensors, config.json, README.md" in capsys.readouterr().err


def test_training_scripts_push_to_hub_through_publish(folder, hub):
    _, api, _ = hub
    common.finish(folder, argparse.Namespace(push_to_hub="user/trained"))
    api.create_repo.assert_called_once_with("user/trained", private=False, exist_ok=True, repo_type="model")


def test_publishable_files_skips_hidden_caches_and_pickles(folder):
    names = [p.as_posix() for p in publish.publishable_files(folder)]
    assert names == ["README.md", "config.json", "model.safetensors", "samples/epoch_01.png", "training.json"]


def test_live_data_folder_goes_to_a_dataset_repo(hub, tmp_path, monkeypatch, capsys):
    """A folder made by train/live_data.py is published as a Hub *dataset* beside the models, card and licence included."""
    from models import datasets
    _, api, staged = hub
    folder = tmp_path / "animal-mnist-live-data"
    shutil.copytree(datasets.weights_folder("animal-mnist", datasets.LIVE_DATA), folder)
    (folder / ".DS_Store").write_bytes(b"x")
    monkeypatch.setenv("HUB_NAMESPACE", "someone")
    monkeypatch.delenv("ANIMAL_MNIST_LIVE_DATA_REPO", raising=False)
    publish.main([str(folder)])
    api.create_repo.assert_called_once_with("someone/animal-mnist-live-data", private=False, exist_ok=True,
                                            repo_type="dataset")
    assert api.upload_folder.call_args.kwargs["repo_type"] == "dataset"
    assert staged["files"] == ["LICENSE", "README.md", "data.safetensors", "provenance.json"]
    assert staged["readme"] == (folder / "README.md").read_text()  # its own card, not a model card
    assert "license: mit" in staged["readme"]


def test_incomplete_live_data_folder_names_what_is_missing(tmp_path, capsys):
    (tmp_path / "provenance.json").write_text('{"dataset": "fashion-mnist"}')
    with pytest.raises(SystemExit):
        publish.main([str(tmp_path), "--repo-id", "user/name"])
    assert "missing data.safetensors, README.md, LICENSE" in capsys.readouterr().err
