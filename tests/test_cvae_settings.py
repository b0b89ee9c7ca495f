"""The cVAE's config.json keeps the architecture apart from how the model is served and how it was trained."""
import json

import pytest
import torch

from models.datasets import weights_folder
from models.networks import cvae_settings
from models.networks.cvae import ConditionalVAE

SMALL = dict(class_names=list("abc"), width=8, latent_dim=4)


def test_config_json_groups_the_serving_and_training_settings(tmp_path):
    model = ConditionalVAE(**SMALL, serving={"importance_samples": 4, "likelihood_temperature": 2.5},
                           trained_with={"adversarial_weight": 3.0})
    model.save_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["serving"] == {"importance_samples": 4, "likelihood_temperature": 2.5}
    assert config["trained_with"] == {"adversarial_weight": 3.0}
    assert not cvae_settings.is_flat(config)
    again = ConditionalVAE.from_pretrained(tmp_path)
    assert again.serving == model.serving and again.trained_with == model.trained_with
    assert again.serving.latent_prior == "learned"  # a setting not given keeps its default


def test_a_config_json_from_before_the_grouping_loads_with_its_settings(tmp_path):
    model = ConditionalVAE(**SMALL)
    model.save_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    del config["serving"], config["trained_with"]
    config.update(importance_samples=2, refined_classes=1, likelihood_temperature=7.0, fitted_draws=4,
                  adversarial_weight=30, latent_prior="learned")
    (tmp_path / "config.json").write_text(json.dumps(config))
    old = ConditionalVAE.from_pretrained(tmp_path)
    assert old.serving == cvae_settings.Serving(importance_samples=2, refined_classes=1, likelihood_temperature=7.0)
    assert old.trained_with == cvae_settings.TrainedWith(fitted_draws=4, adversarial_weight=30)
    assert torch.equal(old.c1.weight, model.c1.weight)


@pytest.mark.parametrize("dataset", ["fashion-mnist", "animal-mnist"])
def test_the_bundled_configs_are_grouped(dataset):
    config = json.loads((weights_folder(dataset, "cvae") / "config.json").read_text())
    assert not cvae_settings.is_flat(config) and set(config["serving"]) - {"top_label_map"} == {  # the map: where fitted
        "latent_prior", "importance_samples", "refined_classes", "likelihood_temperature"}


def test_nest_and_flatten_are_inverse():
    flat = {"width": 96, "latent_dim": 16, "adversarial_weight": 30, "importance_samples": 2}
    nested = cvae_settings.nest(flat)
    assert nested == {"width": 96, "latent_dim": 16, "serving": {"importance_samples": 2},
                      "trained_with": {"adversarial_weight": 30}}
    assert cvae_settings.flatten(nested) == flat
    assert cvae_settings.nest({"width": 8}) == {"width": 8}  # a classifier's config passes through unchanged


def test_an_unknown_setting_is_refused_naming_it():
    with pytest.raises(ValueError, match="serving has no setting importance"):
        ConditionalVAE(**SMALL, serving={"importance": 4})
    with pytest.raises(TypeError):
        ConditionalVAE(**SMALL, importance_samples=4)  # no longer an architecture argument
