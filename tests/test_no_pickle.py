"""Weights are only ever read with safetensors: no torch.load and no pickle anywhere in the project's code.

Unpickling runs arbitrary code from the file, so a tampered checkpoint or Hub download
would run on the server. The one exception is the Animal-MNIST reader in
models/operations/common/dataset_files.py: the data files of a pinned registry package, never weights,
opened with an unpickler that admits only numpy arrays (the app reads them for live training).
"""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# the Animal-MNIST reader's ArrayUnpickler admits numpy arrays only; its test pickles hostile payloads to prove it
ALLOWED = {"models/operations/common/dataset_files.py": {"import pickle", "pickle.UnpicklingError"},
           "tests/test_animal_pickle.py": {"import pickle", "pickle.dumps", "pickle.UnpicklingError"}}
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}
UNPICKLING_MODULES = {"pickle", "cPickle", "_pickle", "dill", "joblib", "cloudpickle", "shelve", "marshal"}


def project_files() -> list[Path]:
    return sorted(p for p in REPO.rglob("*.py") if not SKIPPED_DIRS & set(p.relative_to(REPO).parts))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def unsafe_uses(source: str) -> set[str]:
    """What in this code can unpickle: imports of pickling modules, torch.load, allow_pickle=True."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {f"import {a.name}" for a in node.names if a.name.split(".")[0] in UNPICKLING_MODULES}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] in UNPICKLING_MODULES:
                found.add(f"from {module} import")
            if module in {"torch", "torch.serialization"} and any(a.name == "load" for a in node.names):
                found.add("from torch import load")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name.endswith(("torch.load", "serialization.load")) or name.split(".")[0] in UNPICKLING_MODULES:
                found.add(name)
            if any(k.arg == "allow_pickle" and getattr(k.value, "value", False) is True for k in node.keywords):
                found.add(f"{name}(allow_pickle=True)")
    return found


@pytest.mark.parametrize("code, expected", [
    ("import torch\nstate = torch.load('m.pt')", {"torch.load"}),
    ("from torch import load", {"from torch import load"}),
    ("import pickle\npickle.loads(b'')", {"import pickle", "pickle.loads"}),
    ("import numpy as np\nnp.load('x.npy', allow_pickle=True)", {"np.load(allow_pickle=True)"}),
    ("from joblib import load", {"from joblib import"}),
    ("# torch.load in a comment\ntext = 'pickle.load'\nfrom safetensors.torch import load_file", set()),
])
def test_the_detector_finds_unpickling(code, expected):
    assert unsafe_uses(code) == expected


def test_no_torch_load_or_pickle_in_the_project():
    files = project_files()
    assert REPO / "app.py" in files and REPO / "models" / "loading" / "loader.py" in files
    offenders = {}
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        uses = unsafe_uses(path.read_text(encoding="utf-8")) - ALLOWED.get(relative, set())
        if uses:
            offenders[relative] = sorted(uses)
    assert not offenders, f"unpickling outside the allowed data reader: {offenders}"


def test_weights_load_through_safetensors_only():
    bundled = list((REPO / "weights").glob("*/"))
    pickled = [p for p in (REPO / "weights").rglob("*") if p.suffix in {".pt", ".pth", ".ckpt", ".pkl", ".bin"}]
    assert not pickled, f"pickled checkpoints next to the weights: {pickled}"
    assert all((folder / "model.safetensors").is_file() for folder in bundled if (folder / "config.json").is_file())
