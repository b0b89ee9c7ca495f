"""A fresh machine's environment: no dataset files, no `animal_mnist` package, no network.

`fresh_env(tmp)` points every data location of models/operations/common/dataset_files.py at an
empty folder and puts a sitecustomize first on PYTHONPATH that makes `animal_mnist` unimportable
(sys.modules entry None: `import animal_mnist` raises ImportError and importlib's find_spec
answers None, as when the package is not installed).
"""
from __future__ import annotations

import os
from pathlib import Path

BLOCK_ANIMAL_MNIST = 'import sys\nsys.modules["animal_mnist"] = None  # as if it were not installed\n'


def fresh_env(tmp: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    empty, shim = Path(tmp) / "no-datasets", Path(tmp) / "no-animal-mnist"
    empty.mkdir(parents=True, exist_ok=True)
    shim.mkdir(parents=True, exist_ok=True)
    (shim / "sitecustomize.py").write_text(BLOCK_ANIMAL_MNIST)
    env = dict(os.environ if base is None else base)
    path = [str(shim)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env.update(PYTHONPATH=os.pathsep.join(path), FASHION_MNIST_DIR=str(empty), TORCHVISION_DATA=str(empty),
               HF_HUB_OFFLINE="1", NO_DOWNLOAD="1", HF_HOME=str(Path(tmp) / "hf-home"))
    return env
