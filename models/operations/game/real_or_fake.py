"""Be the discriminator: rounds of real test images and generated ones, and how a round is scored.

A round is fixed by its seed alone (stateless, fair): the seed decides which of the 8 places
hold a real test image and which a generated one, which real images, and the noise and class
of every fake. The strength only chooses the generator that turns that noise into images:
the generator as it was after an early epoch of training, or the trained one. So one seed at
two strengths shows the same real images, and fakes drawn from the same noise by a weaker or
a stronger G.

Everything is judged as shown: fakes are rounded to 8-bit pixels like the real images, and
the trained discriminator D and the classifier see exactly those pixels. D judges an image
together with a class; it gets the class the classifier sees in the image (as /discriminate
does for "any"), never the class a fake was made for: D knows nothing the learner does not.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from models.loading import artefacts
from models.errors import WeightsError
from models.loading.loader import Family
from models.networks.gan import ConditionalGAN
from models.operations.common.images import to_8bit
from models.errors import InputError
from models.operations.common.validation import parse_seed
from models.operations.game import real_images
from models.operations.gan import snapshots

ROUND_SIZE = 8
STRENGTHS = ("early", "middle", "trained")
ANSWERS = ("real", "fake")
P_REAL_THRESHOLD = 0.5  # D says "real" when P(real) >= 0.5: the sign of its hinge-trained logit
# D's record on the first rounds of every strength, measured by `python -m benchmarks.real_or_fake` and
# shipped next to the GAN's weights: what the tab says about how hard each level is
RECORD_FILE = "real_or_fake_record.json"


@dataclass(frozen=True)
class Round:
    images: torch.Tensor      # (8, 1, 28, 28) uint8: what the learner sees
    real: torch.Tensor        # (8,) bool: the truth
    classes: torch.Tensor     # (8,) the real image's class, or the class a fake was asked for
    test_indices: list        # the real images' indices in the test split (None for a fake)
    strength: str
    epoch: int                # the epoch of training the generator is from


def parse_strength(value) -> str:
    accepted = ", ".join(STRENGTHS)
    if not isinstance(value, str) or value.strip().lower() not in STRENGTHS:
        raise InputError(f"strength must be one of {accepted}; got {value!r}.")
    return value.strip().lower()


def parse_guesses(value) -> list[bool]:
    """8 answers, each "real" or "fake" (case ignored): a list, or text separated by commas or spaces.
    Returns True for "real"."""
    example = "e.g. 'real,fake,fake,real,real,fake,real,fake'"
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InputError(f"guesses must be {ROUND_SIZE} answers, each 'real' or 'fake' ({example}); got {value!r}.")
    if len(items) != ROUND_SIZE:
        raise InputError(f"guesses must be {ROUND_SIZE} answers, one per image, each 'real' or 'fake' ({example}); "
                         f"got {len(items)}.")
    answers = []
    for i, item in enumerate(items, 1):
        word = item.strip().lower() if isinstance(item, str) else None
        if word not in ANSWERS:
            raise InputError(f"guesses: answer {i} is {item!r}; each answer must be 'real' or 'fake' ({example}).")
        answers.append(word == "real")
    return answers


def training_epochs(family: Family) -> int:
    """How many epochs the served GAN was trained for (its training.json); 0 when unknown."""
    training = artefacts.read_json(family, "gan", "training.json") or {}
    return int(training.get("best_epoch") or training.get("epochs") or 0)


def strength_epochs(family: Family) -> dict[str, int]:
    """The epoch each strength's generator is from: early = the first kept snapshot, middle = the last
    one (python -m train.gan_snapshots), trained = the served weights."""
    kept = snapshots.epochs(family)
    if len(kept) < 2:
        raise WeightsError(f"the real-or-fake game of {family.dataset} needs two generator snapshots (early and "
                           f"middle) next to the GAN weights; found {kept or 'none'} "
                           f"(python -m train.gan_snapshots --snapshot-epochs A,B writes them)")
    return {"early": kept[0], "middle": kept[-1], "trained": training_epochs(family)}


def generator(family: Family, strength: str) -> ConditionalGAN:
    if strength == "trained":
        return family.gan
    return snapshots.load(family, strength_epochs(family)[strength])


def plan(seed: int, pool: int, num_classes: int, noise_dim: int):
    """What the seed decides: which places are real, which real images, each fake's class and noise.
    Every draw is made whatever the outcome, so a place's draws never depend on the others'."""
    g = torch.Generator().manual_seed(seed)
    real = torch.rand(ROUND_SIZE, generator=g) < 0.5
    picks = torch.randperm(pool, generator=g)[:ROUND_SIZE]  # no real image twice in a round
    fake_classes = torch.randint(0, num_classes, (ROUND_SIZE,), generator=g)
    z = torch.randn(ROUND_SIZE, noise_dim, generator=g)
    return real, picks, fake_classes, z


@torch.inference_mode()
def make_round(family: Family, seed, strength) -> Round:
    seed, strength = parse_seed(seed), parse_strength(strength)
    pool = real_images.load(family)
    gan = generator(family, strength)
    real, picks, fake_classes, z = plan(seed, len(pool.labels), family.gan.num_classes, family.gan.noise_dim)
    fakes = to_8bit(gan.generate(z, fake_classes))  # the pixels the page shows
    images = torch.where(real[:, None, None, None], pool.images[picks], fakes)
    classes = torch.where(real, pool.labels[picks], fake_classes)
    indices = [int(pool.test_indices[p]) if r else None for r, p in zip(real.tolist(), picks)]
    return Round(images, real, classes, indices, strength, strength_epochs(family)[strength])


@torch.inference_mode()
def judge(family: Family, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The classifier's probabilities (N, classes) and the trained D's P(real) (N,), given the classifier's class."""
    x = images.float() / 255.0
    probs = family.classifier.predict_proba(x)
    p_real = torch.sigmoid(family.gan.discriminate(x, probs.argmax(1)))
    return probs, p_real


