"""Recipes: with no flag but --dataset, a training script runs the settings that made the bundled weights."""
import json
from pathlib import Path

import pytest

from models.datasets import DATASETS
from models.networks import cvae_settings
from train import recipes
from train.lib import common
from train.lib.card import model_kind, recipe_note

WEIGHTS = Path(__file__).resolve().parent.parent / "weights"
BUNDLED = sorted(p.parent for p in WEIGHTS.glob("*/training.json"))
KINDS = ("classifier", "vae", "gan")


def _kind(folder: Path) -> str:
    return model_kind(json.loads((folder / "config.json").read_text()))


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_each_bundled_model_records_the_settings_of_its_recipe(folder):
    training, kind = json.loads((folder / "training.json").read_text()), _kind(folder)
    recipe = recipes.recipe_for(training["dataset"], kind)
    assert recipe.name == folder.name, "every bundled model has a recipe of its own, named after its folder"
    # the settings training.json recorded are the recipe's (retrained weights must update train/recipes.py)
    assert recipes.recorded_recipe(training, kind) == recipe, (training["command"], recipe)
    if "recipe" in training:
        assert training["recipe_overrides"] == {}
    # the recipe's model settings are the bundled model's (older records predate model_settings)
    assert training.get("model_settings", recipe.model) == recipe.model
    config = cvae_settings.flatten(json.loads((folder / "config.json").read_text()))  # a cVAE's groups on one level
    assert {name: config.get(name) for name in recipe.model} == recipe.model


def test_every_dataset_and_model_has_a_bundled_recipe():
    assert {f"{d}-{k}" for d in DATASETS for k in KINDS} <= set(recipes.RECIPES)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dataset", DATASETS)
def test_no_other_flag_runs_the_recipe(kind, dataset):
    args = common.parse_args(kind, ["--dataset", dataset, "--device", "cpu"])
    recipe = recipes.recipe_for(dataset, kind)
    assert (args.epochs, args.batch_size, args.lr, args.seed, args.val_size) == \
        (recipe.epochs, recipe.batch_size, recipe.lr, recipe.seed, recipe.val_size)
    assert args.precision == recipe.precision or recipe.precision == "auto"
    assert (args.recipe, args.recipe_overrides) == (recipe.name, {})


def test_flags_override_the_recipe_and_are_recorded():
    args = common.parse_args("classifier", ["--dataset", "animal-mnist", "--epochs", "3", "--lr", "0.05",
                                            "--batch-size", "128", "--precision", "bf16", "--device", "cpu"])
    assert (args.epochs, args.lr, args.batch_size, args.precision) == (3, 0.05, 128, "bf16")
    # --batch-size 128 is the recipe's own value: not an override
    assert args.recipe_overrides == {"epochs": 3, "lr": 0.05, "precision": "bf16"}


def test_a_dataset_without_a_recipe_gets_the_models_default():
    assert recipes.recipe_for("kmnist", "vae") == recipes.RECIPES["vae"]
    with pytest.raises(KeyError, match="train/recipes.py"):
        recipes.recipe_for("kmnist", "no-such-model")


def test_a_record_with_other_settings_names_no_recipe():
    training = json.loads((WEIGHTS / "fashion-mnist-vae" / "training.json").read_text())
    assert recipes.recorded_recipe({**training, "epochs": 7}, "vae") is None
    assert "none of train/recipes.py" in recipe_note("vae", {**training, "epochs": 7})


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_each_bundled_card_names_its_recipe_and_the_command_that_reruns_it(folder):
    card = (folder / "README.md").read_text()
    dataset, kind = folder.name.rsplit("-", 1)
    assert f"`{folder.name}` (train/recipes.py), rerun by `python -m train.{kind} --dataset {dataset}`" in card


def test_a_model_without_recipes_runs_its_scripts_defaults():
    args = common.parse_args("new-model", ["--device", "cpu", "--lr", "0.5"], epochs=3, batch_size=64, lr=1e-3)
    assert (args.recipe, args.epochs, args.batch_size, args.lr) == ("new-model", 3, 64, 0.5)
    assert args.recipe_overrides == {"lr": 0.5}


@pytest.mark.parametrize("kind", [*KINDS, "cvae"])
def test_augment_is_a_flag_of_every_training_script(kind):
    recipe = recipes.recipe_for("animal-mnist", kind)
    args = common.parse_args(kind, ["--dataset", "animal-mnist", "--device", "cpu"])
    assert args.augment == recipe.augment in recipes.AUGMENTATIONS
    other = "none" if recipe.augment != "none" else "flip"
    args = common.parse_args(kind, ["--dataset", "animal-mnist", "--device", "cpu", "--augment", other])
    assert args.augment == other and args.recipe_overrides == {"augment": other}


@pytest.mark.parametrize("kind", ["vae", "gan", "cvae"])
def test_label_smoothing_is_refused_where_there_are_no_class_targets(kind, capsys):
    with pytest.raises(SystemExit):
        common.parse_args(kind, ["--device", "cpu", "--label-smoothing", "0.1"])
    assert "no class targets" in capsys.readouterr().err
    assert common.parse_args(kind, ["--device", "cpu"]).label_smoothing is None


@pytest.mark.parametrize("share", ["-0.1", "1", "1.5"])
def test_label_smoothing_must_be_a_share_below_one(share, capsys):
    with pytest.raises(SystemExit):
        common.parse_args("classifier", ["--device", "cpu", "--label-smoothing", share])
    assert "at least 0 and below 1" in capsys.readouterr().err


def test_augment_flips_some_images_and_leaves_the_rest():
    import torch

    x = torch.rand(64, 1, 28, 28)
    assert torch.equal(common.augment(x, "none", torch.Generator().manual_seed(0)), x)
    out = common.augment(x, "flip", torch.Generator().manual_seed(0))
    mirrored = [torch.equal(o, i.flip(-1)) for o, i in zip(out, x)]
    unchanged = [torch.equal(o, i) for o, i in zip(out, x)]
    assert all(m != u for m, u in zip(mirrored, unchanged)) and 10 < sum(mirrored) < 54
    assert common.augment(x, "shift-flip", torch.Generator().manual_seed(0)).shape == x.shape
