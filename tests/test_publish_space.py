"""train.publish_space: the Space gets exactly the files it runs, checked on what the local Hub stub received."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO
from hub_stub import HubStub
from test_tree import import_graph
from train import publish_space


def tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def test_only_what_the_space_runs_is_listed(tmp_path):
    (tmp_path / "README.md").parent.mkdir(exist_ok=True)
    (tmp_path / "README.md").write_text("---\nsdk: gradio\n---\n![shown](docs/shown.png) [page](docs/page.md)\n")
    wanted = ["app.py", "requirements.txt", "models/a.py", "space/tabs/b.py", "weights/m/model.safetensors",
              "weights/fashion-mnist-live-data/data.safetensors", "examples/cat.png", "docs/shown.png"]
    junk = ["models/__pycache__/a.cpython-311.pyc", "space/.DS_Store", "weights/m/old.pt", "tests/test_x.py",
            "benchmarks/b.py", "train/t.py", "docs/page.md", "docs/not-shown.png", ".gradio/cache/f.png",
            ".git/config", "requirements-test.txt", "weights/.cache/huggingface/x.lock"]
    tree(tmp_path, wanted + junk)
    assert publish_space.space_files(tmp_path) == sorted(wanted + ["README.md"])


def test_a_missing_readme_image_or_front_matter_is_a_clear_error(tmp_path):
    (tmp_path / "README.md").write_text("# no front matter\n![gone](docs/gone.png)\n")
    with pytest.raises(FileNotFoundError, match="docs/gone.png"):
        publish_space.space_files(tmp_path)
    with pytest.raises(ValueError, match="front matter"):
        publish_space.check_front_matter(tmp_path)


def test_dry_run_lists_the_repositorys_space_files(capsys):
    files = publish_space.main(["--space", "me/app", "--dry-run"])
    out = capsys.readouterr().out
    assert out.splitlines()[:-1] == files and f"{len(files)} files" in out.splitlines()[-1]
    assert {"app.py", "README.md", "requirements.txt", "docs/lesson-en.png"} <= set(files)
    for dataset in ("fashion-mnist", "animal-mnist"):
        assert f"weights/{dataset}-live-data/data.safetensors" in files  # Train live's images travel too
        assert f"weights/{dataset}-gan/model.safetensors" in files
    tops = {name.split("/")[0] for name in files}
    assert tops <= {"app.py", "README.md", "requirements.txt", "models", "space", "weights", "examples", "docs"}
    assert not [n for n in files if "__pycache__" in n or n.endswith(".pyc") or "/." in f"/{n}"]
    assert {n for n in files if n.startswith("docs/")} == set(publish_space.readme_images())


def test_every_module_the_app_imports_is_sent():
    graph, files = import_graph(), set(publish_space.space_files())
    needed, todo = set(), ["app"]
    while todo:
        module = todo.pop()
        if module not in needed:
            needed.add(module)
            todo += graph[module]
    for module in needed:
        path = module.replace(".", "/")
        assert f"{path}.py" in files or f"{path}/__init__.py" in files, module


def test_bad_space_name_and_no_token_are_clear_errors(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        publish_space.main(["--space", "just-a-name", "--dry-run"])
    assert "--space must be OWNER/NAME" in capsys.readouterr().err
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(publish_space, "get_token", lambda: None)
    with pytest.raises(SystemExit):
        publish_space.main(["--space", "me/app"])
    assert "HF_TOKEN" in capsys.readouterr().err


def test_upload_sends_exactly_the_space_files_and_removes_stale_ones(tmp_path, processes):
    """`python -m train.publish_space` against the stub (the plain-git commit API: HF_HUB_DISABLE_XET=1):
    the Space is created as a Gradio Space, every listed file arrives byte for byte, nothing else does,
    and a file an earlier upload left there is deleted."""
    space = "me/genmodels"
    stub = HubStub("upload", {f"spaces/{space}": {"old_module.py": b"stale", "app.py": b"old"}})
    env = {**os.environ, "HF_ENDPOINT": stub.url, "HF_TOKEN": "hf_test_token", "HF_HUB_DISABLE_XET": "1",
           "HF_HOME": str(tmp_path / "hf"), "PYTHONPATH": str(REPO), "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    env.pop("HF_HUB_OFFLINE", None)
    try:
        done = subprocess.run([sys.executable, "-m", "train.publish_space", "--space", space], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300)
    finally:
        stub.close()
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith(f"/spaces/{space}/commit/{'c0ffee' * 6}c0ff")
    assert [(c["organization"], c["name"], c["type"], c["sdk"]) for c in stub.created] == \
        [("me", "genmodels", "space", "gradio")]
    sent = {}
    for commit in stub.commits[f"spaces/{space}"]:
        sent.update(commit["files"])
    deleted = [p for commit in stub.commits[f"spaces/{space}"] for p in commit["deleted"]]
    expected = publish_space.space_files()
    assert sorted(sent) == expected
    assert all(hashlib.sha256(data).digest() == hashlib.sha256((REPO / name).read_bytes()).digest()
               for name, data in sent.items())
    assert deleted == ["old_module.py"]
    print(f"\n{len(sent)} files, {sum(map(len, sent.values())) / 1e6:.1f} MB sent; deleted {deleted}; "
          f"{json.dumps(stub.created)}")
