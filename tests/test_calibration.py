"""Calibration (issue 34): ECE, NLL and temperature scaling, the served temperatures, train.calibrate end to end."""
import json
import math

import pytest
import torch

from models.networks import cvae_settings
from models.networks.classifier import Classifier
from models.networks.cvae import ConditionalVAE
from models.operations.classify import generative_classifier as gc
from train import calibrate
from train.lib import calibration
from train.lib.card import calibration_section


def drawn_labels(probs: torch.Tensor, seed: int = 0) -> torch.Tensor:
    return torch.multinomial(probs, 1, generator=torch.Generator().manual_seed(seed))[:, 0]


def test_ece_is_the_weighted_gap_of_the_bins():
    # two bins used: 0.95 (two answers, one right) and 0.55 (two answers, both right)
    probs = torch.tensor([[0.95, 0.05], [0.95, 0.05], [0.55, 0.45], [0.55, 0.45]])
    labels = torch.tensor([0, 1, 0, 0])
    assert calibration.ece(probs, labels) == pytest.approx(0.5 * abs(0.5 - 0.95) + 0.5 * abs(1.0 - 0.55))
    rows = calibration.reliability(probs, labels)
    assert len(rows) == calibration.BINS and sum(r["count"] for r in rows) == 4
    assert [r for r in rows if r["count"]] == [
        {"lower": 0.5333, "upper": 0.6, "count": 2, "confidence": 0.55, "accuracy": 1.0},
        {"lower": 0.9333, "upper": 1.0, "count": 2, "confidence": 0.95, "accuracy": 0.5}]


def test_a_confidence_of_one_falls_in_the_last_bin_and_nll_is_the_mean():
    probs = torch.tensor([[1.0, 0.0], [0.5, 0.5]])
    assert calibration.reliability(probs, torch.tensor([0, 1]))[-1]["count"] == 1
    log_probs = torch.tensor([[math.log(0.8), math.log(0.2)], [math.log(0.5), math.log(0.5)]])
    assert calibration.nll(log_probs, torch.tensor([0, 1])) == pytest.approx(-(math.log(0.8) + math.log(0.5)) / 2)


def test_labels_drawn_from_the_probabilities_are_calibrated_and_overconfidence_is_measured():
    scores = torch.randn(20000, 10, generator=torch.Generator().manual_seed(1)) * 3
    probs = scores.softmax(1)
    labels = drawn_labels(probs)
    assert calibration.ece(probs, labels) < 0.02
    assert calibration.ece((scores * 3).softmax(1), labels) > 0.1  # the same answers, far too sure


@pytest.mark.parametrize("true_t", [0.4, 3.0])
def test_the_fitted_temperature_is_the_one_the_labels_were_drawn_with(true_t):
    scores = torch.randn(5000, 10, generator=torch.Generator().manual_seed(2)) * 4
    labels = drawn_labels((scores / true_t).softmax(1))
    fitted = calibration.fit_temperature(scores, labels)
    assert fitted == pytest.approx(true_t, rel=0.05)
    fitted_nll = calibration.nll(calibration.tempered(scores, fitted), labels)
    for other in (fitted * 0.8, fitted * 1.25, 1.0):
        assert fitted_nll <= calibration.nll(calibration.tempered(scores, other), labels)


def test_an_offset_is_added_after_dividing_and_not_tempered():
    scores = torch.randn(5000, 4, generator=torch.Generator().manual_seed(3)) * 20
    prior = torch.tensor([0.1, 0.2, 0.3, 0.4]).log()
    labels = drawn_labels((scores / 8 + prior).softmax(1))
    assert calibration.fit_temperature(scores, labels, prior) == pytest.approx(8, rel=0.05)


def test_the_test_record_keeps_the_answers_without_an_offset():
    scores = torch.randn(500, 10, generator=torch.Generator().manual_seed(4)) * 5
    labels = drawn_labels((scores / 2).softmax(1))
    record = calibration.test_record(scores, labels, 2.0)
    assert record["answers_changed"] == 0 and record["before"]["accuracy"] == record["after"]["accuracy"]
    assert record["after"]["nll"] < record["before"]["nll"] and record["images"] == 500
    assert record["before"]["mean_confidence"] > record["after"]["mean_confidence"]


def test_the_classifier_serves_softmax_of_logits_over_its_temperature(tmp_path):
    torch.manual_seed(0)
    model = Classifier(temperature=0.5).eval()
    x = torch.rand(3, 1, 28, 28)
    with torch.no_grad():
        logits = model(x)
    assert torch.allclose(model.predict_proba(x), (logits / 0.5).softmax(1))
    assert torch.equal(model.predict_proba(x).argmax(1), logits.argmax(1))
    model.save_pretrained(tmp_path)
    assert json.loads((tmp_path / "config.json").read_text())["temperature"] == 0.5
    assert Classifier.from_pretrained(tmp_path).temperature == 0.5
    config = json.loads((tmp_path / "config.json").read_text())
    del config["temperature"]  # a config.json from before calibration
    assert Classifier(**config).temperature == 1.0
    with pytest.raises(ValueError, match="temperature must be positive"):
        Classifier(temperature=0)


