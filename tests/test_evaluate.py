"""train.evaluate end to end on small untrained models, plus its pure helpers and the card."""
import json

import pytest
import torch
from huggingface_hub import ModelCard

from models import VAE, Classifier, ConditionalGAN
from train import evaluate
from train.lib.card import CARD_METRICS, model_kind, most_confused
from train.lib.results import LABELS, check_targets, format_value, results_table, rounded

LIMIT, SAMPLES = 200, 64
KINDS = {"classifier": Classifier, "vae": VAE, "gan": ConditionalGAN}


def make_weights(root, kinds=KINDS):
    """Untrained models saved like the training scripts do (weights + config + training.json)."""
    torch.manual_seed(0)
    for kind in kinds:
        folder = root / f"fashion-mnist-{kind}"
        KINDS[kind]().save_pretrained(folder)
        (folder / "training.json").write_text(json.dumps({
            "command": f"python -m train.{kind} --dry-run", "dataset": "fashion-mnist", "epochs": 1,
            "seed": 0, "dry_run": True, "device": "test CPU", "torch": torch.__version__, "train_seconds": 1.5,
            "history": [{"epoch": 1}]}))
    return root


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    root = make_weights(tmp_path_factory.mktemp("weights"))
    docs = root / "docs"
    evaluate.main(["--weights", str(root), "--limit", str(LIMIT), "--samples", str(SAMPLES), "--docs", str(docs)])
    metrics = {k: json.loads((root / f"fashion-mnist-{k}" / "metrics.json").read_text()) for k in KINDS}
    return root, docs, metrics


def shown(metric, value):
    """How the card must print a stored value (written out here, independently of train.lib.results)."""
    if "accuracy" in metric or "fidelity" in metric:
        return f"{value * 100:.2f}%"
    return str(value)


def test_metrics_have_the_expected_keys_and_ranges(evaluated):
    _, _, m = evaluated
    c, v, g = m["classifier"], m["vae"], m["gan"]
    assert 0 <= c["accuracy"] <= 1 and c["parameters"] > 0
    assert list(c["per_class_accuracy"]) == Classifier().class_names
    assert sum(map(sum, c["confusion_matrix"])) == LIMIT and len(c["confusion_matrix"]) == 10
    correct = sum(c["confusion_matrix"][i][i] for i in range(10))
    assert c["accuracy"] == pytest.approx(correct / LIMIT, abs=1e-4)

    assert v["negative_elbo_nats"] > 0 and v["kl_nats"] >= 0
    assert v["negative_elbo_nats"] == pytest.approx(v["reconstruction_nats"] + v["kl_nats"], rel=1e-4)
    assert 0 <= v["reconstruction_mse_per_pixel"] <= 1
    assert 0 <= v["classifier_accuracy_on_reconstructions"] <= 1
    assert v["classifier_accuracy_on_originals"] == c["accuracy"]

    assert 0 <= g["label_fidelity"] <= 1 and len(g["per_class_label_fidelity"]) == 10
    for key in ("fd_gan_vs_test", "fd_vae_prior_vs_test", "fd_train_vs_test"):
        assert g[key] >= 0
    assert v["fd_vae_prior_vs_test"] == g["fd_vae_prior_vs_test"]
    assert g["fd_ratio_gan_over_vae"] == pytest.approx(g["fd_gan_vs_test"] / g["fd_vae_prior_vs_test"], rel=1e-3)
    for record in m.values():
        ev = record["evaluation"]
        assert (ev["test_images"], ev["samples"], ev["seed"]) == (LIMIT, SAMPLES, 0)
        assert ev["command"].startswith("python -m train.evaluate --weights")


def test_targets_are_judged_honestly(evaluated):
    _, _, m = evaluated
    targets = [t for record in m.values() for t in record["targets"]]
    assert {t["metric"] for t in targets} == {"accuracy", "classifier_accuracy_on_reconstructions",
                                              "label_fidelity", "fd_ratio_gan_over_vae"}
    for t in targets:
        assert t["met"] == (t["value"] >= t["threshold"] if t["op"] == ">=" else t["value"] <= t["threshold"])


