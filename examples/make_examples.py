"""Writes the example inputs the app offers: `python examples/make_examples.py`.

- three real Fashion-MNIST test images (Debian's dataset-fashion-mnist), enlarged 8x with
  nearest-neighbour so every pixel is kept exactly;
- a drawing like one made on the sketchpad: black outline strokes on white;
- a shop-style photo: a coloured, dark item on an off-white background with a soft shadow,
  larger and not square, i.e. the opposite polarity of the dataset;
- the first cat and the first dog of the Animal-MNIST test split (train.lib.data's seeded,
  content-disjoint split, so the models never trained on them), enlarged the same way and
  named `animal-...` so the app pairs them with the animal-mnist models.
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
DATA = Path("/usr/share/datasets/fashion-mnist")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(name: str, offset: int) -> np.ndarray:
    with gzip.open(DATA / name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def test_split() -> tuple[np.ndarray, np.ndarray]:
    return read_idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28), read_idx("t10k-labels-idx1-ubyte.gz", 8)


def first_of(labels: np.ndarray, cls: int) -> int:
    return int(np.flatnonzero(labels == cls)[0])


def drawing() -> Image.Image:
    """A T-shirt outline, as a visitor would sketch it."""
    img = Image.new("RGB", (420, 420), "white")
    outline = [(140, 80), (70, 140), (105, 190), (147, 161), (147, 340), (273, 340),
               (273, 161), (315, 190), (350, 140), (280, 80), (245, 98), (210, 108), (175, 98), (140, 80)]
    ImageDraw.Draw(img).line(outline, fill="black", width=10, joint="curve")
    return img


def shop_photo(item: np.ndarray) -> Image.Image:
    """The dataset's light-on-black item as a navy product on a white 640x480 studio background."""
    shape = np.asarray(Image.fromarray(item).resize((300, 300), Image.Resampling.BICUBIC), dtype=np.float32) / 255.0
    background, navy = np.array([246, 245, 242], np.float32), np.array([28, 42, 92], np.float32)
    product = background + shape[..., None] * (navy - background)
    photo = Image.new("RGB", (640, 480), tuple(int(c) for c in background))
    shadow = Image.fromarray((shape * 60).astype(np.uint8)).filter(ImageFilter.GaussianBlur(12))
    photo.paste((200, 200, 198), (178, 102), mask=shadow)
    mask = Image.fromarray((np.clip(shape * 4, 0, 1) * 255).astype(np.uint8))
    photo.paste(Image.fromarray(product.clip(0, 255).astype(np.uint8)), (170, 90), mask=mask)
    return photo


def animal_examples() -> list[Path]:
    """The first cat and dog of the Animal-MNIST test split, as 224x224 PNGs."""
    sys.path.insert(0, str(HERE.parent))  # the repo root: the split is defined once, in train.lib.data
    from train.lib.data import class_names, load_split

    test, names = load_split("animal-mnist", "test"), class_names("animal-mnist")
    written = []
    for name in ("cat", "dog"):
        index = first_of(test.labels.numpy(), names.index(name))
        big = Image.fromarray(test.images[index, 0].numpy()).resize((224, 224), Image.Resampling.NEAREST)
        written.append(HERE / f"animal-test-{index:04d}-{name}.png")
        big.save(written[-1])
    return written


def main() -> None:
    images, labels = test_split()
    for cls in (9, 1, 8):  # ankle boot, trouser, bag
        index = first_of(labels, cls)
        name = CLASSES[cls].lower().replace("/", "-").replace(" ", "-")
        big = Image.fromarray(images[index]).resize((224, 224), Image.Resampling.NEAREST)
        big.save(HERE / f"test-{index:04d}-{name}.png")
    drawing().save(HERE / "drawing-t-shirt.png")
    shop_photo(images[first_of(labels, 2)]).save(HERE / "shop-photo-pullover.png")  # a pullover
    animal_examples()
    print("wrote", ", ".join(sorted(p.name for p in HERE.glob("*.png"))))


if __name__ == "__main__":
    main()
