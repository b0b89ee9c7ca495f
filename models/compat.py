"""Every use of a library's private parts, guarded: the version it was checked against, and what must exist.

A `Hook` names one place where this project relies on something a library does not promise to
keep (a private function, an internal attribute, a method it overrides): the installed version it
was written and tested against, the attributes it needs, and the upstream issue it works around
(or, where upstream has none, a short description in the style of one). `check` fails loudly, at
start-up, naming the hook and what is missing, instead of letting a library upgrade break a
request hours later. A version other than the checked one fails too, unless COMPAT_ALLOW_UNTESTED=1
(then it is logged, and the attributes must still exist): upgrade, run the tests, update `checked`.

The hooks on models' side (torch, huggingface_hub) live here, with the functions that use them;
the Gradio ones in space/compat/__init__.py (models/ never imports space/).
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

log = logging.getLogger(__name__)


class CompatError(RuntimeError):
    """An installed library no longer has what a hook relies on."""


@dataclass(frozen=True)
class Hook:
    name: str
    package: str  # the distribution whose internals are used, as pip names it
    checked: str  # the version this hook was written and tested against
    needs: tuple[str, ...]  # "module:attribute.path" that must resolve
    upstream: str  # the upstream issue it works around, or a description in upstream's style
    used_in: str  # where this project uses it
    extra: Callable[[], list[str]] | None = field(default=None, compare=False)  # more checks: their problems


def installed_version(package: str) -> str:
    return importlib.metadata.version(package)


def resolve(path: str):
    """The object `module:attr.path` names; AttributeError or ImportError if it does not exist."""
    module, _, attributes = path.partition(":")
    obj = importlib.import_module(module)
    for name in filter(None, attributes.split(".")):
        obj = getattr(obj, name)
    return obj


def problems(hook: Hook) -> list[str]:
    """What is wrong with `hook` on the installed libraries; [] if nothing."""
    found = []
    try:
        version = installed_version(hook.package)
    except importlib.metadata.PackageNotFoundError:
        return [f"{hook.package} is not installed"]
    if version != hook.checked:
        message = f"{hook.package} {version} is installed; the hook was checked against {hook.checked}"
        if os.environ.get("COMPAT_ALLOW_UNTESTED") == "1":
            log.warning("%s: %s (allowed by COMPAT_ALLOW_UNTESTED=1)", hook.name, message)
        else:
            found.append(message + " (set COMPAT_ALLOW_UNTESTED=1 to try it anyway)")
    for path in hook.needs:
        try:
            resolve(path)
        except (ImportError, AttributeError, RuntimeError) as err:  # torch.ops raises RuntimeError for unknown ops
            found.append(f"{path} is missing ({type(err).__name__}: {err})")
    if hook.extra is not None:
        found.extend(hook.extra())
    return found


def check(hooks: Iterable[Hook]) -> None:
    """Raises CompatError listing every hook whose library lacks what it relies on."""
    failures = [(hook, p) for hook in hooks if (p := problems(hook))]
    if failures:
        raise CompatError("\n".join(
            f"compatibility hook {hook.name!r} ({hook.used_in}; works around: {hook.upstream.splitlines()[0]}): "
            + "; ".join(found) for hook, found in failures))


_checked: set[str] = set()


def require(hook: Hook) -> None:
    """check([hook]), once per process: for functions that use a hook outside the app's start-up check."""
    if hook.name not in _checked:
        check([hook])
        _checked.add(hook.name)


TORCH_BF16 = Hook(
    name="torch-mkldnn-bf16-check",
    package="torch",
    checked="2.14.1",
    needs=("torch:ops.mkldnn._is_mkldnn_bf16_supported",),
    upstream=("no public API says whether the CPU runs bf16 natively: torch.backends.mkldnn tells only "
              "whether oneDNN is built in, and torch.autocast on a CPU without AVX-512 BF16 or AMX emulates "
              "bf16, slower than fp32. PyTorch's own tests use this private op for that question "
              "(pytorch/pytorch#136290)."),
    used_in="models/operations/common/precision.py",
)

HUB_MIXIN_CONFIG = Hook(
    name="hub-mixin-config",
    package="huggingface-hub",
    checked="2.4.0",
    needs=("huggingface_hub.hub_mixin:PyTorchModelHubMixin._hub_mixin_config",),
    upstream=("PyTorchModelHubMixin keeps the constructor arguments it writes to config.json in the private "
              "`_hub_mixin_config`, with no public accessor (huggingface/huggingface_hub#1750 asked for the "
              "config as attributes); rebuilding a model with one argument changed needs them."),
    used_in="train/gan.py, train/select_cvae.py, train/calibrate.py, models/operations/gan/snapshots.py",
)

HOOKS = (TORCH_BF16, HUB_MIXIN_CONFIG)


def mkldnn_bf16_supported() -> bool:
    """Whether oneDNN runs bf16 natively on this CPU (AVX-512 BF16 or AMX)."""
    require(TORCH_BF16)
    import torch

    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def hub_mixin_config(model) -> dict:
    """The constructor arguments PyTorchModelHubMixin recorded for `model` (what its config.json holds)."""
    require(HUB_MIXIN_CONFIG)
    return dict(model._hub_mixin_config)
