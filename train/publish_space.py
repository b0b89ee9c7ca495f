"""Publishes the app to a Hugging Face Space, in one command:

    python -m train.publish_space --space OWNER/NAME [--private] [--dry-run]

Uploads exactly what the Space runs: app.py, models/, space/, weights/ (the models and Train
live's training images), examples/, requirements.txt, README.md (its front matter is the Space's
configuration) and the docs/ images the README shows; nothing else (no tests/, benchmarks/, train/,
caches or hidden files). Files of an earlier upload that are no longer in the list are deleted, so
the Space holds this list and nothing more. The Space needs no Debian package (no packages.txt):
the page's font comes with Gradio and the pictures' text with Pillow and matplotlib. `--dry-run`
prints the files and sends nothing. The token comes from HF_TOKEN (or a saved login).
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from huggingface_hub import HfApi, get_token

from train.publish import EXCLUDED_SUFFIXES

REPO = Path(__file__).resolve().parent.parent
FILES = ("app.py", "requirements.txt", "README.md", "packages.txt")  # packages.txt only if it exists
FOLDERS = ("models", "space", "weights", "examples")
# an image the README shows: ![alt](docs/name.png)
README_IMAGE = re.compile(r"!\[[^\]]*\]\((docs/[^)\s]+)\)")
GLOB_CHARACTERS = set("*?[]")


def readme_images(root: Path = REPO) -> list[str]:
    return sorted(set(README_IMAGE.findall((Path(root) / "README.md").read_text(encoding="utf-8"))))


def _kept(relative: Path) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in relative.parts) \
        and relative.suffix not in EXCLUDED_SUFFIXES


def space_files(root: Path = REPO) -> list[str]:
    """The files the Space needs, relative to `root`, sorted."""
    root = Path(root)
    names = [name for name in FILES if (root / name).is_file()]
    for folder in FOLDERS:
        names += [p.relative_to(root).as_posix() for p in sorted((root / folder).rglob("*"))
                  if p.is_file() and _kept(p.relative_to(root))]
    missing = [name for name in readme_images(root) if not (root / name).is_file()]
    if missing:
        raise FileNotFoundError(f"the README shows {', '.join(missing)}, which do not exist")
    names += readme_images(root)
    odd = [name for name in names if GLOB_CHARACTERS & set(name)]
    if odd:  # each name is passed to upload_folder as a pattern: it must match itself only
        raise ValueError(f"file names with pattern characters cannot be listed exactly: {odd}")
    return sorted(set(names))


def check_front_matter(root: Path = REPO) -> None:
    text = (Path(root) / "README.md").read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\nsdk: gradio\n" not in text.split("\n---", 1)[0]:
        raise ValueError("README.md must start with the Space's front matter (---, sdk: gradio, ..., ---)")


def publish_space(space: str, *, root: Path = REPO, token: str | None = None, private: bool = False) -> str:
    """Creates the Space if needed and uploads space_files() in one commit; returns the commit URL."""
    check_front_matter(root)
    files = space_files(root)
    token = token or get_token()
    if not token:
        raise PermissionError("No Hugging Face token: set HF_TOKEN (a write token) or run `hf auth login`.")
    api = HfApi(token=token)
    api.create_repo(space, repo_type="space", space_sdk="gradio", private=private, exist_ok=True)
    commit = api.upload_folder(repo_id=space, repo_type="space", folder_path=str(root), allow_patterns=files,
                               delete_patterns=["*"],  # files of an earlier upload no longer listed
                               commit_message=f"Publish the app ({len(files)} files)")
    return commit.commit_url


def main(argv=None) -> str | list[str]:
    p = argparse.ArgumentParser(prog="python -m train.publish_space", description=__doc__.splitlines()[0])
    p.add_argument("--space", required=True, help="OWNER/NAME of the Space (created if missing)")
    p.add_argument("--private", action="store_true", help="create the Space as private (an existing one keeps its setting)")
    p.add_argument("--dry-run", action="store_true", help="list the files that would be uploaded; send nothing")
    args = p.parse_args(argv)
    if args.space.count("/") != 1 or not all(args.space.split("/")):
        p.error(f"--space must be OWNER/NAME, got {args.space!r}")
    try:
        if args.dry_run:
            check_front_matter()
            files = space_files()
            size = sum((REPO / name).stat().st_size for name in files)
            print("\n".join(files))
            print(f"{len(files)} files, {size / 1e6:.1f} MB, would go to the Space {args.space}")
            return files
        url = publish_space(args.space, private=args.private)
    except (PermissionError, ValueError, FileNotFoundError) as exc:
        p.error(str(exc))
    print(url)
    return url


if __name__ == "__main__":
    main()
