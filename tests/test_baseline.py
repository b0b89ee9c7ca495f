"""train.baseline: logistic regression on pixels, the yardstick for the classifier's accuracy."""
import json

import pytest
import torch

from models.datasets import weights_folder
from train import baseline


def test_fit_learns_a_linearly_separable_problem():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(300, 16, generator=g)
    y = (x[:, 3] > x[:, 7]).long() + 2 * (x[:, 0] > 0.5).long()  # 4 classes, each a half-space intersection
    weights, biases, ran = baseline.fit(x, y, 4, iterations=100, lr=1.0, l2=1e-4)
    assert weights.shape == (4, 16) and biases.shape == (4,) and 0 < ran <= 100
    assert baseline.accuracy(weights, biases, x, y, batch_size=64) > 0.95
    untrained = baseline.accuracy(torch.zeros(4, 16), torch.zeros(4), x, y, batch_size=64)
    assert untrained < 0.5  # all-zero weights predict class 0 only


def test_dry_run_writes_baseline_json_into_the_given_folder(tmp_path):
    record = baseline.main(["--dry-run", "--out", str(tmp_path), "--device", "cpu"])
    saved = json.loads((tmp_path / "baseline.json").read_text())
    assert saved == record
    assert saved["dataset"] == "fashion-mnist" and saved["dry_run"] is True
    assert saved["test_images"] == 10_000 and saved["train_images"] == 512
    assert 0.3 < saved["test_accuracy"] <= 1.0  # a few iterations on 512 images already beat chance (0.1)
    assert saved["l2"] in baseline.L2_GRID and set(saved["val_accuracy_by_l2"]) == {str(c) for c in baseline.L2_GRID}
    assert saved["train_seconds"] >= 0 and saved["command"].startswith("python -m train.baseline --dry-run")
    assert baseline.main(["--dry-run", "--out", str(tmp_path / "again"), "--device", "cpu"])["test_accuracy"] \
        == saved["test_accuracy"], "the same seed must give the same baseline"


def test_default_folder_is_the_classifiers_and_the_flags_are_its_own(capsys):
    args = baseline.parse_args(["--dataset", "animal-mnist"])
    assert args.out == weights_folder("animal-mnist", "classifier")  # WEIGHTS_DIR, else the repository's weights/
    assert (args.iterations, args.step_size, args.eval_batch_size) == (200, 1.0, 1000)
    with pytest.raises(SystemExit):
        baseline.main(["--help"])
    help_text = capsys.readouterr().out
    flags = {w.strip(",") for w in help_text.split() if w.startswith("--")}
    assert {"--dataset", "--iterations", "--step-size", "--eval-batch-size", "--seed", "--device", "--out",
            "--dry-run"} <= flags
    # the training scripts' flags, which meant something else here, are gone (argparse refuses them)
    assert not flags & {"--epochs", "--lr", "--batch-size", "--push-to-hub", "--precision"}
    assert "weights/<dataset>-classifier" in help_text and "train.publish" in help_text


@pytest.mark.parametrize("flag", ["--epochs", "--lr", "--push-to-hub"])
def test_training_flags_are_refused(flag, capsys):
    with pytest.raises(SystemExit):
        baseline.parse_args([flag, "1"])
    assert f"unrecognized arguments: {flag}" in capsys.readouterr().err


def test_iterations_and_step_size_reach_the_record(tmp_path):
    record = baseline.main(["--dry-run", "--iterations", "3", "--step-size", "0.5", "--out", str(tmp_path),
                            "--device", "cpu"])
    assert record["max_iterations"] == 3 and record["step_size"] == 0.5  # --dry-run only caps them at 5
