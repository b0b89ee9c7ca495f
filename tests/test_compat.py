"""The guarded hooks into libraries' internals (models/compat.py, space/compat/): each passes on the installed
versions, and each fails loudly, naming itself, when what it needs is gone."""
import gradio
import huggingface_hub.hub_mixin
import pytest
import torch

from models import compat as models_compat
from models.compat import CompatError, Hook
from space import compat
from space.widgets import style


def test_every_hook_passes_on_the_installed_versions():
    compat.check()
    assert compat.page_css_problems(deep=True) == []
    assert {h.name for h in compat.all_hooks()} == {
        "validate-inputs", "uploads-only", "atomic-cache-writes", "live-line", "time-limits", "page-css", "switch-reactions", "sketch-brush",
        "locale-switch", "cache-expiry", "torch-mkldnn-bf16-check", "hub-mixin-config"}
    for hook in compat.all_hooks():
        assert hook.checked == models_compat.installed_version(hook.package), hook.name
        assert hook.upstream and hook.used_in, hook.name


@pytest.mark.parametrize("owner, attribute, hook", [
    (gradio.blocks.Blocks, "validate_inputs", "validate-inputs"),
    (gradio.utils, "get_upload_folder", "uploads-only"),
    (gradio.blocks.Block, "async_move_resource_to_block_cache", "uploads-only"),
    (gradio.processing_utils, "save_pil_to_cache", "atomic-cache-writes"),
    (gradio.queueing.Queue, "push", "live-line"),
    (gradio.blocks.Blocks, "call_function", "time-limits"),
    (gradio.route_utils, "delete_files_created_by_app", "cache-expiry"),
    (huggingface_hub.hub_mixin.ModelHubMixin, "_hub_mixin_config", "hub-mixin-config"),
])
def test_a_missing_attribute_fails_loudly_naming_the_hook(monkeypatch, owner, attribute, hook):
    monkeypatch.delattr(owner, attribute)
    with pytest.raises(CompatError) as caught:
        compat.check()
    message = str(caught.value)
    assert f"compatibility hook {hook!r}" in message and f"{attribute} is missing" in message, message


def test_a_missing_private_torch_op_fails_loudly(monkeypatch):
    class NoOps:
        def __getattr__(self, name):
            raise RuntimeError(f"No such operator mkldnn::{name}")

    monkeypatch.setattr(torch.ops, "mkldnn", NoOps())
    with pytest.raises(CompatError, match="'torch-mkldnn-bf16-check'.*_is_mkldnn_bf16_supported is missing"):
        models_compat.check([models_compat.TORCH_BF16])


def test_a_changed_blockfunction_fails_loudly(monkeypatch):
    def init(self, fn, inputs):  # a Gradio whose BlockFunction lost time_limit and the others
        pass

    monkeypatch.setattr(gradio.block_function.BlockFunction, "__init__", init)
    with pytest.raises(CompatError, match="'time-limits'.*no longer takes 'time_limit'"):
        compat.check()


def test_a_renamed_gradio_css_class_fails_loudly(monkeypatch):
    monkeypatch.setattr(style, "GRADIO_CLASSES", (*style.GRADIO_CLASSES, "no-such-gradio-class"))
    with pytest.raises(CompatError, match="'page-css'.*no .no-such-gradio-class"):
        compat.check()
    monkeypatch.setattr(style, "GRADIO_TEST_IDS", ("no-such-test-id",))
    assert compat.page_css_problems(deep=True)[-1] == 'Gradio\'s page has no data-testid="no-such-test-id"'



def test_another_version_fails_unless_allowed(monkeypatch, caplog):
    hook = Hook(name="demo", package="gradio", checked="0.0.1", needs=("gradio:Blocks",), upstream="x", used_in="y")
    with pytest.raises(CompatError, match="gradio 6.31.0 is installed; the hook was checked against 0.0.1"):
        models_compat.check([hook])
    monkeypatch.setenv("COMPAT_ALLOW_UNTESTED", "1")
    models_compat.check([hook])  # logged, not raised
    assert "checked against 0.0.1" in caplog.text
    broken = Hook(name="demo", package="gradio", checked="0.0.1", needs=("gradio:NoSuchThing",), upstream="x",
                  used_in="y")
    with pytest.raises(CompatError, match="gradio:NoSuchThing is missing"):
        models_compat.check([broken])  # attributes must exist even then


def test_the_accessors_check_their_hook_before_use(monkeypatch):
    monkeypatch.setattr(models_compat, "_checked", set())
    monkeypatch.delattr(huggingface_hub.hub_mixin.ModelHubMixin, "_hub_mixin_config")
    with pytest.raises(CompatError, match="hub-mixin-config"):
        models_compat.hub_mixin_config(object())


def test_a_gradio_that_no_longer_sweeps_through_the_replaced_function_fails_loudly(monkeypatch):
    async def delete_files_on_schedule(app, frequency, age):  # a Gradio whose schedule calls something else
        return None

    monkeypatch.setattr(gradio.route_utils, "delete_files_on_schedule", delete_files_on_schedule)
    with pytest.raises(CompatError, match="'cache-expiry'.*no longer calls delete_files_created_by_app"):
        compat.check()
