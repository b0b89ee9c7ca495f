"""benchmarks.compare_calibration: cross-fitted answers and paired differences, on synthetic classifiers."""
from argparse import Namespace

import pytest
import torch

from benchmarks import compare_calibration as cc


def _answers(n: int = 2000, classes: int = 4, seed: int = 0):
    """Scores, and labels drawn from softmax(scores): softmax(scores) is calibrated by construction."""
    g = torch.Generator().manual_seed(seed)
    scores = 2 * torch.randn(n, classes, generator=g, dtype=torch.float64)
    labels = torch.multinomial(scores.softmax(-1), 1, generator=g).squeeze(1)
    return scores, labels


def test_the_halves_split_the_images():
    first, second = cc.halves(101, 0)
    assert sorted(torch.cat([first, second]).tolist()) == list(range(101)) and len(first) == 50


def test_cross_fitted_answers_are_never_fitted_on_their_own_labels():
    scores, labels = _answers()
    first, second = cc.halves(len(labels), 0)
    changed = labels.clone()
    changed[second] = (labels[second] + 1) % 4  # the second half's labels, all wrong now
    before, after = cc.cross_fitted(scores, labels, 0), cc.cross_fitted(scores, changed, 0)
    assert torch.equal(before[second], after[second])  # fitted on the first half only
    assert not torch.allclose(before[first], after[first])  # fitted on the second half
    assert torch.allclose(before.exp().sum(1), torch.ones(len(labels), dtype=torch.float64))


def test_paired_differences_find_the_over_confident_model_worse():
    scores, labels = _answers()
    calibrated, over_confident = scores.log_softmax(-1), (3 * scores).log_softmax(-1)
    args = Namespace(seed=0, resamples=100, subsets=10, images=300)
    worse = cc.paired(over_confident, calibrated, labels, args)
    assert worse["nll"]["p5"] > 0 and worse["nll"]["other_lower"] == 0
    assert worse["ece"]["p5"] > 0 and worse["subset_ece"]["mean"] > 0
    same = cc.paired(calibrated, calibrated, labels, args)
    assert all(d == {"mean": 0, "p5": 0, "p95": 0, "other_lower": 0} for d in same.values())


def test_two_trained_classifiers_are_compared_on_their_shared_validation_split(tmp_path, capsys, training_run):
    from train import classifier

    for name, flags in (("a", []), ("b", ["--label-smoothing", "0"]), ("other-split", ["--seed", "6"])):
        classifier.main(["--dry-run", "--seed", "5", *flags, "--out", str(tmp_path / name), "--device", "cpu"])
    small = ["--subsets", "3", "--resamples", "20"]
    rows = cc.main([str(tmp_path / "a"), str(tmp_path / "b"), *small])
    assert [set(row) for row in rows] == [{"folder", "validation", "test"}, {"folder", "validation", "test", "against_reference"}]
    assert rows[0]["validation"] != rows[1]["validation"] and 0 <= rows[1]["test"]["subsets_within_target"] <= 1
    assert set(rows[1]["against_reference"]) == {"ece", "nll", "subset_ece"}
    assert "minus the reference's" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="another validation split"):
        cc.main([str(tmp_path / "a"), str(tmp_path / "other-split"), *small])
