"""Finds, loads and caches the three models of a dataset family: Hub first, bundled folder second.

Where each model comes from is set by environment variables:

| variable | default | meaning |
|---|---|---|
| `WEIGHTS_DIR` | `<repo>/weights` | root of the bundled folders, `<WEIGHTS_DIR>/<dataset>-<kind>/` |
| `HUB_NAMESPACE` | `genmodels-intro` | owner of the default Hub repo ids |
| `<DATASET>_<KIND>_REPO`, e.g. `FASHION_MNIST_GAN_REPO` | `<HUB_NAMESPACE>/<dataset>-<kind>` | Hub repo id of one model |
| `<DATASET>_<KIND>_REVISION`, e.g. `FASHION_MNIST_GAN_REVISION` | unset (the repo's `main`) | branch, tag or commit to pin |
| `HUB_TIMEOUT` | `4` | seconds the Hub may take, for the whole family together |
| `HF_HUB_OFFLINE` | unset | `1` skips the Hub (huggingface_hub's own switch) |
| `HF_ENDPOINT` | huggingface_hub's default | Hub host (huggingface_hub's own setting) |

`<DATASET>` and `<KIND>` are upper-cased with `-` turned into `_`; kinds are
`CLASSIFIER`, `VAE`, `GAN`, `CVAE` (the class-conditional VAE).

Order of resolution for each model: the Hub (through huggingface_hub's cache, bounded by
`HUB_TIMEOUT`), then the bundled folder, then whatever huggingface_hub already has cached.
If the Hub does not answer in time, later families skip it for the rest of the process,
so a silent Hub costs `HUB_TIMEOUT` seconds once, not once per family.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from huggingface_hub import constants as hub_constants
from huggingface_hub import snapshot_download
from torch import nn

from models import datasets
from models.datasets import DATASETS, DEFAULT_DATASET, MODEL_KINDS, REPO_ROOT, env_key, repo_id, revision  # noqa: F401
from models.errors import WeightsError
from models.datasets import weights_folder as bundled_folder
from models.loading import load_errors
from models.networks.classifier import Classifier
from models.networks.cvae import ConditionalVAE
from models.networks.gan import ConditionalGAN
from models.loading.serving import for_serving
from models.networks.vae import VAE

log = logging.getLogger(__name__)

KINDS: dict[str, type[nn.Module]] = {"classifier": Classifier, "vae": VAE, "gan": ConditionalGAN,
                                    "cvae": ConditionalVAE}
assert tuple(KINDS) == MODEL_KINDS
# A family is loaded the first time it is asked for and cached, so start-up loads only the
# default dataset's and a second dataset does not double start-up time.
HUB_FILES = ["config.json", "model.safetensors", "metrics.json", "README.md",
             # what the Explore, Timeline and Compare tabs show (models/loading/artefacts.py)
             "training.json", "losses.json", "samples/*.png", "latent_map.safetensors",
             # what the Real or fake? tab plays with (models/operations/game/)
             "snapshots/*.safetensors", "real_or_fake_test_images.safetensors", "real_or_fake_record.json"]


@dataclass
class Family:
    """The models of one dataset, where each came from, and its folder on disk."""

    dataset: str
    models: dict[str, nn.Module]
    origins: dict[str, str]
    folders: dict[str, Path]
    repo_ids: dict[str, str] = field(default_factory=dict)

    @property
    def entry(self) -> datasets.Dataset:
        """The dataset's registry entry: its names, classes and framing."""
        return datasets.get(self.dataset)

    @property
    def classifier(self) -> Classifier:
        return self.models["classifier"]

    @property
    def vae(self) -> VAE:
        return self.models["vae"]

    @property
    def gan(self) -> ConditionalGAN:
        return self.models["gan"]

    @property
    def cvae(self) -> ConditionalVAE:
        return self.models["cvae"]

    @property
    def class_names(self) -> list[str]:
        return list(self.classifier.class_names)


def hub_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("HUB_TIMEOUT", "4")))
    except ValueError:
        raise WeightsError(f"HUB_TIMEOUT must be a number of seconds, got {os.environ['HUB_TIMEOUT']!r}") from None


_hub_state = {"gave_up": False}


def _hub_enabled() -> bool:
    offline = hub_constants.HF_HUB_OFFLINE or os.environ.get("HF_HUB_OFFLINE", "").upper() in {"1", "ON", "YES", "TRUE"}
    return not (offline or _hub_state["gave_up"])


