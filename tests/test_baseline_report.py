"""The baseline's accuracy next to the classifier's: in metrics.json, the card and the results table."""
import json

from test_evaluate import make_weights
from train import baseline, evaluate
from train.lib.card import render_card


def shown(fraction: float) -> str:
    return f"{fraction * 100:.2f}%"


def evaluate_classifier(root):
    evaluate.main(["--weights", str(root), "--limit", "100", "--samples", "8", "--docs", str(root / "docs")])
    metrics = json.loads((root / "fashion-mnist-classifier" / "metrics.json").read_text())
    return metrics, (root / "fashion-mnist-classifier" / "README.md").read_text(), (root / "docs" / "results-fashion-mnist.md").read_text()


def test_without_baseline_json_metrics_and_card_say_so(tmp_path):
    metrics, card, _ = evaluate_classifier(make_weights(tmp_path, kinds=["classifier"]))
    assert metrics["baseline_accuracy"] is None
    assert "not measured" in metrics["baseline"] and "python -m train.baseline --dataset fashion-mnist" in metrics["baseline"]
    assert "No baseline measured yet" in card and "`python -m train.baseline --dataset fashion-mnist`" in card


def test_baseline_json_reaches_metrics_card_and_table(tmp_path):
    root = make_weights(tmp_path, kinds=["classifier"])
    folder = root / "fashion-mnist-classifier"
    record = baseline.main(["--dry-run", "--out", str(folder), "--device", "cpu"])
    metrics, card, table = evaluate_classifier(root)
    assert metrics["baseline_accuracy"] == record["test_accuracy"]
    assert metrics["baseline"]["command"] == record["command"] and metrics["baseline"]["dry_run"] is True
    gain = 100 * (metrics["accuracy"] - record["test_accuracy"])
    assert f"reaches {shown(record['test_accuracy'])} on the same 10,000 test images" in card
    assert f"this classifier: {shown(metrics['accuracy'])}, {gain:+.2f} points" in card
    assert f"| classifier | Baseline test accuracy (logistic regression on pixels) | {shown(record['test_accuracy'])} |" in table


def test_card_reads_a_baseline_run_after_the_evaluation(tmp_path):
    """Publishing re-renders the card: a baseline measured after train.evaluate still shows."""
    root = make_weights(tmp_path, kinds=["classifier"])
    evaluate_classifier(root)
    folder = root / "fashion-mnist-classifier"
    (folder / "baseline.json").write_text(json.dumps({
        "model": baseline.DESCRIPTION, "test_accuracy": 0.8123, "test_images": 10000,
        "command": "python -m train.baseline", "train_seconds": 9.5, "dry_run": False}))
    text = str(render_card(folder))
    assert "reaches 81.23% on the same 10,000 test images" in text and "No baseline measured yet" not in text
