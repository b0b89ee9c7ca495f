"""The About tab's text: metrics from each model folder's metrics.json, or a note when missing."""
import json
from pathlib import Path

from models.loading.loader import Family
from space.tab_about import about_markdown, read_metrics


def fake_family(tmp_path: Path) -> Family:
    folders = {kind: tmp_path / kind for kind in ("classifier", "vae", "gan")}
    for folder in folders.values():
        folder.mkdir()
    (folders["classifier"] / "metrics.json").write_text(json.dumps(
        {"accuracy": 0.9312, "parameters": 289354, "per_class_accuracy": {"Bag": 0.98}, "evaluation": {"split": "test"}}))
    (folders["gan"] / "metrics.json").write_text("{not json")
    return Family("fashion-mnist", {}, {k: "bundled folder x" for k in folders}, folders,
                  {k: f"genmodels-intro/fashion-mnist-{k}" for k in folders})


def test_metrics_are_shown_and_missing_ones_are_said(tmp_path):
    text = about_markdown([fake_family(tmp_path)])
    assert "| Test accuracy | 93.12 % |" in text
    assert "| parameters | 289,354 |" in text
    assert "per_class" not in text, "only scalar metrics become rows"
    assert text.count("No metrics.json") == 3, "the VAE and the class-conditional VAE have none, the GAN's is unreadable"
    assert "https://huggingface.co/genmodels-intro/fashion-mnist-gan" in text
    assert "Discriminative vs generative" in text


def test_read_metrics_of_missing_folder_is_none(tmp_path):
    assert read_metrics(tmp_path / "nowhere") is None