def _fetch_from_hub(dataset: str, kinds: list[str], timeout: float) -> dict[str, Path]:
    """Downloads the kinds' snapshots in parallel threads; returns those that arrived in time.

    huggingface_hub retries for minutes against a host that accepts connections and never
    answers, so each download runs in a daemon thread we stop waiting for at the deadline.
    """
    results: dict[str, Path] = {}

    def fetch(kind: str) -> None:
        try:
            path = snapshot_download(
                repo_id(dataset, kind), revision=revision(dataset, kind),
                allow_patterns=HUB_FILES, etag_timeout=timeout,
            )
            results[kind] = Path(path)
        except Exception as err:  # any Hub failure means: use the fallback
            log.info("Hub download of %s failed: %s: %s", repo_id(dataset, kind), type(err).__name__, err)

    threads = [threading.Thread(target=fetch, args=(k,), daemon=True, name=f"hub-{k}") for k in kinds]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))  # one deadline for all of them
    if any(t.is_alive() for t in threads):
        _hub_state["gave_up"] = True
        log.warning("the Hub did not answer within %.1f s; using local weights from now on", timeout)
    return {k: results[k] for k in kinds if k in results}


def _shown(path: Path) -> str:
    """A bundled path relative to the repository when it is inside it, for logs and the About tab."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _from_hub_cache(dataset: str, kind: str) -> Path | None:
    try:
        return Path(snapshot_download(repo_id(dataset, kind), revision=revision(dataset, kind),
                                      allow_patterns=HUB_FILES, local_files_only=True))
    except Exception:
        return None


def load_model(folder: Path, kind: str) -> nn.Module:
    """Rebuilds one model from config.json + model.safetensors, in eval mode."""
    for name in ("config.json", "model.safetensors"):
        if not (folder / name).is_file():
            raise WeightsError(f"{folder / name} is missing: cannot load the {kind}")
    try:
        model = KINDS[kind].from_pretrained(folder)
    except Exception as err:
        raise WeightsError(load_errors.explain(folder, kind, err)) from err
    return model.eval()  # the mixin can hand back a model in training mode (huggingface_hub #3981)


def _locate(dataset: str, kinds: list[str]) -> tuple[dict[str, Path], dict[str, str]]:
    folders: dict[str, Path] = {}
    origins: dict[str, str] = {}
    if _hub_enabled():
        for kind, path in _fetch_from_hub(dataset, kinds, hub_timeout()).items():
            folders[kind] = path
            rev = revision(dataset, kind)
            origins[kind] = f"Hub {repo_id(dataset, kind)}" + (f"@{rev}" if rev else "")
    for kind in kinds:
        if kind in folders:
            continue
        bundled = bundled_folder(dataset, kind)
        cached = None if bundled.is_dir() else _from_hub_cache(dataset, kind)
        if bundled.is_dir():
            folders[kind], origins[kind] = bundled, f"bundled folder {_shown(bundled)}"
        elif cached is not None:
            folders[kind], origins[kind] = cached, f"huggingface_hub cache of {repo_id(dataset, kind)}"
        else:
            raise WeightsError(
                f"no weights for {dataset}-{kind}: the Hub repo {repo_id(dataset, kind)} was offline, unreachable or empty, "
                f"and {bundled} does not exist (set WEIGHTS_DIR or {env_key(dataset, kind)}_REPO)"
            )
    return folders, origins


def _load_with_fallback(dataset: str, kind: str, folders: dict[str, Path], origins: dict[str, str]) -> nn.Module:
    """Loads from the located folder; a broken Hub download falls back to the bundled folder."""
    try:
        return load_model(folders[kind], kind)
    except WeightsError as err:
        bundled = bundled_folder(dataset, kind)
        if not origins[kind].startswith("Hub") or not bundled.is_dir():
            raise
        log.warning("%s; using the bundled folder instead", err)
        folders[kind], origins[kind] = bundled, f"bundled folder {_shown(bundled)} (the Hub copy was unusable)"
        return load_model(bundled, kind)


_families: dict[str, Family] = {}
_lock = threading.Lock()


def load_family(dataset: str | datasets.Dataset = DEFAULT_DATASET) -> Family:
    """The classifier, VAE, GAN and class-conditional VAE of `dataset`, loaded once per process and cached.

    `dataset` is checked here, once (datasets.get: an unknown one is an InputError)."""
    dataset = datasets.get(dataset).id
    with _lock:  # one loader at a time, so two first requests don't both download
        if dataset not in _families:
            kinds = list(KINDS)
            folders, origins = _locate(dataset, kinds)
            models = {kind: for_serving(_load_with_fallback(dataset, kind, folders, origins)) for kind in kinds}
            for kind in kinds:
                log.info("%s-%s loaded from %s", dataset, kind, origins[kind])
            _families[dataset] = Family(dataset, models, origins, folders,
                                        {k: repo_id(dataset, k) for k in kinds})
        return _families[dataset]


def loaded_families() -> dict[str, Family]:
    return dict(_families)
