"""The Explore, Training timeline and Compare functions, on the bundled models, without Gradio."""
import io
import json
import shutil

import numpy as np
import pytest
import torch
from PIL import Image

from models.loading import artefacts

from models.operations import inference
from models.operations.common import animation
from models.operations.explore import compare
from models.operations.explore import explore
from models.operations.gan import timeline
from models.operations.vae import latent_map as lm
from models.loading.loader import Family, WeightsError
from models.operations.common.validation import InputError
from space.endpoints import explore as endpoints_explore

from conftest import EXAMPLES

BOOT, TROUSER, BAG = (str(EXAMPLES / n) for n in ("test-0000-ankle-boot.png", "test-0002-trouser.png", "test-0018-bag.png"))


def pixels(img: Image.Image) -> np.ndarray:
    return np.asarray(img)


def gif_frames(data: bytes) -> int:
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF"
    return gif.n_frames


@pytest.fixture(scope="module")
def small_map(family):
    """A latent map of 300 test images, as train.latent_map makes it for the whole split."""
    from train.lib.data import load_split

    test = load_split("fashion-mnist", "test")
    return lm.build(family.vae, test.images[:600], test.labels[:600], points=300, real_per_class=4, seed=0,
                    metadata={"dataset": "fashion-mnist"})


def family_in(tmp_path, family, monkeypatch) -> Family:
    """The same models, but their folders (and WEIGHTS_DIR) pointing at tmp_path."""
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    folders = {kind: tmp_path / f"fashion-mnist-{kind}" for kind in ("classifier", "vae", "gan")}
    return Family("fashion-mnist", family.models, family.origins, folders)


# interpolation -----------------------------------------------------------------------------

def test_lerp_and_slerp_start_and_end_at_the_two_points():
    a, b = torch.randn(64, generator=torch.Generator().manual_seed(0)), torch.randn(64, generator=torch.Generator().manual_seed(1))
    for points in (explore.lerp(a, b, torch.linspace(0, 1, 5)), explore.slerp(a, b, torch.linspace(0, 1, 5))):
        assert points.shape == (5, 64)
        assert torch.allclose(points[0], a, atol=1e-5) and torch.allclose(points[-1], b, atol=1e-5)
    assert torch.allclose(explore.lerp(a, b, torch.tensor([0.5]))[0], (a + b) / 2)


def test_slerp_keeps_the_norm_where_the_line_shrinks_it():
    a = torch.tensor([3.0, 0.0])
    b = torch.tensor([0.0, 3.0])
    middle = torch.tensor([0.5])
    assert explore.slerp(a, b, middle)[0].norm() == pytest.approx(3.0, abs=1e-5)
    assert explore.lerp(a, b, middle)[0].norm() == pytest.approx(3.0 / 2**0.5, abs=1e-5)
    same = explore.slerp(a, a, torch.linspace(0, 1, 3))  # parallel: no great circle, falls back to the line
    assert torch.allclose(same, a.expand(3, -1))


def test_noise_walk_ends_are_the_images_generate_makes(family):
    strip, gif = explore.interpolate_noise(family, seed_a=3, seed_b=7, steps=6, label="Bag", method="slerp")
    assert len(strip) == 6 and strip[0][1].startswith("t=0.00") and strip[-1][1].startswith("t=1.00")
    first = inference.generate(family, seed=3, count=1, label="Bag")[0][0][0]
    last = inference.generate(family, seed=7, count=1, label="Bag")[0][0][0]
    assert np.array_equal(pixels(strip[0][0]), pixels(first))
    assert np.array_equal(pixels(strip[-1][0]), pixels(last))
    assert gif_frames(gif) == 2 * 6 - 2  # there and back, without repeating the ends
    assert len(gif) < animation.MAX_GIF_BYTES


