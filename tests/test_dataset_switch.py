"""The dataset switch without a browser: lazy loading, what each tab gets for each dataset."""
import pytest

from animal_weights import ANIMALS, needs_animal_weights
from models.loading import loader


def test_both_datasets_are_offered_and_named_for_visitors():
    from space.widgets.components import dataset_dropdown

    assert loader.DATASETS == ("fashion-mnist", "animal-mnist")
    dropdown = dataset_dropdown(loader.DATASETS, loader.DEFAULT_DATASET)
    assert dropdown.choices == [("Fashion-MNIST", "fashion-mnist"), ("Animals — cats & dogs", "animal-mnist")]
    assert dropdown.value == "fashion-mnist"


def test_examples_carry_their_dataset():
    from space.widgets.dataset_switch import example_rows

    rows = example_rows(["/x/test-0000-ankle-boot.png", "/x/animal-test-0349-cat.png"])
    assert rows == [["/x/test-0000-ankle-boot.png", "fashion-mnist"], ["/x/animal-test-0349-cat.png", "animal-mnist"]]


def test_start_up_loads_only_the_default_family(monkeypatch):
    import app

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(loader, "_families", {})  # as in a fresh process
    app.build_demo()
    assert set(loader.loaded_families()) == {"fashion-mnist"}


@needs_animal_weights
def test_switching_loads_the_animals_once_and_keeps_a_shared_class(monkeypatch):
    from space.widgets import dataset_switch

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    title, about, label, d_label = dataset_switch.switch("animal-mnist", "dog", "Bag")
    assert "Animals — cats & dogs" in title and "Fashion-MNIST" not in title
    assert "animal-mnist-classifier" in about and "fashion-mnist-" not in about
    assert label["choices"] == ["any", *ANIMALS] and label["value"] == "dog"
    assert d_label["value"] == "any"  # "Bag" is no animal
    family = loader.load_family("animal-mnist")
    assert loader.load_family("animal-mnist") is family  # cached, not loaded again
    title, _, label, _ = dataset_switch.switch("fashion-mnist", "dog", "any")
    assert "Fashion-MNIST" in title and label["value"] == "any" and "Bag" in label["choices"]


def test_an_unknown_dataset_is_a_clear_error():
    import gradio as gr

    from space.widgets import dataset_switch

    with pytest.raises(gr.Error, match="Unknown dataset 'cifar'. Accepted: fashion-mnist, animal-mnist"):
        dataset_switch.switch("cifar", "any")


def test_api_docs_list_both_dataset_ids_on_every_endpoint(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    with_dataset = {name: params for name, info in endpoints.items()
                    for params in [{p["parameter_name"]: p for p in info["parameters"]}] if "dataset" in params}
    assert {"/classify", "/reconstruct", "/sample_vae", "/generate", "/discriminate"} <= set(with_dataset)
    for name, params in with_dataset.items():
        assert params["dataset"]["type"]["enum"] == ["fashion-mnist", "animal-mnist"], name
        assert params["dataset"]["parameter_default"] == "fashion-mnist", name


def test_classifying_again_after_the_hint_shows_what_the_new_models_saw(tmp_path):
    """The hint's switch classifies the pending upload with the new dataset's models, and the picture
    of what they saw is framed as that dataset frames uploads (not as Fashion-MNIST does)."""
    import numpy as np
    from PIL import Image

    from conftest import EXAMPLES
    from space.widgets import dataset_hint
    from space.endpoints import inference as endpoints

    # a small dog in a large photo: the two datasets frame it differently
    dog = Image.open(EXAMPLES / "animal-test-0746-dog.png").convert("L")
    photo = Image.new("L", (400, 400))
    photo.paste(dog.resize((140, 140)), (130, 130))
    photo.save(tmp_path / "dog-photo.png")
    upload = str(tmp_path / "dog-photo.png")
    as_animals = np.asarray(endpoints.model_input(upload, "animal-mnist"))
    assert not np.array_equal(as_animals, np.asarray(endpoints.model_input(upload, "fashion-mnist")))
    label, seen, gen_label, details, agreement, as_class, likelihoods, pending = dataset_hint.classify_pending(
        ("animal-mnist", upload), "animal-mnist")
    assert pending is None and max(label, key=label.get) == "dog"
    assert np.array_equal(np.asarray(seen), as_animals)
    # everything the tab shows is answered again, the generative side too (issue 37: it stayed empty)
    assert set(gen_label) == set(label) and details["discriminative_pick"] == "dog"
    assert agreement.startswith("**") and len(as_class) == 3
    assert "| dog |" in likelihoods and "Tempered with T" in likelihoods  # issue 34: the likelihoods' table too
    skipped = dataset_hint.classify_pending(("animal-mnist", upload), "fashion-mnist")  # not the switch it asked for
    assert skipped[-1] is None and len(skipped) == 8
