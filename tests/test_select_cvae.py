"""train.select_cvae on a --dry-run cVAE: chooses on the validation split and rewrites the served config."""
import json
import shutil

import torch

from models.datasets import weights_folder
from models.networks import cvae_settings
from models.networks.cvae import ConditionalVAE
from train import cvae, evaluate_cvae, select_cvae


def test_selection_rewrites_config_and_records_every_candidate(tmp_path, training_run):
    for kind in ("classifier", "gan"):  # the feature classifier and the GAN it is measured against
        shutil.copytree(weights_folder("fashion-mnist", kind), tmp_path / f"fashion-mnist-{kind}")
    folder = tmp_path / "fashion-mnist-cvae"
    cvae.main(["--dry-run", "--out", str(folder), "--device", "cpu"])
    record = select_cvae.main(["--weights", str(tmp_path), "--components", "1,2", "--ks", "1,2,4",
                               "--refine", "1,2", "--k-images", "40", "--limit", "200", "--fitted-draws", "0,3"])
    assert record["split"] == "validation" and record["validation_images"] == 200
    rows = record["candidates"]
    assert set(rows) == {"learned", "fitted, M=1", "fitted, M=2", "fitted, M=1, 3 draws", "fitted, M=2, 3 draws"}
    chosen = record["chosen"]
    best = max(rows, key=lambda n: (rows[n]["accuracy_by_k"][4], -rows[n]["fd_vs_validation"]))
    assert chosen["candidate"] == best, "the most accurate prior on validation wins"
    assert chosen["latent_prior"] == best.split(",")[0] and chosen["importance_samples"] in (1, 2, 4)
    assert chosen["fitted_draws"] == (3 if best.endswith("3 draws") else 0)
    # (K, R): the fewest decoder passes within the tolerance of the most accurate (K, R) of that prior
    table = record["scoring_of_chosen_prior"]
    assert {(r["k"], r["refined_classes"]) for r in table} == {(1, 10), *((k, r) for k in (2, 4) for r in (1, 2, 10))}
    assert max(r["accuracy"] for r in table) >= rows[best]["accuracy_by_k"][4]
    good = [r for r in table if r["accuracy"] >= max(r["accuracy"] for r in table) - 0.005]
    assert chosen["decodes_per_image"] == min(r["decodes_per_image"] for r in good)
    assert chosen["refined_classes"] in (1, 2, None), "None: every class gets K"
    assert all(0 <= r["label_fidelity"] <= 1 and r["fd_vs_validation"] > 0 for r in rows.values())
    model = ConditionalVAE.from_pretrained(folder)
    config = cvae_settings.flatten(json.loads((folder / "config.json").read_text()))
    keys = ("latent_prior", "fitted_components", "fitted_draws", "importance_samples", "refined_classes")
    assert {k: config[k] for k in keys} == {k: chosen[k] for k in keys}
    assert model.serving.importance_samples == chosen["importance_samples"] and model.serving.latent_prior == chosen["latent_prior"]
    assert json.loads((folder / "selection.json").read_text())["chosen"] == chosen
    images = model.sample(torch.arange(10), generator=torch.Generator().manual_seed(0))
    assert images.shape == (10, 1, 28, 28) and torch.isfinite(images).all()


def test_train_select_evaluate_writes_metrics_and_a_card_naming_the_choice(tmp_path, training_run):
    for kind in ("classifier", "gan"):
        shutil.copytree(weights_folder("fashion-mnist", kind), tmp_path / f"fashion-mnist-{kind}")
    folder = tmp_path / "fashion-mnist-cvae"
    cvae.main(["--dry-run", "--out", str(folder), "--device", "cpu"])
    chosen = select_cvae.main(["--weights", str(tmp_path), "--components", "1", "--ks", "1,2",
                               "--k-images", "40", "--limit", "200"])["chosen"]
    metrics = evaluate_cvae.main(["--weights", str(tmp_path), "--limit", "100", "--samples", "100",
                                  "--ks", "1,2", "--k-images", "40", "--ood-images", "20"])
    assert metrics["app_k"] == metrics["k"] == chosen["importance_samples"]
    assert metrics["refined_classes"] == (chosen["refined_classes"] or 10) and metrics["seconds_per_image"] > 0
    assert metrics["latent_prior"] == chosen["latent_prior"]
    assert 0 <= metrics["generative_accuracy"] <= 1 and set(metrics["accuracy_against_k"]["by_k"]) >= {"1", "2"}
    other = "learned" if chosen["latent_prior"] == "fitted" else "fitted"
    assert f"fd_cvae_{other}_prior_vs_test" in metrics and metrics["fd_ratio_cvae_over_gan"] > 0
    card = (folder / "README.md").read_text()
    assert f"here `{chosen['latent_prior']}`" in card and "python -m train.select_cvae" in card
    assert "validation accuracy of each candidate on 40 validation images" in card


def test_fitting_codes_are_means_or_posterior_draws():
    model = ConditionalVAE().eval()
    x, y = torch.rand(5, 1, 28, 28), torch.tensor([0, 1, 2, 3, 4])
    means, classes = model.fitting_codes(x, y)
    assert torch.equal(classes, y) and torch.allclose(means, model.encode(x, y)[0])
    drawn = ConditionalVAE(trained_with={"fitted_draws": 3}).eval()
    drawn.load_state_dict(model.state_dict())
    codes, classes = drawn.fitting_codes(x, y, torch.Generator().manual_seed(0))
    assert codes.shape == (15, model.latent_dim) and torch.equal(classes, y.repeat_interleave(3))
    assert not torch.allclose(codes[0], codes[1]), "each draw differs"
    # draws spread around their image's mean: their average is near it, image by image
    spread = (codes.view(5, 3, -1).mean(1) - means).abs().mean()
    assert spread < (codes.view(5, 3, -1) - means[:, None]).abs().mean()
