"""Publishes a model folder, or a folder of Train live's data, to the Hugging Face Hub.

    python -m train.publish weights/fashion-mnist-gan [--repo-id USER/NAME] [--revision BRANCH] [--private]
    python -m train.publish weights/fashion-mnist-live-data   (a dataset repo, made by train/live_data.py)

The folder is staged into a temporary copy first: only publishable files go (no hidden
files, caches or pickled checkpoints), and the card is re-rendered there so its loading
snippet names the repo it is published to. The token comes from HF_TOKEN (or a saved
`huggingface-cli login`) unless one is passed.
"""
import argparse
import json
import shutil
import tempfile
from pathlib import Path

from huggingface_hub import HfApi, get_token

from models import datasets
from models.datasets import repo_id as default_repo_id
from train.lib import card
from train.lib import cvae_card
from train.lib.card import model_kind

REQUIRED_FILES = ("model.safetensors", "config.json", "README.md")
# A folder of Train live's training images (train/live_data.py) goes to a Hub *dataset* repo.
REQUIRED_DATA_FILES = ("data.safetensors", "provenance.json", "README.md", "LICENSE")
# Never uploaded: editor/OS droppings, caches, and anything that would be unpickled to load.
EXCLUDED_SUFFIXES = (".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".bin", ".tmp", ".lock", ".pyc")


class IncompleteFolderError(FileNotFoundError):
    """The folder lacks a file every published model needs."""



def write_card(folder: Path, repo_id: str | None = None) -> Path:
    """The card of any model folder: the class-conditional VAE's has its own writer (train/lib/cvae_card.py)."""
    if model_kind(json.loads((Path(folder) / "config.json").read_text())) == "cvae":
        return cvae_card.write_card(folder, repo_id)
    return card.write_card(folder, repo_id)

def is_live_data(folder: Path) -> bool:
    """A folder of Train live's data (its provenance.json names a dataset and a split), not a model."""
    provenance = Path(folder) / "provenance.json"
    return provenance.is_file() and not (Path(folder) / "config.json").is_file()


def repo_type(folder: Path) -> str:
    return "dataset" if is_live_data(folder) else "model"


def check_folder(folder: Path) -> None:
    folder = Path(folder)
    if not folder.is_dir():
        raise IncompleteFolderError(f"{folder} is not a folder")
    required, remedy = ((REQUIRED_DATA_FILES, "Make it with python -m train.live_data") if is_live_data(folder) else
                        (REQUIRED_FILES, "Train the model (python -m train.<model>) and evaluate it "
                                         "(python -m train.evaluate)"))
    missing = [name for name in required if not (folder / name).is_file()]
    if missing:
        raise IncompleteFolderError(f"{folder} cannot be published: missing {', '.join(missing)}. {remedy} first.")


def publishable_files(folder: Path) -> list[Path]:
    """Files to upload, relative to `folder`, sorted."""
    folder = Path(folder)
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.suffix in EXCLUDED_SUFFIXES:
            continue
        files.append(relative)
    return files


def stage_folder(folder: Path, staging: Path, repo_id: str) -> list[str]:
    """Copies the publishable files to `staging` and renders the card for `repo_id` there."""
    check_folder(folder)
    names = []
    for relative in publishable_files(folder):
        target = Path(staging) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(folder) / relative, target)
        names.append(relative.as_posix())
    if not is_live_data(folder):  # a data folder's card is written with it (train/live_data.py)
        write_card(staging, repo_id=repo_id)
    return names


def folder_repo_id(folder: Path) -> str:
    """The repo the app loads this folder's model, or data, from (models/loading/ decides)."""
    if is_live_data(folder):
        dataset = json.loads((Path(folder) / "provenance.json").read_text())["dataset"]
        return default_repo_id(dataset, datasets.LIVE_DATA)
    config = json.loads((Path(folder) / "config.json").read_text())
    return default_repo_id(config["dataset"], model_kind(config))


def publish(folder: Path, repo_id: str, *, token: str | None = None, revision: str | None = None,
            private: bool = False) -> str:
    """Creates `repo_id` if needed and uploads the staged folder in one commit; returns the commit URL."""
    folder = Path(folder)
    check_folder(folder)
    token = token or get_token()  # HF_TOKEN, then a saved login
    if not token:
        raise PermissionError("No Hugging Face token: set HF_TOKEN (a write token) or run `hf auth login`.")
    api = HfApi(token=token)
    kind = repo_type(folder)
    with tempfile.TemporaryDirectory(prefix="publish-") as staging:
        names = stage_folder(folder, Path(staging), repo_id)
        api.create_repo(repo_id, private=private, exist_ok=True, repo_type=kind)
        if revision:
            api.create_branch(repo_id, branch=revision, exist_ok=True, repo_type=kind)
        commit = api.upload_folder(
            repo_id=repo_id, folder_path=staging, revision=revision, repo_type=kind,
            commit_message=f"Upload {folder.name} ({len(names)} files)",
        )
    return commit.commit_url


def main(argv=None) -> str:
    p = argparse.ArgumentParser(prog="python -m train.publish", description="Publish a model or live-data folder to the Hub.")
    p.add_argument("folder", type=Path, help="e.g. weights/fashion-mnist-gan or weights/fashion-mnist-live-data")
    p.add_argument("--repo-id", default=None, help="USER/NAME (default: the repo the app loads, see models/loading/loader.py)")
    p.add_argument("--revision", default=None, help="branch to commit to (created if missing; default main)")
    p.add_argument("--private", action="store_true", help="create the repo as private (an existing repo keeps its setting)")
    args = p.parse_args(argv)
    try:
        check_folder(args.folder)
        url = publish(args.folder, args.repo_id or folder_repo_id(args.folder), revision=args.revision,
                      private=args.private)
    except (IncompleteFolderError, PermissionError) as exc:
        p.error(str(exc))  # a one-line message and exit status 2, not a traceback
    print(url)
    return url


if __name__ == "__main__":
    main()
