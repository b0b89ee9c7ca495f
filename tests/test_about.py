"""The About tab's text: metrics from each model folder's metrics.json, or a note when missing."""
import json
from pathlib import Path

from models.loading.loader import Family
from space.tabs.about import about_markdown, read_metrics


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
    assert "| Test accuracy | 93.12 % | share of test images" in text
    assert "| Parameters | 289,354 |" in text
    assert "per_class" not in text, "only scalar metrics become rows"
    assert text.count("No metrics.json") == 3, "the VAE and the class-conditional VAE have none, the GAN's is unreadable"
    assert "https://huggingface.co/genmodels-intro/fashion-mnist-gan" in text
    assert "Discriminative vs generative" in text


def test_read_metrics_of_missing_folder_is_none(tmp_path):
    assert read_metrics(tmp_path / "nowhere") is None


def test_every_shipped_figure_has_a_readable_name_unit_and_meaning():
    """No raw metrics.json key, no "negative ELBO" shown negative, and FD said in plain words."""
    from models.datasets import DATASETS
    from space.widgets.figures import FIGURES, NEGATED, readable

    root = Path(__file__).resolve().parent.parent / "weights"
    for dataset in DATASETS:
        for kind in ("classifier", "vae", "gan", "cvae"):  # every model the About tab shows
            metrics = read_metrics(root / f"{dataset}-{kind}")
            if metrics is None:
                continue
            numeric = [k for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
            assert all(NEGATED.get(k, k) in FIGURES for k in numeric), f"{dataset}-{kind}: {numeric}"
            for name, value, meaning in readable(metrics):
                assert "_" not in name and meaning.strip(), name  # every figure says what it means
                if name.startswith("ELBO"):
                    assert not value.startswith("-"), "the ELBO of these continuous-pixel VAEs is positive"
    folders = {k: root / f"fashion-mnist-{k}" for k in ("classifier", "vae", "gan")}
    text = about_markdown([Family("fashion-mnist", {}, {}, folders, {})])
    assert "Negative ELBO" not in text and "kl nats" not in text and "fd ratio" not in text
    assert "Fréchet distance" in text and "0 means the two sets" in text


def test_calibration_before_and_after_and_the_diagrams_of_both_classifiers():
    """Issue 34: the About tab shows ECE before and after calibration, and the reliability diagrams."""
    from models.datasets import DATASETS, weights_folder
    from space.tabs.about import CALIBRATION, calibration_table, reliability_pictures

    for dataset in DATASETS:
        folders = {k: weights_folder(dataset, k) for k in ("classifier", "vae", "gan", "cvae")}
        family = Family(dataset, {}, {}, folders, {})
        text = about_markdown([family])
        assert CALIBRATION in text and calibration_table(family) in text
        for kind in ("classifier", "cvae"):
            r = json.loads((folders[kind] / "metrics.json").read_text())["calibration"]
            assert f"{r['before']['ece']:.3f} → **{r['after']['ece']:.3f}**" in text
            served = f"{r['temperature']:.3g}" + (" and a top-label map" if r.get("top_label_map") else "")
            assert f"| {served} |" in text
        rows = [line for line in calibration_table(family).splitlines() if line.startswith("| CNN") or line.startswith("| Generative")]
        assert len(rows) == 2 and all(row.count(" | ") == 5 for row in rows), "six cells: no bar left unescaped"
        pictures = reliability_pictures(family)
        assert {k: caption.split(":")[0] for k, (_, caption) in pictures.items()} == {
            "classifier": "CNN, P(class | image)", "cvae": "Generative, p(image | class)^(1/T)·p(class)"}
        assert all(image.size[0] > 400 for image, _ in pictures.values())


def test_no_calibration_yet_is_said(tmp_path):
    from space.tabs.about import calibration_table, reliability_pictures

    family = fake_family(tmp_path)
    assert "No calibration measured" in calibration_table(family) and reliability_pictures(family) == {}
