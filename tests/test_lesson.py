"""The Lesson tab without a browser: its operations (models/operations/lesson/), its answers in both
languages (space/endpoints/lesson.py), how a link is read, and the shape of the tab itself."""
import asyncio
import inspect
import os

import gradio as gr
import pytest
import torch

from animal_weights import DOG, needs_animal_weights
from models.operations.lesson import judges, labels, likelihood, live_steps, posterior, saliency
from space.tabs.lesson import link

pytestmark = needs_animal_weights


@pytest.fixture(scope="module")
def animals():
    from models.loading.loader import load_family

    torch.set_num_threads(1)
    os.environ["HF_HUB_OFFLINE"] = "1"
    return load_family("animal-mnist")


@pytest.fixture(scope="module")
def dog():
    from models.operations.common.preprocess import preprocess

    return preprocess(str(DOG), "animal-mnist")[0]


# Step 1: what the classifier looked at ----------------------------------------------------------------
def test_saliency_lies_on_the_dog_and_is_the_same_every_time(animals, dog):
    index = animals.class_names.index("dog")
    heat = saliency.saliency(animals.classifier, dog, index)
    assert heat.shape == (28, 28) and float(heat.min()) >= 0 and float(heat.max()) == pytest.approx(1.0)
    assert torch.equal(heat, saliency.saliency(animals.classifier, dog, index))
    on_dog = dog[0, 0] > 0.5
    assert float(heat[on_dog].mean()) > 2 * float(heat[~on_dog].mean())  # the dog's pixels, not the background
    picture = saliency.overlay(dog, heat)
    assert picture.size == (224, 224) and picture.mode == "RGB"


# Step 2: labels --------------------------------------------------------------------------------------
def test_labelled_images_add_up_to_the_training_split(animals):
    counts = labels.labelled_images(animals)
    total = labels.training_split_size("animal-mnist")
    assert counts["train"] + counts["validation"] == total
    assert counts["validation"] == total // 12  # the training scripts' default hold-out (training.json: val_size None)
    assert counts["label_looks"] == counts["train"] * counts["epochs"] and counts["epochs"] == 30


def test_which_models_use_labels_matches_the_networks(animals):
    takes_class = lambda fn: "y" in inspect.signature(fn).parameters  # noqa: E731
    assert labels.USES_LABELS == {"classifier": True, "vae": False, "cvae": True, "gan": True}
    assert animals.classifier.head[-1].out_features == len(animals.class_names)  # its output is the label
    assert not takes_class(animals.vae.encode) and not takes_class(animals.vae.decode)
    assert takes_class(animals.cvae.posterior) and takes_class(animals.cvae.decode)
    assert takes_class(animals.gan.generate) and takes_class(animals.gan.discriminate)


# Step 6: the posterior on the map ------------------------------------------------------------------------
def test_ellipse_is_two_standard_deviations_from_the_mean():
    outline = posterior.ellipse(torch.tensor([1.0, -2.0]), torch.diag(torch.tensor([4.0, 0.25])))
    offsets = outline - torch.tensor([1.0, -2.0])
    assert float(offsets[:, 0].abs().max()) == pytest.approx(4.0, abs=1e-4)  # 2 x sigma 2
    assert float(offsets[:, 1].abs().max()) == pytest.approx(1.0, abs=1e-3)  # 2 x sigma 0.5
    assert torch.allclose(outline[0], outline[-1], atol=1e-5)  # closed


def test_posterior_on_map_projects_mean_samples_and_prior(animals, dog):
    from models.operations.vae.latent_map import project
    from space.endpoints.explore import load_latent_map

    latent_map = load_latent_map(animals)
    post = posterior.posterior_on_map(animals.vae, latent_map, dog, samples=5)
    mu = animals.vae.encode(dog)[0]
    assert torch.allclose(post.mean, project(mu, latent_map.mean, latent_map.basis)[0], atol=1e-5)
    assert post.samples.shape == (5, 2) and post.decoded.shape == (5, 1, 28, 28)
    assert torch.all(torch.linalg.eigvalsh(post.covariance) > 0)
    assert float(post.sigma.max()) < 1.0  # narrower than the prior: the encoder is sure of a test dog
    assert 0 < posterior.spread(post.decoded, post.decoded_mean) < 0.2


# Steps 5, 9, 12 -------------------------------------------------------------------------------------------
def test_gap_and_the_threshold_that_decides_the_sentence():
    animal, other = {"best_log_p": 600.0}, {"best_log_p": 100.0}
    assert likelihood.gap(animal, other) == 500.0 and likelihood.told_apart(animal, other)
    assert not likelihood.told_apart(animal, {"best_log_p": 600.0 - likelihood.CLEAR_GAP_NATS})


def test_random_pixels_and_both_answers(animals):
    pixels = judges.random_pixels()
    assert torch.equal(pixels, judges.random_pixels()) and 0 <= float(pixels.min()) and float(pixels.max()) <= 1
    answers = judges.both_answers(animals, pixels, animals.class_names.index("dog"))
    assert 0 <= answers["p_real"] <= 1 and sum(answers["classes"].values()) == pytest.approx(1, abs=1e-3)


# Step 7: the decoder from scratch (a few updates only: the fast lane) ----------------------------------------
def test_decoder_from_scratch_changes_with_training_and_repeats_with_its_seed(dog):
    frames = list(live_steps.decoder_from_scratch("animal-mnist", dog, checkpoints=(0, 1, 4)))
    assert [steps for steps, _ in frames] == [0, 1, 4]
    assert all(picture.shape == (1, 1, 28, 28) for _, picture in frames)
    assert not torch.allclose(frames[0][1], frames[-1][1])
    again = list(live_steps.decoder_from_scratch("animal-mnist", dog, checkpoints=(0, 1, 4)))
    assert all(torch.equal(a[1], b[1]) for a, b in zip(frames, again))