def says_real(p_real: torch.Tensor) -> torch.Tensor:
    """D's verdicts: real where its P(real) reaches the threshold."""
    return p_real >= P_REAL_THRESHOLD


def score(family: Family, seed, strength, guesses) -> dict:
    """The truth of every image of the round, D's and the classifier's view of it, and both scores."""
    answers = parse_guesses(guesses)
    played = make_round(family, seed, strength)
    probs, p_real = judge(family, played.images)
    d_real = says_real(p_real)
    epochs = training_epochs(family)
    images = []
    for i in range(ROUND_SIZE):
        truth, d, seen = bool(played.real[i]), bool(d_real[i]), int(probs[i].argmax())
        images.append({
            "index": i + 1, "truth": ANSWERS[not truth], "guess": ANSWERS[not answers[i]],
            "guess_right": answers[i] == truth, "p_real": round(float(p_real[i]), 4), "d_says": ANSWERS[not d],
            "d_right": d == truth, "classifier_class": family.class_names[seen],
            "classifier_p": round(float(probs[i, seen]), 4),
            # where it came from: a test image (its index in the test split) or G (the class it was asked for)
            "test_index": played.test_indices[i], "asked_class": None if truth else family.class_names[played.classes[i]],
        })
    yours, ds = sum(d["guess_right"] for d in images), sum(d["d_right"] for d in images)
    return {"seed": parse_seed(seed), "dataset": family.dataset, "strength": played.strength,
            "generator_epoch": played.epoch, "training_epochs": epochs, "real_images": int(played.real.sum()),
            "your_correct": yours, "your_accuracy": round(yours / ROUND_SIZE, 4),
            "d_correct": ds, "d_accuracy": round(ds / ROUND_SIZE, 4), "images": images}


def d_record(family: Family, strength, rounds: int = 50, first_seed: int = 0) -> dict:
    """D's accuracy over the rounds of seeds first_seed .. first_seed + rounds - 1 at this strength."""
    correct, real_right, reals, fake_right = [], 0, 0, 0
    for seed in range(first_seed, first_seed + rounds):
        played = make_round(family, seed, strength)
        right = says_real(judge(family, played.images)[1]) == played.real
        correct.append(int(right.sum()))
        reals += int(played.real.sum())
        real_right += int((right & played.real).sum())
        fake_right += int((right & ~played.real).sum())
    images = rounds * ROUND_SIZE
    return {"strength": parse_strength(strength), "rounds": rounds, "seeds": [first_seed, first_seed + rounds - 1],
            "d_accuracy": round(sum(correct) / images, 4),
            "real_called_real": round(real_right / max(reals, 1), 4),
            "fake_called_fake": round(fake_right / max(images - reals, 1), 4),
            "real_images": reals, "fake_images": images - reals,
            "rounds_d_all_right": sum(c == ROUND_SIZE for c in correct),
            "worst_round": min(correct), "best_round": max(correct), "d_correct_per_round": correct}


def recorded(family: Family, strength) -> dict | None:
    """D's measured record at this strength (RECORD_FILE), or None when it was not measured for these weights."""
    record = artefacts.read_json(family, "gan", RECORD_FILE) or {}
    return record.get("strengths", {}).get(parse_strength(strength))
