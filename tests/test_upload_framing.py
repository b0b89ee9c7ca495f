"""Uploads are framed the way their dataset frames objects, so a dataset's own images pass unchanged.

The figures over 1,000+ images come from `python -m benchmarks.uploads`; these tests keep
the invariant behind them on a few dozen images, fast.
"""
import numpy as np
import pytest
import torch
from PIL import Image

from models import Classifier
from models.datasets import DATASETS, get
from models.loading.loader import bundled_folder
from models.operations.common.preprocess import _bounding_box, preprocess
from train.lib.data import load_split

from animal_weights import needs_animal_weights

PER_DATASET = 32


@pytest.fixture(scope="module")
def test_images():
    """A seeded pick of each dataset's test images (uint8, 28x28)."""
    picks = {}
    for name in DATASETS:
        split = load_split(name, "test")
        order = torch.randperm(len(split.labels), generator=torch.Generator().manual_seed(13))[:PER_DATASET]
        picks[name] = split.images[order, 0].numpy()
    return picks


def long_side(image: np.ndarray) -> int:
    top, bottom, left, right = _bounding_box(np.asarray(image) > 25)
    return max(bottom - top, right - left)


@pytest.mark.parametrize("name", [pytest.param(d, marks=needs_animal_weights) if d == "animal-mnist" else d
                                  for d in DATASETS])
def test_a_datasets_own_images_pass_nearly_unchanged_and_keep_their_prediction(name, test_images, tmp_path):
    classifier = Classifier.from_pretrained(bundled_folder(name, "classifier")).eval()
    images = test_images[name]
    seen = []
    for i, image in enumerate(images):
        path = tmp_path / f"{i}.png"
        Image.fromarray(image).save(path)  # an ordinary PNG file, as a visitor would upload it
        seen.append(preprocess(str(path), name)[0])
    seen = torch.cat(seen)
    original = torch.from_numpy(images / 255.0).float()[:, None]
    change = (seen - original).abs().mean(dim=(1, 2, 3))
    assert float(change.mean()) < 0.01, f"mean absolute pixel change {float(change.mean()):.4f}"
    assert float(change.max()) < 0.1, f"one image changed by {float(change.max()):.4f} on average per pixel"
    with torch.inference_mode():
        assert torch.equal(classifier(seen).argmax(1), classifier(original).argmax(1))


def test_the_registry_framing_holds_almost_every_test_image():
    """object_long_side was measured on the training split; the test split agrees with it."""
    for name in DATASETS:
        low, high = get(name).object_long_side
        sides = np.array([long_side(image) for image in load_split(name, "test").images[:, 0].numpy()])
        assert ((sides >= low) & (sides <= high)).mean() >= 0.98, name


def test_a_small_object_is_enlarged_to_its_datasets_smallest_framing(test_images):
    """A photo with the item small in the frame: brought to the low end of the dataset's range."""
    item = Image.fromarray(255 - test_images["fashion-mnist"][0]).resize((90, 90), Image.Resampling.BICUBIC)
    photo = Image.new("L", (600, 400), 250)
    photo.paste(item, (400, 50))
    for name in DATASETS:
        out = np.asarray(preprocess(photo, name)[1])
        assert long_side(out) == get(name).object_long_side[0], name


def test_an_object_in_range_keeps_its_size_and_one_too_large_is_shrunk():
    """A 22 px silhouette is an Animal-MNIST size but not a Fashion-MNIST one (27-28 px)."""
    frame = np.zeros((28, 28), np.uint8)
    frame[3:25, 8:20] = 255  # 22 x 12, centred
    assert long_side(np.asarray(preprocess(Image.fromarray(frame), "animal-mnist")[1])) == 22
    assert long_side(np.asarray(preprocess(Image.fromarray(frame), "fashion-mnist")[1])) in (27, 28)  # edges blur
    big = np.zeros((100, 100), np.uint8)
    big[0:100, 30:70] = 255  # touches the frame: the largest framing there is
    assert long_side(np.asarray(preprocess(Image.fromarray(big), "animal-mnist")[1])) == 28


def test_an_off_centre_object_is_centred_within_a_pixel():
    frame = np.zeros((28, 28), np.uint8)
    frame[0:22, 0:12] = 255  # in the top-left corner
    out = np.asarray(preprocess(Image.fromarray(frame), "animal-mnist")[1])
    top, bottom, left, right = _bounding_box(out > 25)
    assert abs((top + bottom) / 2 - 14) <= 1 and abs((left + right) / 2 - 14) <= 1


@needs_animal_weights
def test_the_uploads_benchmark_runs_and_marks_a_missed_target(capsys):
    from benchmarks.uploads import main, verdict

    [row] = main(["--images", "6", "--datasets", "animal-mnist"])
    assert row["images"] == 6 and all(0.0 <= row[k] <= 1.0 for k in ("png", "shop", "vae_png", "vae_shop", "cvae_png", "cvae_shop"))
    assert "| animal-mnist | 6 |" in capsys.readouterr().out
    assert "MISSED" in verdict(0.95, 0.99, 1.0) and "MISSED" not in verdict(0.985, 0.99, 1.0)


@needs_animal_weights
def test_the_generative_answer_frames_an_upload_as_its_dataset_does(test_images, tmp_path):
    """/classify_generative's CNN pick sees what /classify sees: the same framing, so the same probability."""
    from models.loading.loader import load_family
    from models.operations import inference
    from models.operations.classify import generative_classifier

    family = load_family("animal-mnist")
    small = next(image for image in test_images["animal-mnist"] if long_side(image) < 24)  # Fashion framing would enlarge it
    path = tmp_path / "small-animal.png"
    Image.fromarray(small).save(path)
    _, details = generative_classifier.classify_upload(family, str(path))
    assert details["discriminative_p"] == pytest.approx(max(inference.classify(family, str(path)).values()), abs=1e-4)
