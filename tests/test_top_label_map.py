"""The top-label calibration map after T (issue 34): it keeps the answer and the sum, it is fitted by
isotonic regression, it lives in the classifier's config.json, and an older config loads as before."""
import json
import shutil

import pytest
import torch

from models.networks import top_label_map as top_map
from models.networks.classifier import Classifier
from train import calibrate
from train.lib import calibration

# lowers every confidence hard (an over-confident model's map), so the floor that keeps the answer has work
HARSH = {"confidence": [0.1, 0.5, 0.9, 1.0], "accuracy": [0.05, 0.1, 0.3, 0.6]}


def scores(n: int, classes: int = 10, scale: float = 4.0, seed: int = 0) -> torch.Tensor:
    return torch.randn(n, classes, generator=torch.Generator().manual_seed(seed)) * scale


@pytest.mark.parametrize("scale", [0.3, 4.0, 400.0])  # near ties, ordinary, a top class holding all but e^-300
def test_the_map_keeps_the_answer_the_sum_and_the_order_of_the_others(scale):
    s = scores(2000, scale=scale)
    probs = top_map.mapped(s, HARSH)
    assert torch.equal(probs.argmax(1), s.argmax(1))
    assert torch.allclose(probs.sum(1), torch.ones(len(s), dtype=torch.float64), atol=1e-12)
    assert (probs >= 0).all() and (probs <= 1).all()
    # the other classes keep their order and their proportions among themselves
    top = s.argmax(1, keepdim=True)
    expected = s.double().scatter(1, top, float("-inf")).softmax(1)
    others = probs.scatter(1, top, 0.0)
    assert torch.allclose(others / others.sum(1, keepdim=True), expected, atol=1e-9)


def test_the_top_confidence_is_read_through_the_table_linearly_and_flat_beyond():
    table = {"confidence": [0.4, 0.8], "accuracy": [0.5, 0.7]}
    # two classes: the top confidence c of scores (log c, log(1 - c))
    c = torch.tensor([0.55, 0.6, 0.7, 0.9, 0.99], dtype=torch.float64)
    probs = top_map.mapped(torch.stack([c.log(), (1 - c).log()], 1), table)
    # 0.55 would map to 0.575, 0.6 to 0.6; beyond 0.8 flat at 0.7; all above 1/2, so no floor here
    assert torch.allclose(probs[:, 0], torch.tensor([0.575, 0.6, 0.65, 0.7, 0.7], dtype=torch.float64))
    # a top class mapped below its rival is held just above it: the answer stays
    floor = top_map.mapped(torch.tensor([[0.0, -0.01, -5.0]]), {"confidence": [0.3, 0.9], "accuracy": [0.2, 0.3]})
    assert floor.argmax() == 0 and floor[0, 0] - floor[0, 1] < 1e-5


@pytest.mark.parametrize("table, message", [
    ({"confidence": [0.5]}, "confidence"),
    ({"confidence": [0.5], "accuracy": [0.5]}, "at least two points"),
    ({"confidence": [0.5, 0.4], "accuracy": [0.5, 0.6]}, "must increase"),
    ({"confidence": [0.4, 0.5], "accuracy": [0.6, 0.5]}, "must not decrease"),
    ({"confidence": [0.4, 1.5], "accuracy": [0.5, 0.6]}, r"\[0, 1\]")])
def test_a_bad_table_is_refused_naming_the_argument(table, message):
    with pytest.raises(ValueError, match=message) as error:
        Classifier(top_label_map=table)
    assert "top_label_map" in str(error.value)


def test_isotonic_fit_finds_a_miscalibration_that_one_temperature_cannot_fix():
    """Answers right with probability g(c), over-confident below 0.9 and under-confident above it:
    the fitted map follows g, is monotone, never says 0 or 1, and lowers the NLL and the ECE."""
    generator = torch.Generator().manual_seed(5)
    n, classes = 20000, 10
    confidence = 0.3 + 0.69 * torch.rand(n, generator=generator, dtype=torch.float64)
    truth = torch.where(confidence < 0.9, confidence - 0.1, confidence + 0.3 * (1 - confidence))
    right = torch.rand(n, generator=generator, dtype=torch.float64) < truth
    probs = torch.full((n, classes), 0.0, dtype=torch.float64)
    probs[:, 0] = confidence
    probs[:, 1:] = ((1 - confidence) / (classes - 1))[:, None]
    wrong = 1 + torch.randint(0, classes - 1, (n,), generator=generator)
    labels = torch.where(right, torch.zeros(n, dtype=torch.long), wrong)
    table = calibration.fit_top_label_map(probs.log(), labels)
    xs, ys = (torch.tensor(table[k], dtype=torch.float64) for k in ("confidence", "accuracy"))
    assert (xs.diff() > 0).all() and (ys.diff() > 0).all() and 0 < ys.min() and ys.max() < 1
    probe = torch.tensor([0.5, 0.7, 0.85, 0.95])
    expected = torch.where(probe < 0.9, probe - 0.1, probe + 0.3 * (1 - probe)).double()
    assert torch.allclose(top_map.interpolate(probe.double(), xs, ys), expected, atol=0.04)
    mapped = top_map.mapped(probs.log(), table)
    assert calibration.ece(mapped, labels) < 0.02 < calibration.ece(probs, labels)
    assert calibration.nll(mapped.log(), labels) < calibration.nll(probs.log(), labels)
    # every answer right: one block, nothing to map
    assert calibration.fit_top_label_map(probs.log(), torch.zeros(n, dtype=torch.long)) is None