# The answers, in both languages ----------------------------------------------------------------------------------
def test_classify_answers_with_the_class_names_of_the_language(animals):
    from space.endpoints import lesson

    seen, looked, english = lesson.classify("dog", "en")
    _, _, korean = lesson.classify("dog", "ko")
    assert max(english, key=english.get) == "dog" and max(korean, key=korean.get) == "개"
    assert list(english.values()) == list(korean.values())
    assert seen.size == looked.size == (224, 224)


def test_noise_in_a_dog_out_keeps_the_typed_numbers(animals):
    from space.endpoints import lesson

    picture, text = lesson.noise_to_dog("[-5 3 2.6]", "en")
    assert picture.size == (112, 112)
    assert "`[-5 3 2.6 " in text and "64 numbers" in text
    _, korean = lesson.noise_to_dog("[-5 3 2.6]", "ko")
    assert "숫자 64개" in korean and "`[-5 3 2.6 " in korean
    with pytest.raises(gr.Error, match="noise entry 2"):
        lesson.noise_to_dog("[-5 x]", "en")


def test_no_noise_gives_eight_times_the_same_dog(animals):
    from space.endpoints import lesson

    gallery, text = lesson.noise_scale_row(0, "en")
    assert len(gallery) == 8 and "**0.000**" in text
    gallery, text = lesson.noise_scale_row(2, "ko")
    assert "**0.000**" not in text and "개 여덟 마리" in text
    with pytest.raises(gr.Error, match="noise_scale"):
        lesson.noise_scale_row(9, "en")


def test_every_step_answers_in_both_languages(animals):
    from space.endpoints import lesson

    for lang, dog_word in (("en", "dog"), ("ko", "개")):
        assert "| CNN" in lesson.count_labels(lang) and "7,128" in lesson.count_labels(lang)
        images, table = lesson.both_models(lang)
        assert len(images) == 2 and dog_word in table and "log p(x" in table
        plot, decoded, numbers = lesson.encode_dog(lang)
        assert plot.width > 600 and len(decoded) == 1 + posterior.SAMPLES and "0.0" in numbers
        dogs, said, next_seed = lesson.decoder_dogs(3, lang)
        assert len(dogs) == 8 and next_seed == 4 and "3" in said
        judged, note = lesson.three_for_d(lang)
        assert len(judged) == 3 and all("P(" in caption for _, caption in judged)
        made = lesson.any_noise("[-5 6.2 8]", lang)
        assert len(made) == 6 and made[0][1].startswith("[-5 6.2 8]")
        html = lesson.two_questions("cat", lang)
        assert html.count('class="answer-bar d"') == 2 and html.count('class="answer-bar cnn"') == 4
    assert "D asks" in lesson.two_questions("real", "en") and "D의 질문" in lesson.two_questions("real", "ko")


# How a link is read ------------------------------------------------------------------------------------------------
def test_a_link_sets_step_language_dataset_noise_and_scale():
    state = link.read({"step": "3", "lang": "ko", "dataset": "animal-mnist", "noise": "[-5 3 2.6]", "scale": "1.5"},
                      "en-US")
    assert (state.step, state.lang, state.dataset, state.noise, state.scale, state.problems) == (
        3, "ko", "animal-mnist", "[-5 3 2.6]", 1.5, [])


def test_without_a_link_the_browser_language_is_used():
    assert link.read({}, "ko-KR").lang == "ko" and link.read({}, "de-DE").lang == "en"
    assert link.read({}, "ko-KR").step is None


@pytest.mark.parametrize("query, named", [
    ({"step": "13"}, "step"), ({"step": "two"}, "step"), ({"lang": "fr"}, "lang"),
    ({"dataset": "mnist"}, "dataset"), ({"noise": "[1 x]"}, "noise"), ({"scale": "7"}, "noise_scale"),
])
def test_a_bad_link_value_is_named_and_ignored(query, named):
    state = link.read(query, "en")
    assert len(state.problems) == 1 and named in state.problems[0]
    assert state.step is None and state.dataset is None and state.noise is None and state.scale is None


# The tab ---------------------------------------------------------------------------------------------------------------
def test_the_page_opens_on_the_lesson_with_twelve_steps(monkeypatch):
    import app

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    demo = app.build_demo()
    tabs = next(b for b in demo.blocks.values() if isinstance(b, gr.Tabs) and b.elem_id == "page-tabs")
    assert [child.id for child in tabs.children][0] == "lesson"
    walkthrough = next(b for b in demo.blocks.values() if isinstance(b, gr.Walkthrough))
    # only steps directly inside: anything else there (a gr.State, say) shows as an extra step in the browser
    assert [type(child) for child in walkthrough.children] == [gr.Step] * 12
    assert [child.id for child in walkthrough.children] == list(range(1, 13))
    # each step's "more in" button opens a tab the page has (step 9: the game where the learner plays D)
    more = {b._id: int(b.elem_id.rsplit("-", 1)[1]) for b in demo.blocks.values()
            if isinstance(b, gr.Button) and (b.elem_id or "").startswith("lesson-more-")}
    answers = {more[block_id]: fn.fn() for fn in demo.fns.values() for block_id, _event in fn.targets if block_id in more}
    targets = {step: asyncio.run(answer).selected for step, answer in answers.items()}  # Gradio wraps the handler async
    assert sorted(targets) == list(range(1, 13)) and set(targets.values()) <= {child.id for child in tabs.children}
    assert targets[9] == "real-or-fake"
