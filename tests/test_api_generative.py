"""/classify_generative and /sample_vae's `label` through gradio_client, on both datasets."""
import json
import math

import pytest
import torch
from gradio_client import handle_file

from animal_weights import ANIMALS, CAT, needs_animal_weights
from conftest import EXAMPLES
from models.datasets import weights_folder
from models.networks import top_label_map as top_map
from models.operations.classify.generative_classifier import TOP_CLASSES
from test_api import image_bytes
from train.lib.data import class_names

BOOT = EXAMPLES / "test-0000-ankle-boot.png"


def check_answer(client, path, dataset, classes):
    label, details = client.predict(handle_file(str(path)), dataset=dataset, api_name="/classify_generative")
    assert sorted(c["label"] for c in label["confidences"]) == sorted(classes)
    assert sum(c["confidence"] for c in label["confidences"]) == pytest.approx(1.0, abs=1e-3)
    assert set(details["log_px_given_y_nats"]) == set(classes)
    assert all(math.isfinite(v) for v in details["log_px_given_y_nats"].values())
    config = json.loads((weights_folder(dataset, "cvae") / "config.json").read_text())["serving"]
    assert details["k"] == config["importance_samples"] and details["generative_pick"] == label["label"]
    # the classes the screening ranked likeliest got all K draws (on these images, the pick is among them)
    refined = details["classes_with_k_draws"]
    assert len(refined) == (config.get("refined_classes") or len(classes)) and set(refined) <= set(classes)
    assert details["generative_pick"] in refined
    cnn = client.predict(handle_file(str(path)), dataset=dataset, api_name="/classify")
    assert details["discriminative_pick"] == cnn["label"], "the details name the CNN's own answer"
    assert details["agree"] == (details["generative_pick"] == details["discriminative_pick"])
    # the answer is tempered Bayes, p(x|y)^(1/T) p(y), with the T config.json serves; plain Bayes in the details;
    t = details["likelihood_temperature"]
    assert t == config.get("likelihood_temperature", 1.0)
    log_prior = [math.log(p) for p in json.loads((weights_folder(dataset, "cvae") / "config.json").read_text())["class_prior"]]
    shares = [v / t + lp for v, lp in zip(details["log_px_given_y_nats"].values(), log_prior)]
    plain = [v + lp for v, lp in zip(details["log_px_given_y_nats"].values(), log_prior)]
    # then through the top-label map where config.json has one (the answer kept)
    served = top_map.mapped(torch.tensor([shares], dtype=torch.float64), config["top_label_map"])[0].tolist() \
        if config.get("top_label_map") else [math.exp(v - max(shares)) / sum(math.exp(w - max(shares)) for w in shares) for v in shares]
    for name, expected, raw in zip(details["log_px_given_y_nats"], served, plain):
        shown = next(c["confidence"] for c in label["confidences"] if c["label"] == name)
        assert shown == pytest.approx(expected, abs=2e-3)
        assert details["plain_bayes_probabilities"][name] == pytest.approx(
            math.exp(raw - max(plain)) / sum(math.exp(v - max(plain)) for v in plain), abs=2e-3)
    top = [c["label"] for c in sorted(label["confidences"], key=lambda c: -c["confidence"])[:TOP_CLASSES]]
    gallery = client.predict(handle_file(str(path)), dataset, ", ".join(top), api_name="/reconstruct_as_class")
    assert [g["caption"] for g in gallery] == [f"as {c}" for c in top]
    assert len(set(image_bytes(gallery))) == TOP_CLASSES, "each class gives its own reconstruction"
    return label, details


def test_classify_generative_on_fashion(client):
    label, details = check_answer(client, BOOT, "fashion-mnist", class_names("fashion-mnist"))
    again = client.predict(handle_file(str(BOOT)), api_name="/classify_generative")  # default dataset, fixed seed
    assert again[1] == details


@needs_animal_weights
def test_classify_generative_on_animals(client):
    check_answer(client, CAT, "animal-mnist", ANIMALS)


@pytest.mark.parametrize("kwargs, message", [
    ({"image": None}, "No image was given"),
    ({"image": "not a file"}, "image must be an image file (PNG, JPEG"),
    ({"image": handle_file(str(BOOT)), "dataset": "mnist"}, "Unknown dataset 'mnist'"),
])
def test_classify_generative_errors_match_classify(client, kwargs, message):
    for api in ("/classify", "/classify_generative", "/reconstruct_as_class"):
        with pytest.raises(Exception) as caught:
            client.predict(api_name=api, **kwargs)
        assert message in str(caught.value) and "Traceback" not in str(caught.value), (api, str(caught.value))


def test_reconstruct_as_every_class_by_default_and_in_the_order_asked(client):
    boot = handle_file(str(BOOT))
    every = client.predict(boot, api_name="/reconstruct_as_class")
    assert [g["caption"] for g in every] == [f"as {c}" for c in class_names("fashion-mnist")]
    two = client.predict(boot, "fashion-mnist", " bag,SNEAKER, Bag", api_name="/reconstruct_as_class")
    assert [g["caption"] for g in two] == ["as Bag", "as Sneaker"], "names are matched ignoring case, each once"
    names = class_names("fashion-mnist")
    assert image_bytes(two) == [image_bytes(every)[names.index("Bag")], image_bytes(every)[names.index("Sneaker")]]


def test_reconstruct_as_an_unknown_class_names_the_accepted_ones(client):
    with pytest.raises(Exception) as caught:
        client.predict(handle_file(str(BOOT)), "fashion-mnist", "Bag, unicorn", api_name="/reconstruct_as_class")
    assert "Unknown class 'unicorn' for fashion-mnist" in str(caught.value) and "Ankle boot" in str(caught.value)


@pytest.mark.parametrize("dataset, label", [("fashion-mnist", "Sneaker"),
                                            pytest.param("animal-mnist", "dog", marks=needs_animal_weights)])
def test_sample_vae_with_a_class(client, dataset, label):
    gallery = client.predict(seed=3, count=4, dataset=dataset, label=label, api_name="/sample_vae")
    assert [g["caption"] for g in gallery] == [f"{label} · sample {i}" for i in range(1, 5)]
    plain = client.predict(seed=3, count=4, dataset=dataset, api_name="/sample_vae")
    assert [g["caption"] for g in plain] == [f"prior sample {i}" for i in range(1, 5)], "'any' keeps the plain VAE"
    assert image_bytes(client.predict(seed=3, count=4, dataset=dataset, label="any", api_name="/sample_vae")) \
        == image_bytes(plain)


def test_sample_vae_unknown_class(client):
    with pytest.raises(Exception) as caught:
        client.predict(seed=0, count=2, label="unicorn", api_name="/sample_vae")
    assert "Unknown label 'unicorn' for fashion-mnist" in str(caught.value)