def test_the_map_round_trips_through_config_json_and_an_older_config_loads_as_before(tmp_path):
    torch.manual_seed(0)
    model = Classifier(temperature=0.5, top_label_map=HARSH).eval()
    x = torch.rand(4, 1, 28, 28)
    with torch.no_grad():
        logits = model(x)
    probs = model.predict_proba(x)
    assert torch.allclose(probs, top_map.mapped(logits / 0.5, HARSH).float())
    assert torch.equal(probs.argmax(1), logits.argmax(1))
    model.save_pretrained(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["top_label_map"] == HARSH and config["temperature"] == 0.5
    loaded = Classifier.from_pretrained(tmp_path).eval()
    assert loaded.top_label_map == HARSH and torch.equal(loaded.predict_proba(x), probs)
    del config["top_label_map"]  # a config.json from before the map
    (tmp_path / "config.json").write_text(json.dumps(config))
    older = Classifier.from_pretrained(tmp_path).eval()
    assert older.top_label_map is None
    assert torch.allclose(older.predict_proba(x), (logits / 0.5).softmax(1))


def test_the_served_fashion_mnist_cnn_keeps_the_map_its_calibration_fitted():
    """The bundled model: config.json, calibration.json and metrics.json agree, and the map earned its
    place on the test split (lower ECE than T alone, no higher NLL, the same accuracy)."""
    from models.datasets import weights_folder
    folder = weights_folder("fashion-mnist", "classifier")
    config = json.loads((folder / "config.json").read_text())
    record = json.loads((folder / "metrics.json").read_text())["calibration"]
    fit = json.loads((folder / "calibration.json").read_text())
    assert config["top_label_map"] == record["top_label_map"] and fit["top_label_map"]["points"] == len(config["top_label_map"]["confidence"])
    only, after = record["temperature_only"], record["after"]
    assert after["ece"] < only["ece"] and after["nll"] <= only["nll"] and after["accuracy"] == only["accuracy"]
    assert record["answers_changed"] == 0 and "top-label map" in (folder / "README.md").read_text()


def test_train_calibrate_writes_the_map_only_when_asked(tmp_path):
    """End to end on a copy of the bundled Fashion-MNIST CNN, 300 validation and test images: with
    --top-label-map the fitted table goes into config.json and metrics.json; a run without it removes it."""
    from models.datasets import weights_folder
    bundled, folder = weights_folder("fashion-mnist", "classifier"), tmp_path / "fashion-mnist-classifier"
    folder.mkdir()
    for name in ("config.json", "model.safetensors", "training.json"):
        shutil.copy(bundled / name, folder / name)
    common = ["--weights", str(tmp_path), "--models", "classifier", "--limit", "300"]
    result = calibrate.main([*common, "--top-label-map"])["classifier"]
    table = json.loads((folder / "config.json").read_text())["top_label_map"]
    record = json.loads((folder / "metrics.json").read_text())["calibration"]
    assert table is not None and record["top_label_map"] == table == result["test"]["top_label_map"]
    assert record["answers_changed"] == 0 and record["before"]["accuracy"] == record["after"]["accuracy"]
    assert Classifier.from_pretrained(folder).top_label_map == table
    calibrate.main(common)
    assert json.loads((folder / "config.json").read_text())["top_label_map"] is None
    assert "top_label_map" not in json.loads((folder / "metrics.json").read_text())["calibration"]


def test_the_generative_answer_goes_through_the_map_in_serving_and_plain_bayes_does_not(tmp_path):
    """The cVAE's map sits in config.json's `serving` with T: the served posterior is mapped (same
    answer), plain Bayes (T = 1) is not, and a config without it (every older one) serves as before."""
    from models.networks.cvae import ConditionalVAE
    from models.operations.classify import generative_classifier as gc
    log_px_y = scores(50, scale=30.0, seed=7) - 1000
    plain_model = ConditionalVAE(serving={"likelihood_temperature": 10.0})
    torch.manual_seed(0)
    model = ConditionalVAE(serving={"likelihood_temperature": 10.0, "top_label_map": HARSH})
    tempered = gc.posterior_over_classes(plain_model, log_px_y)
    served = gc.posterior_over_classes(model, log_px_y)
    assert torch.allclose(served, top_map.mapped(log_px_y / 10 + model.log_class_prior, HARSH).float())
    assert torch.equal(served.argmax(1), tempered.argmax(1)) and not torch.allclose(served, tempered)
    assert torch.equal(gc.posterior_over_classes(model, log_px_y, temperature=1.0),
                       gc.posterior_over_classes(plain_model, log_px_y, temperature=1.0))
    # train.calibrate writes T and the map into `serving` through the Hub mixin; they load back
    calibrate.save_calibration("cvae", plain_model, tmp_path, {"likelihood_temperature": 6.0, "top_label_map": HARSH})
    serving = json.loads((tmp_path / "config.json").read_text())["serving"]
    assert serving["top_label_map"] == HARSH and serving["likelihood_temperature"] == 6.0
    assert ConditionalVAE.from_pretrained(tmp_path).serving.top_label_map == HARSH
    del serving["top_label_map"]
    config = json.loads((tmp_path / "config.json").read_text())
    (tmp_path / "config.json").write_text(json.dumps({**config, "serving": serving}))
    assert ConditionalVAE.from_pretrained(tmp_path).serving.top_label_map is None
    with pytest.raises(ValueError, match="top_label_map"):
        ConditionalVAE(serving={"top_label_map": {"confidence": [0.9, 0.1], "accuracy": [0.1, 0.2]}})
