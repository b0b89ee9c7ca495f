"""The Lesson tab's functions (private: the lab tabs' endpoints are the public API): one per step's action.

Each takes the page's language last and answers in it; the numbers come from the operations in
models/operations/ (inference, the generative classifier, models/operations/lesson/). The lesson always
uses the animal models (models/operations/lesson/inputs.py), whatever the page's dataset switch says.
"""
from __future__ import annotations

import functools
from pathlib import Path

import torch

from models.operations import inference
from models.operations.common.images import for_display, upscale
from models.operations.common.preprocess import preprocess
from models.operations.lesson import inputs, judges, labels, likelihood, posterior, posterior_plot, saliency
from models.operations.noise import noise
from space.endpoints.explore import load_latent_map
from space.endpoints.errors import user_errors
from space.endpoints.inference import family
from space.i18n import say

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
IMAGES = {"dog": EXAMPLES / "animal-test-0746-dog.png", "cat": EXAMPLES / "animal-test-0349-cat.png",
          "boot": EXAMPLES / "test-0000-ankle-boot.png"}


def animals():
    return family(inputs.DATASET)


def class_name(lang, name: str) -> str:
    return say(lang, f"class_{name}")


@functools.lru_cache(maxsize=None)
def example(name: str) -> tuple[torch.Tensor, object]:
    """One of the lesson's images as the animal models see it: (tensor (1, 1, 28, 28), the 28x28 picture)."""
    return preprocess(str(IMAGES[name]), inputs.DATASET)


# The lesson's fixed images always get the same answers (the models are fixed, the draws seeded): each is
# computed once per server, at start-up by app.warm_up_lesson, and only worded anew for each request.

@functools.lru_cache(maxsize=None)
def classified(which: str) -> tuple[dict[str, float], object]:
    """The classifier's P(Y|X) for the dog or the cat, and the saliency overlay of its answer."""
    fam = animals()
    x, _ = example(which)
    probabilities = inference.classify(fam, str(IMAGES[which]))
    heat = saliency.saliency(fam.classifier, x, fam.class_names.index(max(probabilities, key=probabilities.get)))
    return probabilities, saliency.overlay(x, heat)


@functools.lru_cache(maxsize=None)
def likelihoods() -> tuple[dict, dict]:
    fam = animals()
    return likelihood.answer(fam, example("dog")[0]), likelihood.answer(fam, example("boot")[0])


@functools.lru_cache(maxsize=None)
def posterior_view():
    """The dog's posterior on the latent map, and its picture."""
    fam = animals()
    latent_map = load_latent_map(fam)
    post = posterior.posterior_on_map(fam.vae, latent_map, example("dog")[0])
    picture = posterior_plot.draw(latent_map.coords, latent_map.labels, fam.class_names.index(inputs.CLASS), post)
    return post, picture, posterior_plot.zoom_factor(latent_map.coords, post)


def translated(lang, probabilities: dict[str, float]) -> dict[str, float]:
    return {class_name(lang, name): p for name, p in probabilities.items()}


# Step 1 ------------------------------------------------------------------------------------------
@user_errors
def classify(which="dog", lang="en"):
    """The classifier's P(Y|X) for the dog or the cat, the 28x28 input and what raised its answer."""
    which = "cat" if which == "cat" else "dog"
    probabilities, looked = classified(which)
    return upscale(example(which)[1], 8), looked, translated(lang, probabilities)


# Step 2 ------------------------------------------------------------------------------------------
@user_errors
def count_labels(lang="en"):
    fam = animals()
    counts = labels.labelled_images(fam)
    rows = [say(lang, f"s2_row_{kind}", uses=say(lang, "yes" if used else "no"))
            for kind, used in labels.USES_LABELS.items()]
    return "\n\n".join([
        say(lang, "s2_counts", train=counts["train"], epochs=counts["epochs"], looks=counts["label_looks"],
            validation=counts["validation"]),
        "\n".join([say(lang, "s2_header"), *rows]),
        say(lang, "s2_after"),
    ])


# Steps 3, 4, 11: the generator ---------------------------------------------------------------------
def format_vector(z: torch.Tensor) -> str:
    return "`[" + " ".join(f"{float(v):.3g}" for v in z) + "]`"


@user_errors
def noise_to_dog(noise_text=inputs.FIRST_NOISE, lang="en"):
    """G's dog for the typed noise (the rest of z from the lesson's seed), and the whole z it came from."""
    fam = animals()
    z, y = inference.noise_request(fam, inputs.SEED, 1, inputs.CLASS, noise_text, 1.0)
    _, details = inference.judged(fam, z, y)
    image = for_display(fam.gan.generate(z, y)[0])
    text = "\n\n".join([say(lang, "s3_vector", length=z.shape[1]), format_vector(z[0]),
                        say(lang, "s3_verdict", says=class_name(lang, details[0]["classifier_says"]),
                            p=details[0]["classifier_p"])])
    return image, text


@user_errors
def noise_scale_row(scale=1.0, lang="en"):
    """ROW dogs from ROW seeded noise vectors times `scale`, and how much they differ."""
    fam = animals()
    z, y = inference.noise_request(fam, inputs.SEED, inputs.ROW, inputs.CLASS, "", scale)
    with torch.inference_mode():
        images = fam.gan.generate(z, y)
    gallery = [(for_display(img), str(i + 1)) for i, img in enumerate(images)]
    return gallery, say(lang, "s4_spread", scale=float(scale), spread=noise.spread(images, y))


