"""Every training script's --dry-run: finishes in seconds, writes a loadable folder, is seeded."""
import json

import pytest
import torch
from PIL import Image
from safetensors.torch import load_file

from models import VAE, Classifier, ConditionalGAN
from models.networks.cvae import ConditionalVAE
from train import classifier, cvae, gan, recipes, vae
from train.lib.card import render_card
from train.publish import write_card

SCRIPTS = {"classifier": (classifier, Classifier), "vae": (vae, VAE), "gan": (gan, ConditionalGAN),
           "cvae": (cvae, ConditionalVAE)}


@pytest.mark.parametrize("kind", SCRIPTS)
def test_dry_run_writes_a_model_folder(kind, tmp_path):
    script, model_class = SCRIPTS[kind]
    script.main(["--dry-run", "--out", str(tmp_path), "--device", "cpu"])
    record = json.loads((tmp_path / "training.json").read_text())
    assert record["dry_run"] is True and record["train_seconds"] > 0
    assert record["precision"] in ("fp32", "bf16")
    assert record["command"].startswith(f"python -m train.{kind} ")
    assert record["recipe"] == f"fashion-mnist-{kind}" and record["world_size"] == 1  # a plain run: one process
    assert f"`fashion-mnist-{kind}` (train/recipes.py)" in write_card(tmp_path).read_text()
    model = model_class.from_pretrained(tmp_path).eval()
    assert model.dataset == "fashion-mnist" and len(model.class_names) == 10
    # the recipe's model settings reach the constructor, so config.json has them
    settings = recipes.recipe_for("fashion-mnist", kind).model
    assert record["model_settings"] == settings
    assert all(getattr(model, name) == value for name, value in settings.items())
    if kind == "gan":
        grid = Image.open(tmp_path / "samples" / "epoch_01.png")
        assert grid.mode == "L" and grid.size == (10 * 29 + 1, 10 * 29 + 1)  # 10 x 10 images, 1 px apart
        assert json.loads((tmp_path / "losses.json").read_text())[0]["epoch"] == 1
    if kind == "cvae":  # p(y) for Bayes' rule, and each class's prior also fitted to its training codes
        assert sum(model.log_class_prior.exp().tolist()) == pytest.approx(1.0)
        assert model.fitted_tril.shape == (10, model.fitted_components, model.latent_dim, model.latent_dim)
        assert not torch.equal(model.fitted_tril[0, 0], torch.eye(model.latent_dim))
        assert len(record["fitted_prior_nats_per_code"]) == 10 and model.serving.latent_prior == "learned"


def test_seeded_runs_are_reproducible(tmp_path):
    for name in ("a", "b"):
        classifier.main(["--dry-run", "--seed", "5", "--out", str(tmp_path / name), "--device", "cpu"])
    a, b = (load_file(tmp_path / name / "model.safetensors") for name in ("a", "b"))
    assert a.keys() == b.keys() and all((a[k] == b[k]).all() for k in a)


def test_label_smoothing_flag_changes_the_classifiers_training_and_is_recorded(tmp_path):
    for name, flags in (("recipe", []), ("none", ["--label-smoothing", "0"])):
        classifier.main(["--dry-run", "--seed", "5", "--out", str(tmp_path / name), "--device", "cpu", *flags])
    records = {name: json.loads((tmp_path / name / "training.json").read_text()) for name in ("recipe", "none")}
    assert records["recipe"]["label_smoothing"] == 0.1 and "label_smoothing" not in records["recipe"]["recipe_overrides"]
    assert records["none"]["label_smoothing"] == 0.0 and records["none"]["recipe_overrides"]["label_smoothing"] == 0.0
    a, b = (load_file(tmp_path / name / "model.safetensors") for name in ("recipe", "none"))
    assert any(not torch.equal(a[k], b[k]) for k in a)  # same seed, same batches: only the loss differs


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_precision_flag_is_recorded_and_the_weights_stay_fp32(precision, tmp_path):
    vae.main(["--dry-run", "--precision", precision, "--out", str(tmp_path), "--device", "cpu"])
    assert json.loads((tmp_path / "training.json").read_text())["precision"] == precision
    weights = load_file(tmp_path / "model.safetensors")
    assert {t.dtype for t in weights.values()} == {torch.float32}  # autocast never changes the stored weights


def test_flags_are_the_same_for_every_script(capsys):
    helps = []
    for script, _ in SCRIPTS.values():
        with pytest.raises(SystemExit):
            script.main(["--help"])
        helps.append({w for w in capsys.readouterr().out.split() if w.startswith("--")})
    assert all(h == helps[0] for h in helps)
    assert {"--dataset", "--epochs", "--batch-size", "--lr", "--seed", "--device", "--out", "--dry-run",
            "--push-to-hub"} <= helps[0]


def test_standing_statistics_shrink_with_the_dataset_but_fashion_keeps_its_recorded_twenty():
    assert gan.standing_batches(55_000) == 20  # Fashion-MNIST's training part: its recorded runs reproduce
    assert gan.standing_batches(7_128) == 2  # Animal-MNIST's: 1,000 samples
    assert gan.standing_batches(10) == 2  # never zero batches
    assert [gan.standing_batches(n) for n in (5_000, 20_000, 40_000)] == [2, 8, 16]


def test_gan_snapshots_are_the_generator_each_grid_was_drawn_with(tmp_path, training_run):
    """train.gan_snapshots keeps the early generators of the real-or-fake game: loadable, seeded, and
    exactly the generator that drew that epoch's sample grid."""
    from models.operations.gan import snapshots
    from train import gan_snapshots

    for name in ("a", "b"):
        gan_snapshots.main(["--snapshot-epochs", "1", "--dry-run", "--seed", "3", "--out", str(tmp_path / name),
                            "--device", "cpu"])
    a, b = (load_file(tmp_path / name / "snapshots" / snapshots.file_name(1)) for name in ("a", "b"))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    config = json.loads((tmp_path / "a" / "config.json").read_text())
    early = snapshots.read(tmp_path / "a" / "snapshots" / snapshots.file_name(1), config)
    gan.fixed_noise_grid(early, tmp_path / "redrawn.png")
    assert Image.open(tmp_path / "redrawn.png").tobytes() == Image.open(tmp_path / "a" / "samples" / "epoch_01.png").tobytes()
    meta = snapshots.read_metadata(tmp_path / "a" / "snapshots" / snapshots.file_name(1))
    assert meta["command"].startswith("python -m train.gan_snapshots --snapshot-epochs 1 --dry-run")
    with pytest.raises(SystemExit):
        gan_snapshots.main(["--snapshot-epochs", "0,2", "--dry-run", "--out", str(tmp_path / "c")])
    with pytest.raises(SystemExit, match=r"no snapshot of epoch\(s\) \[2\]"):
        gan_snapshots.main(["--snapshot-epochs", "1,2", "--dry-run", "--out", str(tmp_path / "d"), "--device", "cpu"])
