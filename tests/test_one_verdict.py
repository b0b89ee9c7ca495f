"""One image, one verdict (issue 34): a picture the app made is read back exactly, and judged as shown."""
import io

import numpy as np
import pytest
import torch
from PIL import Image

from models.operations import inference
from models.operations.common.images import as_shown, for_display, to_8bit
from models.operations.common.preprocess import enlarged_model_picture, preprocess
from space.widgets.send_to_judges import captioned_class


def png_bytes(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def dim_picture(seed: int = 0) -> torch.Tensor:
    """A model-like picture the upload path would change: a dim object (max 0.5) off centre, black background."""
    x = torch.zeros(1, 28, 28)
    x[:, 4:14, 3:12] = torch.rand(1, 10, 9, generator=torch.Generator().manual_seed(seed)) * 0.5
    return x


def test_an_enlarged_model_picture_is_read_back_exactly_in_any_plain_mode():
    x = dim_picture()
    shown = for_display(x)  # what the gallery and the API's PNG hold: 112x112
    for img in (shown, shown.convert("RGB"), shown.convert("RGBA"), shown.resize((56, 56), Image.Resampling.NEAREST)):
        tensor, seen = preprocess(png_bytes(img))
        assert torch.equal(tensor[0], as_shown(x)) and seen.size == (28, 28), img.mode
    framed, _ = preprocess(png_bytes(to_pil_28(x)))  # a 28x28 file is an upload: framed and stretched
    assert not torch.equal(framed[0], as_shown(x))


def to_pil_28(x: torch.Tensor) -> Image.Image:
    return Image.fromarray(to_8bit(x)[0].numpy())


def test_anything_else_is_framed_as_an_upload():
    shown = np.asarray(for_display(dim_picture())).copy()
    assert enlarged_model_picture(Image.fromarray(shown)) is not None
    broken = shown.copy()
    broken[20, 21] += 1  # one pixel off its 4x4 block
    assert enlarged_model_picture(Image.fromarray(broken)) is None
    assert enlarged_model_picture(Image.fromarray(255 - shown)) is None  # dark object on white
    assert enlarged_model_picture(Image.fromarray(shown[:, :108])) is None  # not a square of 28k
    rgba = Image.fromarray(shown).convert("RGBA")
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    assert enlarged_model_picture(rgba) is None  # a cut-out
    tinted = Image.fromarray(shown).convert("RGB")
    tinted.putpixel((50, 50), (200, 10, 10))
    assert enlarged_model_picture(tinted) is None  # colour: a photo


def test_a_dataset_test_image_enlarged_reads_as_itself():
    from train.lib.data import load_split

    image = load_split("fashion-mnist", "test").images[0, 0].numpy()
    big = Image.fromarray(image).resize((112, 112), Image.Resampling.NEAREST)
    tensor, _ = preprocess(png_bytes(big))
    assert torch.equal(tensor[0, 0], torch.from_numpy(image).float() / 255)


def test_generated_images_keep_their_verdicts_when_sent_back_as_files(family):
    gallery, details = inference.generate(family, seed=3, count=12)
    for (img, caption), d in zip(gallery, details):
        judged = inference.discriminate(family, png_bytes(img), d["class"])
        assert judged["p_real"] == pytest.approx(d["p_real"], abs=1e-3), caption
        probs = inference.classify(family, png_bytes(img))
        top = max(probs, key=probs.get)
        assert top == d["classifier_says"] and probs[top] == pytest.approx(d["classifier_p"], abs=1e-3)
        assert captioned_class(caption, family.class_names) == d["class"]


def test_the_caption_names_the_class_only_when_it_judged_one():
    names = ["T-shirt/top", "Bag"]
    assert captioned_class("T-shirt/top · P(real)=0.20", names) == "T-shirt/top"
    assert captioned_class("Bag · P(real)=0.53 · clf: Bag 0.91", names) == "Bag"
    assert captioned_class("Bag · sample 3", names) is None
    assert captioned_class("cat · P(real)=0.50", names) is None  # not this dataset's class
    assert captioned_class(None, names) is None
