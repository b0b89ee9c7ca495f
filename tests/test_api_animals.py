"""The dataset switch through the public API: every endpoint answers with dataset="animal-mnist"."""
import pytest
from gradio_client import handle_file

from animal_weights import ANIMALS, CAT, DOG, needs_animal_weights
from test_api import image_bytes

pytestmark = needs_animal_weights
DATASET = "animal-mnist"


def test_classify_answers_with_the_animal_classes(client):
    result = client.predict(handle_file(str(CAT)), dataset=DATASET, api_name="/classify")
    assert sorted(c["label"] for c in result["confidences"]) == sorted(ANIMALS)
    assert result["label"] == "cat", "the trained classifier recognises the cat example (a test image)"
    assert client.predict(handle_file(str(DOG)), dataset=DATASET, api_name="/classify")["label"] == "dog"
    assert sum(c["confidence"] for c in result["confidences"]) == pytest.approx(1.0, abs=1e-3)
    fashion = client.predict(handle_file(str(CAT)), api_name="/classify")  # the default is still Fashion-MNIST
    assert not {c["label"] for c in fashion["confidences"]} & set(ANIMALS)


def test_reconstruct_and_sample_with_the_animal_vae(client):
    gallery = client.predict(handle_file(str(DOG)), samples=2, seed=0, dataset=DATASET, api_name="/reconstruct")
    assert [g["caption"] for g in gallery] == ["model input", "mean reconstruction", "posterior sample 1",
                                               "posterior sample 2"]
    fashion = client.predict(handle_file(str(DOG)), samples=2, seed=0, api_name="/reconstruct")
    assert image_bytes(gallery)[1:] != image_bytes(fashion)[1:], "another VAE must give other reconstructions"
    assert len(client.predict(seed=0, count=5, dataset=DATASET, api_name="/sample_vae")) == 5


@pytest.mark.parametrize("label", ["dog", "cat", "Dog"])
def test_generate_a_dog_or_a_cat(client, label):
    gallery, details = client.predict(seed=0, count=8, label=label, dataset=DATASET, api_name="/generate")
    assert len(gallery) == 8 and {d["class"] for d in details} == {label.lower()}
    assert all(d["classifier_says"] in ANIMALS for d in details)


def test_generate_any_draws_animal_classes(client):
    _, details = client.predict(seed=1, count=32, dataset=DATASET, api_name="/generate")
    assert {d["class"] for d in details} <= set(ANIMALS) and len({d["class"] for d in details}) > 1


def test_discriminate_a_cat(client):
    chosen = client.predict(handle_file(str(CAT)), label="cat", dataset=DATASET, api_name="/discriminate")
    assert chosen["label"] == "cat" and chosen["label_source"] == "chosen" and 0 <= chosen["p_real"] <= 1
    guessed = client.predict(handle_file(str(CAT)), dataset=DATASET, api_name="/discriminate")
    assert guessed["label"] in ANIMALS and "classifier" in guessed["label_source"]


@pytest.mark.parametrize("kwargs, message", [
    ({"label": "Bag", "api_name": "/generate"}, "Unknown label 'Bag' for animal-mnist. Accepted: any, bear, bird, cat"),
    ({"dataset": "animals", "api_name": "/sample_vae"}, "Unknown dataset 'animals'. Accepted: fashion-mnist, animal-mnist"),
])
def test_animal_mistakes_get_clear_errors(client, kwargs, message):
    kwargs = {"dataset": DATASET, **kwargs}
    with pytest.raises(Exception) as caught:
        client.predict(**kwargs)
    assert message in str(caught.value) and "Traceback" not in str(caught.value)
