"""One validation seam: a dataset is checked once (models.datasets.get), a failure becomes the user's
message in one place (space/endpoints/errors.py), and a noise request is parsed once (NoiseRequest)."""
import gradio as gr
import pytest

from models.errors import InputError, WeightsError
from models.operations.noise import noise_effects
from models.operations.noise.request import NoiseRequest
from space.endpoints import errors, inference, live


@pytest.mark.parametrize("err, title, text", [
    (InputError("seed must be an integer"), "Invalid input", "seed must be an integer"),
    (WeightsError("weights/x/model.safetensors is missing"), "Model error", "Model not available: weights/x"),
    (FileNotFoundError("/usr/share/datasets/fashion-mnist"), "Data not available", "needs the dataset's files"),
    (ZeroDivisionError("boom"), "Internal error", "Unexpected error in here (ZeroDivisionError: boom)"),
])
def test_every_failure_becomes_one_kind_of_message(err, title, text):
    shown = errors.user_message(err, "here")
    assert isinstance(shown, gr.Error) and shown.title == title and text in shown.message
    assert shown.duration == errors.ERROR_SECONDS


def test_a_message_is_escaped_for_the_page():
    assert "&lt;b&gt;" in errors.user_message(InputError("<b>"), "here").message


def test_the_api_and_the_live_tab_refuse_a_dataset_with_the_same_words():
    with pytest.raises(gr.Error) as api:
        inference.classify(None, dataset="cifar")
    with pytest.raises(gr.Error) as tab:
        live.new_vae("cifar", 0, 0.001)
    assert api.value.message == tab.value.message == "Unknown dataset 'cifar'. Accepted: fashion-mnist, animal-mnist."


def test_a_noise_request_is_parsed_once_and_reused_at_every_scale(family, monkeypatch):
    request = NoiseRequest.parse(family, seed=3, count=4, label="bag", noise_text="[-5 3 2.6]", noise_scale="0.5")
    assert request == NoiseRequest(seed=3, count=4, label="Bag", typed=(-5.0, 3.0, 2.6), scale=0.5)
    assert request.at_scale(2.0).scale == 2.0 and request.with_head((1.0,)).typed == (1.0, 3.0, 2.6)
    parsed = []
    real_parse = NoiseRequest.parse.__func__
    monkeypatch.setattr(NoiseRequest, "parse", classmethod(lambda cls, *a, **k: parsed.append(1) or real_parse(cls, *a, **k)))
    noise_effects.diversity(family, 3, 4, "Bag", "[-5 3 2.6]", 0.5)
    assert len(parsed) == 1, "the curve's nine scales reuse one parsed request"


def test_a_bad_noise_request_names_its_parameter(family):
    for kwargs, name in [({"count": 0}, "count"), ({"seed": -1}, "seed"), ({"label": "Unicorn"}, "label"),
                         ({"noise_scale": "x"}, "noise_scale")]:
        with pytest.raises(InputError, match=name if name != "label" else "Unknown label"):
            NoiseRequest.parse(family, **kwargs)
