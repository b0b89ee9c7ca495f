"""The generator as it was at an earlier epoch of its training: one safetensors file per kept epoch.

`python -m train.gan_snapshots --snapshot-epochs 1,4` writes them, next to the weights, as
`snapshots/generator_epoch_XX.safetensors`: the averaged (EMA) generator with its standing
batch-norm statistics, exactly what that epoch's sample grid was drawn with. The file's
metadata holds the epoch, the training command and that epoch's validation scores. Only the
generator is kept: the real-or-fake game pits an early G against the trained D.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from models import compat
from models.loading import artefacts
from models.errors import WeightsError
from models.loading.loader import Family
from models.networks.gan import ConditionalGAN

FOLDER = "snapshots"
SNAPSHOT_FILE = re.compile(r"generator_epoch_(\d+)\.safetensors$")


def file_name(epoch: int) -> str:
    return f"generator_epoch_{epoch:02d}.safetensors"


def save(gan: ConditionalGAN, folder: Path, epoch: int, record: dict, command: str) -> Path:
    """Writes `gan`'s generator (weights and batch-norm statistics) with what made it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(epoch)
    tensors = {k: v.detach().cpu().contiguous() for k, v in gan.generator.state_dict().items()}
    metadata = {"epoch": str(epoch), "command": command, "record": json.dumps(record),
                "config": json.dumps(compat.hub_mixin_config(gan), sort_keys=True)}
    save_file(tensors, str(path), metadata=metadata)
    return path


def epochs(family: Family) -> list[int]:
    """The epochs whose generator was kept next to `family`'s GAN, in order."""
    found = artefacts.find_all(family, "gan", f"{FOLDER}/generator_epoch_*.safetensors")
    return sorted(int(m.group(1)) for p in found if (m := SNAPSHOT_FILE.search(p.name)))


def metadata(family: Family, epoch: int) -> dict:
    """The snapshot's epoch, command and validation record (parsed)."""
    return read_metadata(_path(family, epoch))


def read_metadata(path: Path) -> dict:
    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata() or {}
    return {"epoch": int(meta.get("epoch", 0)), "command": meta.get("command", ""),
            "record": json.loads(meta.get("record", "{}"))}


def _path(family: Family, epoch: int) -> Path:
    path = artefacts.find_file(family, "gan", f"{FOLDER}/{file_name(epoch)}")
    if path is None:
        raise WeightsError(f"no generator snapshot of epoch {epoch} for {family.dataset}: "
                           f"{FOLDER}/{file_name(epoch)} is not next to the GAN weights "
                           f"(python -m train.gan_snapshots --snapshot-epochs {epoch} writes it)")
    return path


def load(family: Family, epoch: int) -> ConditionalGAN:
    """A GAN whose generator is the one of `epoch`, in eval mode (its discriminator is left untrained:
    judge with family.gan's)."""
    return read(_path(family, epoch), compat.hub_mixin_config(family.gan))


def read(path: Path, config: dict) -> ConditionalGAN:
    """The snapshot at `path` in a GAN built from `config` (the served GAN's config.json)."""
    return _read(Path(path), json.dumps(config, sort_keys=True))


@functools.lru_cache(maxsize=8)
def _read(path: Path, config: str) -> ConditionalGAN:
    gan = ConditionalGAN(**json.loads(config))
    with safe_open(str(path), framework="pt") as f:
        state = {k: f.get_tensor(k) for k in f.keys()}
    try:
        gan.generator.load_state_dict(state)
    except RuntimeError as err:  # a snapshot of another architecture than the served GAN
        raise WeightsError(f"{path} does not fit the served GAN's generator: {err}") from None
    return gan.eval().requires_grad_(False)


__all__ = ["save", "epochs", "metadata", "read_metadata", "load", "read", "file_name"]