@pytest.mark.parametrize("kind", KINDS)
def test_card_numbers_match_metrics_json(evaluated, kind):
    root, _, m = evaluated
    text = (root / f"fashion-mnist-{kind}" / "README.md").read_text()
    for metric in CARD_METRICS[kind]:
        assert f"| {LABELS[metric]} | {shown(metric, m[kind][metric])} |" in text
    per_class = m[kind].get("per_class_accuracy") or m[kind].get("per_class_label_fidelity") or {}
    for name, value in per_class.items():
        assert f"| {name} | {shown('accuracy', value)} |" in text
    assert "python -m train." + kind + " --dry-run" in text and "1.5 s" in text and "test CPU" in text
    assert "Dry-run weights" in text and f"Measured on {LIMIT} images" in text
    for figure in m[kind]["evaluation"]["figures"]:
        assert f"]({figure})" in text

    card = ModelCard(text)
    assert card.data.license == "mit" and card.data.library_name == "pytorch"
    assert card.data.datasets == ["zalando-datasets/fashion_mnist"]
    assert {r.metric_type: r.metric_value for r in card.data.eval_results} == \
        {k: m[kind][k] for k in CARD_METRICS[kind]}


def test_figures_and_results_table_are_written_and_small(evaluated):
    root, docs, m = evaluated
    for kind, record in m.items():
        for name in record["evaluation"]["figures"]:
            assert 0 < (root / f"fashion-mnist-{kind}" / name).stat().st_size < 200_000
    assert set(m["gan"]["evaluation"]["figures"]) == {"samples.png"}
    assert (docs / "results-fashion-mnist.png").stat().st_size < 200_000
    table = (docs / "results-fashion-mnist.md").read_text()
    assert f"| gan | Label fidelity | {shown('label_fidelity', m['gan']['label_fidelity'])} | >= 90.00% |" in table


def test_missing_models_are_skipped(tmp_path):
    make_weights(tmp_path, kinds=["classifier"])
    metrics = evaluate.main(["--weights", str(tmp_path), "--limit", "50", "--samples", "8", "--docs", str(tmp_path)])
    assert list(metrics) == ["classifier"]
    assert not (tmp_path / "fashion-mnist-gan").exists()


def test_frechet_distance_of_a_set_with_itself_is_zero():
    images = torch.rand(64, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    fd = evaluate.frechet_distances(Classifier().eval(), images, {"same": images, "shifted": images * 0.5})
    assert fd["same"] == pytest.approx(0, abs=1e-3) and fd["shifted"] > fd["same"]


def test_seeded_samples_are_reproducible():
    vae = VAE().eval()
    assert torch.equal(evaluate.vae_prior_samples(vae, 5, seed=3), evaluate.vae_prior_samples(vae, 5, seed=3))
    train = evaluate.Split(torch.arange(20, dtype=torch.uint8).view(20, 1, 1, 1), torch.zeros(20, dtype=torch.long))
    assert torch.equal(evaluate.random_train_images(train, 5, 0), evaluate.random_train_images(train, 5, 0))


def test_first_of_each_class_picks_in_class_order():
    labels = torch.tensor([2, 0, 0, 1, 2, 1])
    assert evaluate.first_of_each_class(labels, 3).tolist() == [1, 3, 0]
    assert evaluate.first_of_each_class(labels, 3, skip=1).tolist() == [2, 5, 4]


def test_check_targets_and_formatting():
    rows = check_targets("gan", {"label_fidelity": 0.95})
    assert [(r["metric"], r["met"]) for r in rows] == [("label_fidelity", True), ("fd_ratio_gan_over_vae", None)]
    assert check_targets("classifier", {"accuracy": 0.9399})[0]["met"] is False
    assert format_value("accuracy", 0.9412) == "94.12%" and format_value("parameters", 1234567) == "1,234,567"
    assert format_value("fd_gan_vs_test", None) == "not evaluated"
    assert rounded(0.123456, fraction=True) == 0.1235 and rounded(1234.5678) == 1234.57
    dog = check_targets("gan", {"per_class_label_fidelity": {"dog": 0.9, "cat": 0.8}}, "animal-mnist")
    assert [(r["label"], r["met"]) for r in dog][:2] == [("GAN label fidelity, dog", True), ("GAN label fidelity, cat", False)]
    assert all(r["metric"] != "label_fidelity" for r in dog)  # Fashion-MNIST's anchor is not Animal-MNIST's
    assert "| gan | GAN label fidelity, cat | 80.00% | >= 85.00% | **not met** |" in results_table({"gan": {"targets": dog}})
    table = results_table({"classifier": {"accuracy": 0.95, "targets": check_targets("classifier", {"accuracy": 0.95})}})
    assert "| classifier | Test accuracy | 95.00% | >= 94.00% | met |" in table


def test_card_helpers():
    assert model_kind({"noise_dim": 64}) == "gan" and model_kind({"latent_dim": 8}) == "vae"
    assert model_kind({"feature_dim": 128}) == "classifier"
    with pytest.raises(ValueError, match="no known model"):
        model_kind({"width": 3})
    matrix = [[5, 1, 0], [4, 5, 0], [0, 2, 5]]
    assert most_confused(matrix, ["a", "b", "c"], k=2) == [("b", "a", 4), ("c", "b", 2)]
