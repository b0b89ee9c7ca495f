"""One registry of datasets (models/datasets.py): everything else reads its facts from there."""
import re
from pathlib import Path

import pytest

from models import datasets
from models.errors import InputError
from train.lib import data
from train.lib.card import card_data

REPO = Path(__file__).resolve().parent.parent


def test_every_registered_dataset_has_a_reader_and_ten_distinct_classes():
    assert set(data.READERS) == set(datasets.DATASETS)
    for entry in datasets.REGISTRY.values():
        assert len(set(entry.class_names)) == len(entry.class_names) == 10
        low, high = entry.object_long_side
        assert 1 <= low <= high <= 28


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(InputError, match="Unknown dataset 'mnist'. Accepted: fashion-mnist, animal-mnist."):
        datasets.get("mnist")
    with pytest.raises(InputError, match="Unknown dataset 3. Accepted: fashion-mnist, animal-mnist."):
        datasets.get(3)


def test_a_dataset_is_found_in_any_case_and_an_entry_is_its_own_answer():
    assert datasets.get(" Animal-MNIST ") is datasets.ANIMAL_MNIST
    assert datasets.get(datasets.FASHION_MNIST) is datasets.FASHION_MNIST


def test_weights_folders_honour_the_override(monkeypatch, tmp_path):
    monkeypatch.delenv("WEIGHTS_DIR", raising=False)
    assert datasets.weights_folder("animal-mnist", "gan") == REPO / "weights" / "animal-mnist-gan"
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    assert datasets.weights_folder("animal-mnist", "gan") == tmp_path / "animal-mnist-gan"
    assert datasets.weights_folder("animal-mnist", "gan", REPO / "w") == REPO / "w" / "animal-mnist-gan"


def test_example_files_belong_to_their_dataset():
    assert datasets.example_dataset("animal-test-0349-cat.png") == "animal-mnist"
    assert datasets.example_dataset("test-0002-trouser.png") == "fashion-mnist"


@pytest.mark.parametrize("dataset", datasets.DATASETS)
@pytest.mark.parametrize("kind", datasets.MODEL_KINDS)
def test_cards_carry_their_own_datasets_tags(dataset, kind):
    config = {"dataset": dataset, "class_names": datasets.class_names(dataset)}
    tags = card_data(kind, config, None).tags
    others = set(datasets.DATASETS) - {dataset}
    assert dataset in tags and not others & set(tags)
    front_matter = (REPO / "weights" / f"{dataset}-{kind}" / "README.md").read_text().split("---")[1]
    assert f"- {dataset}\n" in front_matter and not any(f"- {o}\n" in front_matter for o in others)


def test_the_list_of_datasets_and_class_names_exist_once():
    """No module outside the registry spells out a class list or the tuple of dataset ids."""
    pattern = re.compile(r'"T-shirt/top",|"bear", "bird"|\("fashion-mnist", "animal-mnist"\)')
    offenders = [str(p.relative_to(REPO)) for folder in ("models", "space", "train", "benchmarks")
                 for p in (REPO / folder).rglob("*.py") if pattern.search(p.read_text())]
    offenders += ["app.py"] if pattern.search((REPO / "app.py").read_text()) else []
    assert offenders == ["models/datasets.py"]


def test_training_does_not_import_serving_code():
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "train").rglob("*.py")
                 if re.search(r"^\s*(from|import) (models\.loading|space)\b", p.read_text(), re.M)]
    assert offenders == []