def test_the_generative_answer_tempers_the_likelihood_and_not_the_prior():
    cvae = ConditionalVAE(class_prior=[0.05] + [0.95 / 9] * 9, serving={"likelihood_temperature": 10.0})
    log_px_y = torch.tensor([[-1000.0, -1030.0, *[-1100.0] * 8]])
    expected = torch.softmax(log_px_y / 10 + cvae.log_class_prior, dim=-1)
    assert torch.allclose(gc.posterior_over_classes(cvae, log_px_y), expected)
    plain = gc.posterior_over_classes(cvae, log_px_y, temperature=1.0)
    assert plain[0, 0] > 0.999999 and 0.9 < gc.posterior_over_classes(cvae, log_px_y)[0, 0] < 0.99
    with pytest.raises(ValueError, match="likelihood_temperature must be positive"):
        ConditionalVAE(serving={"likelihood_temperature": -1})


def test_the_bundled_models_serve_the_temperature_their_calibration_fitted():
    from models.datasets import DATASETS, weights_folder
    for dataset in DATASETS:
        for kind, argument in calibrate.TEMPERATURE_ARGUMENT.items():
            folder = weights_folder(dataset, kind)
            fit = json.loads((folder / "calibration.json").read_text())
            metrics = json.loads((folder / "metrics.json").read_text())["calibration"]
            config = cvae_settings.flatten(json.loads((folder / "config.json").read_text()))
            assert config[argument] == fit["temperature"] == metrics["temperature"]
            assert fit["fitted_on"]["split"] == "validation" and metrics["split"] == "test"
            assert metrics["after"]["ece"] < metrics["before"]["ece"] and metrics["after"]["nll"] < metrics["before"]["nll"]
            assert (folder / "reliability.png").stat().st_size < 200_000
            card = (folder / "README.md").read_text()
            assert calibration_section(folder, json.loads((folder / "metrics.json").read_text()), kind) in card


def test_train_calibrate_fits_writes_and_keeps_the_answers(tmp_path):
    """End to end on an untrained classifier, on 300 validation and test images."""
    folder = tmp_path / "fashion-mnist-classifier"
    torch.manual_seed(0)
    Classifier().save_pretrained(folder)
    (folder / "training.json").write_text(json.dumps({"command": "python -m train.classifier --dry-run", "seed": 0,
                                                      "dataset": "fashion-mnist", "dry_run": True, "train_seconds": 1}))
    result = calibrate.main(["--weights", str(tmp_path), "--models", "classifier", "--limit", "300"])["classifier"]
    t = json.loads((folder / "config.json").read_text())["temperature"]
    assert t == result["fit"]["temperature"] > 0
    record = json.loads((folder / "metrics.json").read_text())["calibration"]
    assert record["answers_changed"] == 0 and record["images"] == 300
    assert record["before"]["accuracy"] == record["after"]["accuracy"]
    assert result["fit"]["validation"]["after"]["nll"] <= result["fit"]["validation"]["before"]["nll"]
    assert (folder / "reliability.png").exists() and "## Calibration" in (folder / "README.md").read_text()
    assert Classifier.from_pretrained(folder).temperature == t


def test_train_calibrate_refuses_an_unknown_model():
    with pytest.raises(SystemExit):
        calibrate.parse_args(["--models", "gan"])


def test_a_calibrated_model_still_shows_an_ece_that_shrinks_with_more_images():
    g = torch.Generator().manual_seed(0)
    assert calibration.eces_if_calibrated(torch.ones(50), 20, g).max() == 0  # sure and right: nothing to see
    halves = calibration.eces_if_calibrated(torch.full((2,), 0.5), 200, g)
    assert set(halves.tolist()) == {0.0, 0.5}  # two 50% answers: both or neither right -> 0.5, one -> 0
    spread = torch.linspace(0.3, 0.99, 300)
    small = calibration.eces_if_calibrated(spread, 500, g).median()
    large = calibration.eces_if_calibrated(spread.repeat(10), 500, g).median()
    assert 0.02 < small < 0.1 and large < small / 2  # about 1/sqrt(N)
    per_draw = calibration.eces_if_calibrated(torch.stack([torch.ones(4), torch.full((4,), 0.5)]), generator=g)
    assert per_draw.shape == (2,) and per_draw[0] == 0
