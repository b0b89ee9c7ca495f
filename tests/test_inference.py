"""The pure functions behind the tabs, on the bundled models, without Gradio."""
import gzip

import numpy as np
import pytest
import torch
from PIL import Image

from models.operations import inference
from models.operations.common.validation import InputError

from conftest import EXAMPLES

DATA = "/usr/share/datasets/fashion-mnist/"


def pixels(img: Image.Image) -> np.ndarray:
    return np.asarray(img)


@pytest.fixture(scope="module")
def test_split():
    with gzip.open(DATA + "t10k-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(DATA + "t10k-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images[::50][:200], labels[::50][:200]


def test_classify_returns_a_distribution_over_the_classes(family):
    probs = inference.classify(family, str(EXAMPLES / "test-0000-ankle-boot.png"))
    assert list(probs) == family.class_names
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-4)
    assert max(probs, key=probs.get) == "Ankle boot"


def test_shop_photos_classify_about_as_well_as_dataset_images(family, test_split):
    """Dark-on-white, enlarged, tinted versions of test images: preprocessing must undo all that."""
    images, labels = test_split
    raw = family.classifier.predict_proba(torch.from_numpy(images / 255.0).float()[:, None]).argmax(1).numpy()
    shop = []
    for image in images:
        big = np.asarray(Image.fromarray(image).resize((140, 140), Image.Resampling.BICUBIC), np.float32)[..., None] / 255
        product = (245 - big * (245 - np.array([120, 30, 50]))).clip(0, 255).astype(np.uint8)
        photo = Image.new("RGB", (300, 220), (245, 245, 245))
        photo.paste(Image.fromarray(product), (100, 40))
        probs = inference.classify(family, photo)
        shop.append(max(probs, key=probs.get))
    raw_accuracy = (raw == labels).mean()
    shop_accuracy = np.mean([family.class_names.index(s) == y for s, y in zip(shop, labels)])
    assert shop_accuracy >= raw_accuracy - 0.06, (raw_accuracy, shop_accuracy)


def test_reconstruct_shows_input_mean_and_seeded_samples(family):
    image = str(EXAMPLES / "test-0002-trouser.png")
    out = inference.reconstruct(family, image, samples=3, seed=7)
    assert [c for _, c in out] == ["model input", "mean reconstruction"] + [f"posterior sample {i}" for i in (1, 2, 3)]
    assert all(img.size == (112, 112) and img.mode == "L" for img, _ in out)
    again = inference.reconstruct(family, image, samples=3, seed=7)
    assert all((pixels(a) == pixels(b)).all() for (a, _), (b, _) in zip(out, again))
    other = inference.reconstruct(family, image, samples=3, seed=8)
    assert (pixels(out[1][0]) == pixels(other[1][0])).all(), "the mean reconstruction does not depend on the seed"
    assert any((pixels(a) != pixels(b)).any() for (a, _), (b, _) in zip(out[2:], other[2:]))
    assert len(inference.reconstruct(family, image, samples=0)) == 2


def test_sample_vae_is_seeded(family):
    a, b, c = (inference.sample_vae(family, seed=s, count=5) for s in (3, 3, 4))
    assert len(a) == 5
    assert all((pixels(x) == pixels(y)).all() for (x, _), (y, _) in zip(a, b))
    assert any((pixels(x) != pixels(y)).any() for (x, _), (y, _) in zip(a, c))


def test_generate_shows_the_noise_it_really_used(family):
    gallery, details = inference.generate(family, seed=11, count=6, label="Sneaker")
    assert len(gallery) == len(details) == 6
    assert all(d["class"] == "Sneaker" and 0.0 <= d["p_real"] <= 1.0 for d in details)
    assert all(caption.startswith("Sneaker · P(real)=") for _, caption in gallery)
    z = family.gan.noise(6, generator=torch.Generator().manual_seed(11))
    assert [d["z_head"] for d in details] == [[round(float(v), 3) for v in row[:inference.NOISE_HEAD]] for row in z]
    expected = family.gan.generate(z, torch.full((6,), family.class_names.index("Sneaker")))
    shown = np.stack([pixels(img)[::4, ::4] for img, _ in gallery]) / 255.0
    assert np.abs(shown - expected[:, 0].detach().numpy()).max() <= 0.5 / 255 + 1e-6


def test_generate_is_deterministic_by_seed(family):
    first, d1 = inference.generate(family, seed=5, count=4)
    second, d2 = inference.generate(family, seed=5, count=4)
    third, d3 = inference.generate(family, seed=6, count=4)
    assert d1 == d2 and d1 != d3
    assert all((pixels(a) == pixels(b)).all() for (a, _), (b, _) in zip(first, second))


def test_discriminate_names_the_class_it_judged(family):
    image = str(EXAMPLES / "test-0018-bag.png")
    chosen = inference.discriminate(family, image, "Trouser")
    assert chosen["label"] == "Trouser" and chosen["label_source"] == "chosen"
    assert 0.0 <= chosen["p_real"] <= 1.0
    predicted = inference.discriminate(family, image, "any")
    probs = inference.classify(family, image)
    top = max(probs, key=probs.get)
    assert predicted["label"] == top and "classifier" in predicted["label_source"]


@pytest.mark.parametrize("call, message", [
    (lambda f: inference.generate(f, count=0), "count must be between 1 and 64, got 0"),
    (lambda f: inference.generate(f, count=65), "count must be between 1 and 64"),
    (lambda f: inference.generate(f, seed=-1), "seed must be between 0 and"),
    (lambda f: inference.generate(f, seed=2.5), "seed must be an integer"),
    (lambda f: inference.generate(f, seed=True), "seed must be an integer"),
    (lambda f: inference.generate(f, label="cat"), "Unknown label 'cat'.*Accepted: any, T-shirt/top"),
    (lambda f: inference.sample_vae(f, count="many"), "count must be an integer"),
    (lambda f: inference.reconstruct(f, str(EXAMPLES / "test-0018-bag.png"), samples=17), "samples must be between 0 and 16"),
    (lambda f: inference.discriminate(f, None), "No image was given"),
])
def test_bad_arguments_raise_input_errors(family, call, message):
    with pytest.raises(InputError, match=message):
        call(family)


def test_accepted_spellings(family):
    _, details = inference.generate(family, seed="3", count=2.0, label="ankle BOOT")
    assert [d["class"] for d in details] == ["Ankle boot", "Ankle boot"]