@user_errors
def any_noise(noise_text=inputs.ANY_NOISE, lang="en"):
    """A dog from the typed vector and from each of the lesson's other vectors, with the classifier's view."""
    fam = animals()
    texts = [noise_text, *inputs.MORE_NOISE]
    drawn = [inference.noise_request(fam, inputs.SEED, 1, inputs.CLASS, text, 1.0) for text in texts]
    z, y = torch.cat([d[0] for d in drawn]), torch.cat([d[1] for d in drawn])
    pictures, details = inference.judged(fam, z, y)
    typed = [noise.format_noise(noise.parse_noise(text, fam.gan.noise_dim)) for text in texts]
    return [(picture, say(lang, "s11_caption", noise=shown, says=class_name(lang, d["classifier_says"]),
                          p=d["classifier_p"]))
            for (picture, _), shown, d in zip(pictures, typed, details)]


# Step 5 ------------------------------------------------------------------------------------------
@user_errors
def both_models(lang="en"):
    """The generative classifier's log p(x|y) and both models' answers, for the dog and an ankle boot."""
    (_, dog_seen), (_, boot_seen) = example("dog"), example("boot")
    dog, boot = likelihoods()
    name = lambda n: class_name(lang, n)  # noqa: E731
    table = say(lang, "s5_table", dog=say(lang, "s5_dog"), boot=say(lang, "s5_boot"), dog_class=name(inputs.CLASS),
                dog_as_dog=dog["log_p"][inputs.CLASS], boot_as_dog=boot["log_p"][inputs.CLASS],
                dog_best=name(dog["best_class"]), dog_best_log_p=dog["best_log_p"],
                boot_best=name(boot["best_class"]), boot_best_log_p=boot["best_log_p"],
                dog_gen_p=dog["generative_p"][dog["best_class"]], boot_gen_p=boot["generative_p"][boot["best_class"]],
                dog_cnn=name(dog["cnn_class"]), dog_cnn_p=dog["cnn_p"], boot_cnn=name(boot["cnn_class"]),
                boot_cnn_p=boot["cnn_p"])
    verdict = say(lang, "s5_apart" if likelihood.told_apart(dog, boot) else "s5_close",
                  gap=likelihood.gap(dog, boot), boot_cnn=name(boot["cnn_class"]), boot_cnn_p=boot["cnn_p"])
    gallery = [(upscale(dog_seen), say(lang, "s5_dog")), (upscale(boot_seen), say(lang, "s5_boot"))]
    return gallery, "\n\n".join([table, verdict, say(lang, "s5_units")])


# Step 6 ------------------------------------------------------------------------------------------
@user_errors
def encode_dog(lang="en"):
    """The dog's posterior on the latent map (picture), its mean and samples decoded, and its numbers."""
    post, picture, zoom = posterior_view()
    gallery = [(for_display(post.decoded_mean[0]), say(lang, "s6_mean"))]
    gallery += [(for_display(img), say(lang, "s6_sample", number=i + 1)) for i, img in enumerate(post.decoded)]
    sigma = post.sigma
    text = say(lang, "s6_numbers", mean_sigma=float(sigma.mean()), dims=sigma.numel(), min_sigma=float(sigma.min()),
               max_sigma=float(sigma.max()), spread=posterior.spread(post.decoded, post.decoded_mean),
               zoom=zoom)
    return picture, gallery, text


# Step 8 ------------------------------------------------------------------------------------------
@user_errors
def decoder_dogs(seed=0, lang="en"):
    """ROW dogs decoded from random latent points of the class-conditional VAE; the next press's seed."""
    fam = animals()
    pictures = inference.sample_vae(fam, seed, inputs.ROW, 1.0, inputs.CLASS)
    gallery = [(picture, say(lang, "s8_caption", number=i + 1)) for i, (picture, _) in enumerate(pictures)]
    return gallery, say(lang, "s8_seed", seed=int(seed)), int(seed) + 1


# Steps 9 and 12: the discriminator ---------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def judged_images() -> dict[str, torch.Tensor]:
    """The lesson's images for D, as tensors (1, 1, 28, 28) in [0, 1]: a real dog, G's dog, random pixels, the cat."""
    fam = animals()
    z, y = inference.noise_request(fam, inputs.SEED, 1, inputs.CLASS, inputs.FIRST_NOISE, 1.0)
    with torch.inference_mode():
        fake = fam.gan.generate(z, y)
    return {"real": example("dog")[0], "fake": fake, "noise": judges.random_pixels(), "cat": example("cat")[0]}


@user_errors
def three_for_d(lang="en"):
    fam = animals()
    images, dog = judged_images(), fam.class_names.index(inputs.CLASS)
    p = {key: judges.p_real(fam, images[key], dog) for key in ("real", "fake", "noise")}
    gallery = [(for_display(images[key][0]), say(lang, "s9_caption", what=say(lang, f"s9_{key}"), p=p[key]))
               for key in ("real", "fake", "noise")]
    note = say(lang, "s9_note", real=p["real"], fake=p["fake"], noise=p["noise"])
    if p["noise"] > p["fake"]:
        note += say(lang, "s9_noise_high")
    elif p["noise"] < min(p["real"], p["fake"]):
        note += say(lang, "s9_noise_low")
    return gallery, note


@user_errors
def two_questions(choice="real", lang="en"):
    """D's P(real | x, dog) and the classifier's P(class | x) for one image, in one HTML block."""
    from space.widgets.two_answers import two_answers_html

    fam = animals()
    images = judged_images()
    key = choice if choice in images else "real"
    answers = judges.both_answers(fam, images[key], fam.class_names.index(inputs.CLASS))
    return two_answers_html(for_display(images[key][0]), answers, lang)