def test_noise_walk_is_deterministic_and_the_method_matters(family):
    one = explore.interpolate_noise(family, 0, 1, 5, "any", "slerp")
    again = explore.interpolate_noise(family, 0, 1, 5, "any", "slerp")
    linear = explore.interpolate_noise(family, 0, 1, 5, "any", "linear")
    assert one[1] == again[1]
    assert [c for _, c in one[0]] == [c for _, c in again[0]]
    assert not np.array_equal(pixels(one[0][2][0]), pixels(linear[0][2][0]))  # the middles differ
    assert np.array_equal(pixels(one[0][0][0]), pixels(linear[0][0][0]))  # the ends do not


@pytest.mark.parametrize("kwargs, words", [
    ({"method": "cubic"}, ["method", "slerp", "linear"]),
    ({"steps": 1}, ["steps", "2", "32"]),
    ({"steps": 33}, ["steps", "32"]),
    ({"seed_a": -1}, ["seed"]),
    ({"label": "Sock"}, ["Sock", "Ankle boot"]),
])
def test_noise_walk_rejects_bad_arguments_by_name(family, kwargs, words):
    with pytest.raises(InputError) as err:
        explore.interpolate_noise(family, **kwargs)
    assert all(w in str(err.value) for w in words), str(err.value)


def test_one_hot_class_weights_give_the_same_images_as_class_indices(family):
    z = family.gan.noise(4, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([0, 3, 5, 9])
    with torch.inference_mode():
        hard = family.gan.generate(z, y)
        soft = family.gan.generate(z, torch.eye(family.gan.num_classes)[y])
    assert torch.allclose(hard, soft, atol=1e-6)


def test_class_walk_goes_from_one_class_to_the_other_with_the_same_noise(family):
    strip, gif = explore.interpolate_classes(family, seed=5, label_a="sneaker", label_b="Ankle boot", steps=7)
    assert len(strip) == 7 and gif_frames(gif) == 12
    start = inference.generate(family, seed=5, count=1, label="Sneaker")[0][0][0]
    end = inference.generate(family, seed=5, count=1, label="Ankle boot")[0][0][0]
    assert np.array_equal(pixels(strip[0][0]), pixels(start))
    assert np.array_equal(pixels(strip[-1][0]), pixels(end))
    assert not np.array_equal(pixels(strip[3][0]), pixels(start))


def test_class_walk_defaults_to_first_and_last_class_and_refuses_any(family):
    strip, _ = explore.interpolate_classes(family, seed=0, steps=2)
    first = inference.generate(family, seed=0, count=1, label=family.class_names[0])[0][0][0]
    assert np.array_equal(pixels(strip[0][0]), pixels(first))
    with pytest.raises(InputError, match="label_b must be a class name"):
        explore.interpolate_classes(family, label_b="any")


def test_image_walk_starts_at_the_mean_reconstruction_of_image_a(family):
    strip, gif = explore.interpolate_images(family, BOOT, TROUSER, steps=5)
    assert [c for _, c in strip][0] == "model input A" and strip[-1][1] == "model input B"
    assert len(strip) == 5 + 2 and gif_frames(gif) == 8
    recon_a = inference.reconstruct(family, BOOT, samples=0)
    recon_b = inference.reconstruct(family, TROUSER, samples=0)
    assert np.array_equal(pixels(strip[0][0]), pixels(recon_a[0][0]))  # the model input
    assert np.array_equal(pixels(strip[1][0]), pixels(recon_a[1][0]))  # decode(mean of A)
    assert np.array_equal(pixels(strip[-2][0]), pixels(recon_b[1][0]))  # decode(mean of B)


def test_image_walk_names_the_missing_image(family):
    with pytest.raises(InputError, match="image_b is missing"):
        explore.interpolate_images(family, BOOT, None)


# animation ---------------------------------------------------------------------------------

def test_gif_stays_under_its_budget_by_posterizing_then_dropping_frames():
    rng = np.random.default_rng(0)
    frames = [Image.fromarray(rng.integers(0, 256, (120, 120), dtype=np.uint8)) for _ in range(12)]
    full = animation.gif_bytes(frames, 100)
    assert gif_frames(full) == 12
    small = animation.gif_bytes(frames, 100, max_bytes=len(full) // 3)
    assert len(small) <= len(full) // 3 and gif_frames(small) >= 2
    with pytest.raises(ValueError):
        animation.gif_bytes([])


# latent map --------------------------------------------------------------------------------

def test_pca_finds_the_direction_of_largest_variance_with_a_fixed_sign():
    g = torch.Generator().manual_seed(0)
    points = torch.randn(500, 3, generator=g) * torch.tensor([0.1, 5.0, 1.0]) + torch.tensor([1.0, 2.0, 3.0])
    mean, basis, explained = lm.fit_pca(points)
    assert torch.allclose(mean, points.mean(0), atol=1e-4)
    assert basis[:, 0].abs().argmax() == 1 and basis[:, 1].abs().argmax() == 2
    assert (basis.gather(0, basis.abs().argmax(0, keepdim=True)) > 0).all()  # signs fixed
    assert explained[0] > 0.9 > explained[1] > 0
    flipped = lm.fit_pca(-points)[1]
    assert torch.allclose(flipped, basis, atol=1e-4)


def test_latent_map_round_trips_through_safetensors(small_map, tmp_path):
    path = tmp_path / lm.FILENAME
    lm.save(small_map, path)
    loaded = lm.load(path)
    for name in lm.TENSORS:
        assert torch.equal(getattr(loaded, name), getattr(small_map, name)), name
    assert loaded.metadata["dataset"] == "fashion-mnist" and loaded.metadata["points"] == "300"
    assert loaded.real_images.dtype == torch.uint8 and loaded.real_images.shape == (40, 1, 28, 28)
    assert torch.bincount(loaded.real_labels).tolist() == [4] * 10


def test_a_map_image_lands_on_its_own_dot_among_its_class(family, small_map):
    from train.lib.data import load_split

    test = load_split("fashion-mnist", "test")
    chosen = lm.seeded_subset(600, 300, 0)
    index = int(chosen[10])
    placed = lm.place(family.vae, small_map, test.images[index:index + 1].float() / 255.0, family.class_names)
    assert (placed["x"], placed["y"]) == pytest.approx(tuple(small_map.coords[10].tolist()), abs=1e-3)
    own_class = family.class_names[int(test.labels[index])]
    assert own_class in placed["nearest_test_images"]
    assert sum(placed["nearest_test_images"].values()) == lm.NEIGHBOURS


def test_latent_map_view_is_a_plot_with_a_star_only_for_an_image(family, small_map):
    plain, info = lm.view(family.vae, small_map, family.class_names, "fashion-mnist")
    starred, placed = lm.view(family.vae, small_map, family.class_names, "fashion-mnist", BAG)
    assert plain.size == starred.size == (800, 600)
    assert "image" not in info and set(placed["image"]) == {"x", "y", "nearest_test_images"}
    assert not np.array_equal(pixels(plain), pixels(starred))
    assert np.array_equal(pixels(plain), pixels(lm.view(family.vae, small_map, family.class_names, "fashion-mnist")[0]))


def test_a_missing_latent_map_says_how_to_make_it(family, tmp_path, monkeypatch):
    fam = family_in(tmp_path, family, monkeypatch)
    with pytest.raises(WeightsError) as err:
        endpoints_explore.load_latent_map(fam)
    assert "python -m train.latent_map --dataset fashion-mnist" in str(err.value)
    (tmp_path / "fashion-mnist-vae").mkdir()
    (tmp_path / "fashion-mnist-vae" / lm.FILENAME).write_bytes(b"not safetensors")
    with pytest.raises(WeightsError, match="could not be read"):
        endpoints_explore.load_latent_map(fam)


# training timeline -------------------------------------------------------------------------

def test_timeline_shows_the_chosen_epoch_and_the_last_by_default(family):
    grids = timeline.sample_grids(family)
    epochs = [e for e, _ in grids]
    assert epochs == sorted(epochs) and len(epochs) >= 2
    grid, curves, info = timeline.timeline(family, 0)
    assert info["epoch"] == epochs[-1] and info["epochs"] == epochs
    first, _, first_info = timeline.timeline(family, epochs[0])
    assert first_info["epoch"] == epochs[0]
    saved = Image.open(grids[0][1]).convert("L")
    assert np.array_equal(pixels(first), pixels(saved.resize((2 * saved.width, 2 * saved.height), Image.Resampling.NEAREST)))
    assert not np.array_equal(pixels(first), pixels(grid))
    assert curves.size == (900, 340)
    with pytest.raises(InputError, match="epoch must be between 0 and"):
        timeline.timeline(family, epochs[-1] + 1)


def test_timeline_gif_has_one_frame_per_epoch_under_a_megabyte(family):
    grids = timeline.sample_grids(family)
    data = timeline.animation(grids)
    assert gif_frames(data) == len(grids) and len(data) < animation.MAX_GIF_BYTES


def test_timeline_works_for_any_folder_and_explains_what_is_missing(family, tmp_path, monkeypatch):
    fam = family_in(tmp_path, family, monkeypatch)
    with pytest.raises(WeightsError, match="python -m train.gan writes them"):
        timeline.sample_grids(fam)
    samples = tmp_path / "fashion-mnist-gan" / "samples"
    samples.mkdir(parents=True)
    source = timeline.sample_grids(family)
    for epoch in (2, 4):
        shutil.copy(source[0][1], samples / f"epoch_{epoch:02d}.png")
    (tmp_path / "fashion-mnist-gan" / "losses.json").write_text(json.dumps(
        [{"epoch": e, "step": 10 * e, "d_loss": 1.0, "g_loss": 0.5} for e in (1, 2, 3, 4)]))
    _, _, info = timeline.timeline(fam, 0)
    assert info == {"epoch": 4, "epochs": [2, 4]}  # no training.json: no validation scores
    with pytest.raises(WeightsError, match="no sample grid was saved for epoch 3; saved: 2, 4"):
        timeline.timeline(fam, 3)


# compare -----------------------------------------------------------------------------------

def test_compare_fills_three_columns_deterministically(family, small_map):
    real, vae, gan, summary = compare.compare(family, small_map, seed=4, count=6)
    assert len(real) == len(vae) == len(gan) == 6
    again = compare.compare(family, small_map, seed=4, count=6)
    assert [c for _, c in real + vae + gan] == [c for _, c in again[0] + again[1] + again[2]]
    assert np.array_equal(pixels(gan[0][0]), pixels(again[2][0][0]))
    other = compare.compare(family, small_map, seed=5, count=6)
    assert [c for _, c in gan] != [c for _, c in other[2]]
    for column in ("real", "vae", "gan"):
        assert summary[column]["images"] == 6 and 0 <= summary[column]["mean_p_real"] <= 1
    assert all(" · P(real)=" in c and " · clf: " in c for _, c in real + vae + gan)


def test_compare_for_one_class_and_the_cards_fd_figures(family, small_map):
    real, vae, gan, summary = compare.compare(family, small_map, seed=0, count=4, label="trouser")
    assert summary["label"] == "Trouser"
    assert all(c.startswith("Trouser ·") for _, c in real + vae + gan)
    assert len(vae) == 4 and "Gaussian fitted" in summary["vae"]["source"]  # full, whatever the classifier says
    metrics = {**artefacts.read_json(family, "vae", "metrics.json"), **artefacts.read_json(family, "gan", "metrics.json")}
    for key, item in summary["frechet_distance"].items():
        assert item["value"] == metrics[key]
    assert "fd_gan_vs_test" in summary["frechet_distance"]


@pytest.mark.parametrize("kwargs, words", [({"count": 0}, ["count", "1", "16"]), ({"count": 17}, ["count", "16"]),
                                           ({"label": "Hat"}, ["Hat", "Accepted"]), ({"seed": "x"}, ["seed"])])
def test_compare_rejects_bad_arguments_by_name(family, small_map, kwargs, words):
    with pytest.raises(InputError) as err:
        compare.compare(family, small_map, **kwargs)
    assert all(w in str(err.value) for w in words), str(err.value)
