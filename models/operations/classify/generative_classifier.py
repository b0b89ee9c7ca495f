"""The generative classifier: P(y|x) by Bayes' rule from the class-conditional VAE's log p(x|y).

For every class y, log p(x|y) is estimated by the importance-weighted bound (Burda et al. 2016)

    log p(x|y) >= log (1/K) sum_k p(x|z_k,y) p(z_k|y) / q(z_k|x,y),   z_k ~ q(z|x,y),

with p(z|y) the model's served prior (the learned Gaussian, or the mixture fitted after training),

then P(y|x) = p(x|y) p(y) / sum_y' p(x|y') p(y') with p(y) the training split's class shares.
All classes and all K samples go through the decoder as one batch. The K draws of a class come in
antithetic pairs (standard_draws).
"""
from __future__ import annotations

import hashlib
import math

import torch

from models.networks import top_label_map as top_map
from models.networks.cvae import ConditionalVAE, log_normal
from models.operations.common.images import for_display
from models.operations.common.precision import scoring_autocast
from models.operations.common.preprocess import preprocess

MAX_K = 64           # the served K is the model's own `importance_samples` (config.json)
TOP_CLASSES = 3      # reconstructions shown "as" this many of the most likely classes


def draws_for(x: torch.Tensor) -> torch.Generator:
    """The random generator of one image's importance-sampling draws, seeded by its pixels: the same
    image always gets the same answer, and different images get independent draws, as in the
    validation scoring that T and the top-label map were fitted on. One seed shared by every upload
    put the same draws' error into every answer (a per-class offset in log p(x|y)): on the API's 300
    Fashion-MNIST test images accuracy 85.3% and ECE 0.067 against 86.7% and 0.052 (docs/calibration.md)."""
    digest = hashlib.sha256(x.detach().float().contiguous().numpy().tobytes()).digest()
    return torch.Generator().manual_seed(int.from_bytes(digest[:8], "little"))


def checked_k(cvae: ConditionalVAE, k: int | None) -> int:
    """K, defaulting to the model's own `importance_samples`."""
    k = cvae.serving.importance_samples if k is None else k
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}, not {k}")
    return k


def images_per_batch(k: int, classes: int, decodes: int = 4000) -> int:
    """How many images to score at once with K draws for every class: about `decodes` decoder passes
    per batch keeps the activations in memory (and in cache) on a CPU."""
    return max(1, decodes // (classes * k))


def alternate(first: torch.Tensor, second: torch.Tensor, k: int) -> torch.Tensor:
    """(k, ...) first[0], second[0], first[1], second[1], ...: the order antithetic draws come in."""
    return torch.stack([first, second], dim=1).flatten(0, 1)[:k]


def standard_draws(k: int, shape: tuple[int, ...], generator: torch.Generator | None = None,
                   first: torch.Tensor | None = None) -> torch.Tensor:
    """K standard normal draws of `shape` in antithetic pairs, e1, -e1, e2, -e2, ...: (K, *shape).

    Each draw is still N(0, I), so each importance weight is still an unbiased estimate of p(x|y) and
    the bound is still a bound; within a pair the first-order errors cancel, which on validation
    gives K=4 about the accuracy K=16 had with independent draws (docs/generative-classifier.md, "Antithetic draws").
    `first`: e1, when it was drawn already (the screening draw), so refining continues its sequence."""
    halves = torch.randn(((k + 1) // 2 - (first is not None), *shape), generator=generator)
    if first is not None:
        halves = torch.cat([first[None], halves])
    return alternate(halves, -halves, k)


def pair_draws(cvae: ConditionalVAE, features: torch.Tensor, x: torch.Tensor, image: torch.Tensor,
               y: torch.Tensor, eps: torch.Tensor):
    """For R (image, class) pairs (row indices `image` into x and its `features`, classes `y`) and
    standard normal draws `eps` (K, R, latent): the K draws z_k ~ q(z|x,y) they give, shape (K, R,
    latent), and the part of their log weights that does not depend on the prior,
    log p(x|z_k,y) - log q(z_k|x,y), shape (K, R). All K*R draws go through the decoder at once."""
    mu, logvar = cvae.posterior(features[image], y)
    k = len(eps)
    z = mu + eps.to(mu.device, mu.dtype) * (0.5 * logvar).exp()           # (K, R, latent)
    with scoring_autocast(z.device):  # bf16 where the CPU computes it natively: the decoder is the cost
        logits = cvae.decode_logits(z.reshape(-1, cvae.latent_dim), y.repeat(k))
    log_px_z = -cvae.reconstruction_nats(logits.float(), x[image].repeat(k, 1, 1, 1)).view(k, len(y))
    return z, log_px_z - log_normal(z, mu, logvar)


def all_pairs(b: int, c: int, device=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Every (image, class) pair of B images and C classes, image-major: (B*C,) image rows, (B*C,) classes."""
    return (torch.arange(b, device=device).repeat_interleave(c), torch.arange(c, device=device).repeat(b))


@torch.inference_mode()
def prior_free_log_weights(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                           generator: torch.Generator | None = None, features: torch.Tensor | None = None):
    """Every class of every image at K: the draws (K, B*C, latent), their classes y (B*C,), and
    log p(x|z_k,y) - log q(z_k|x,y), shape (K, B*C). `features`: cvae.features(x), if already computed."""
    image, y = all_pairs(len(x), cvae.num_classes, x.device)
    features = cvae.features(x) if features is None else features
    eps = standard_draws(checked_k(cvae, k), (len(y), cvae.latent_dim), generator)
    z, partial = pair_draws(cvae, features, x, image, y, eps)
    return z, y, partial


@torch.inference_mode()
def log_weights(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                generator: torch.Generator | None = None, latent_prior: str | None = None,
                features: torch.Tensor | None = None) -> torch.Tensor:
    """(K, B, C) log importance weights log p(x|z_k,y) + log p(z_k|y) - log q(z_k|x,y), z_k ~ q(z|x,y),
    with the served prior p(z|y) (or `latent_prior`'s), for every class."""
    z, y, partial = prior_free_log_weights(cvae, x, k, generator, features)
    return (partial + cvae.log_prior(z, y, latent_prior)).view(len(z), len(x), cvae.num_classes)


def bound(log_w: torch.Tensor) -> torch.Tensor:
    """The importance-weighted bound from (K, ...) log weights: log (1/K) sum_k w_k, shape (...).
    The first k of K weights give the bound with k samples."""
    return torch.logsumexp(log_w, 0) - math.log(len(log_w))


def decodes_per_image(classes: int, k: int, refine: int) -> int:
    """Decoder passes one image costs when `refine` of `classes` classes get K draws and the rest one."""
    return classes + refine * (k - 1)


def likeliest(first: torch.Tensor, refine: int, log_class_prior: torch.Tensor) -> torch.Tensor:
    """The screening rule: (B, R) the classes refined, most likely first, ranked by the one-draw
    bound (B, C) times p(y)."""
    return (first + log_class_prior).topk(refine, dim=-1).indices


def with_refined(first: torch.Tensor, top: torch.Tensor, refined: torch.Tensor) -> torch.Tensor:
    """(B, C) estimates: the refined classes' (B, R) bounds `refined` in place of their one-draw bounds."""
    return first.scatter(-1, top, refined)


def screened_bound(log_w: torch.Tensor, k: int, refine: int, log_class_prior: torch.Tensor) -> torch.Tensor:
    """screened_log_likelihoods's estimate from (K', B, C) log weights of every class (K' >= k), the
    screening draw being the first: for measuring many (K, R) from one set of draws."""
    if refine >= log_w.shape[-1] or k == 1:
        return bound(log_w[:k])
    top = likeliest(log_w[0], refine, log_class_prior)
    return with_refined(log_w[0], top, bound(log_w[:k]).gather(-1, top))


def refined_count(cvae: ConditionalVAE, refine: int | None) -> int:
    """How many classes get all K draws: `refine`, else the model's `refined_classes` (None: all)."""
    refine = cvae.serving.refined_classes if refine is None else refine
    return cvae.num_classes if refine is None else max(1, min(refine, cvae.num_classes))


@torch.inference_mode()
def screened_log_likelihoods(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                             generator: torch.Generator | None = None, refine: int | None = None,
                             features: torch.Tensor | None = None):
    """(B, C) estimates of log p(x|y) in nats, and (B, R) the classes refined, most likely first.

    Screen, then refine: one draw per class ranks the classes; the R most likely (by the one-draw
    bound times p(y)) get K - 1 more draws, so their bound has K. The others keep their one-draw
    bound, a looser lower bound: on average it makes an unlikely class look less likely. With R = C
    (the default when the model has no `refined_classes`) every class gets K draws. The cost is
    decodes_per_image(C, K, R) decoder passes instead of C * K; screened_bound applies the same rule
    (likeliest, with_refined) to weights drawn for every class. `features`: cvae.features(x), when
    the caller has them."""
    k, c, b = checked_k(cvae, k), cvae.num_classes, len(x)
    refine = refined_count(cvae, refine)
    features = cvae.features(x) if features is None else features
    if refine == c or k == 1:
        estimate = bound(log_weights(cvae, x, k, generator, features=features))
        return estimate, likeliest(estimate, refine, cvae.log_class_prior)
    image, y = all_pairs(b, c, x.device)
    screening = standard_draws(1, (b * c, cvae.latent_dim), generator)      # (1, B*C, latent): e1 of every pair
    z, partial = pair_draws(cvae, features, x, image, y, screening)
    first = (partial + cvae.log_prior(z, y)).view(b, c)                  # one draw per class
    top = likeliest(first, refine, cvae.log_class_prior)                  # (B, R), most likely first
    image, y = all_pairs(b, refine, x.device)[0], top.flatten()
    e1 = screening[0].view(b, c, -1)[image.cpu(), y.cpu()]                # the refined pairs' screening draws
    eps = standard_draws(k, tuple(e1.shape), generator, first=e1)[1:]     # -e1, e2, -e2, ...
    z, partial = pair_draws(cvae, features, x, image, y, eps)
    more = partial + cvae.log_prior(z, y)                                 # (K-1, B*R)
    refined = bound(torch.cat([first.gather(1, top).flatten()[None], more]))
    return with_refined(first, top, refined.view(b, refine)), top


def log_likelihoods(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                    generator: torch.Generator | None = None, refine: int | None = None) -> torch.Tensor:
    """(B, C) importance-weighted estimates of log p(x|y) in nats, for every image and class, as the
    app serves them (screen, then refine the model's `refined_classes` at K)."""
    return screened_log_likelihoods(cvae, x, k, generator, refine)[0]


def posterior_over_classes(cvae: ConditionalVAE, log_px_y: torch.Tensor, temperature: float | None = None) -> torch.Tensor:
    """Bayes' rule: (B, C) log p(x|y) -> (B, C) P(y|x) ∝ p(x|y)^(1/T) p(y), with the model's training
    prior p(y) and its `likelihood_temperature` T (or `temperature`; 1: plain Bayes' rule). The served
    answer (no `temperature`) then goes through the model's top-label map if it has one (the top
    class's confidence recalibrated, the answer kept: models/networks/top_label_map.py)."""
    t = cvae.serving.likelihood_temperature if temperature is None else temperature
    scores = log_px_y / t + cvae.log_class_prior
    if temperature is not None or cvae.serving.top_label_map is None:
        return torch.softmax(scores, dim=-1)
    return top_map.mapped(scores, cvae.serving.top_label_map).to(scores.dtype)


def accuracy(cvae: ConditionalVAE, log_px_y: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of images whose most likely class under Bayes' rule is the label."""
    return (posterior_over_classes(cvae, log_px_y).argmax(1) == labels).float().mean().item()


@torch.inference_mode()
def as_class(cvae: ConditionalVAE, features: torch.Tensor, classes: list[int]) -> torch.Tensor:
    """One image, from its features (1, F) (cvae.features), encoded and decoded *as* each class:
    decode(mean of q(z|x,y), y)."""
    y = torch.tensor(classes, dtype=torch.long)
    mu, _ = cvae.posterior(features.expand(len(classes), -1), y)
    with scoring_autocast(mu.device):
        return cvae.decode(mu, y).float()


@torch.inference_mode()
def classify_generative(cvae: ConditionalVAE, classifier, x: torch.Tensor, k: int | None = None) -> dict:
    """Both answers for one preprocessed image (1, C, 28, 28).

    Returns P(y|x) by tempered Bayes' rule (the model's likelihood_temperature), the per-class raw
    log p(x|y) in nats, plain Bayes' rule (T = 1) beside it, the classes scored with K draws and the
    CNN's pick. The pictures of the image *as* a class are their own request (reconstruct_as_classes):
    three gallery files cost Gradio and its client about as much as the scoring (docs/generative-classifier.md, "Speed")."""
    names = cvae.class_names
    log_px_y, refined = screened_log_likelihoods(cvae, x, k, draws_for(x))
    log_px_y = log_px_y[0]
    probs = posterior_over_classes(cvae, log_px_y[None])[0]
    plain = posterior_over_classes(cvae, log_px_y[None], temperature=1.0)[0]
    cnn = classifier.predict_proba(x)[0]
    generative_pick, discriminative_pick = names[int(probs.argmax())], names[int(cnn.argmax())]
    return {
        "probabilities": {n: float(p) for n, p in zip(names, probs)},
        "log_px_given_y_nats": {n: round(float(v), 2) for n, v in zip(names, log_px_y)},
        "likelihood_temperature": cvae.serving.likelihood_temperature,
        "plain_bayes_probabilities": {n: round(float(p), 4) for n, p in zip(names, plain)},
        "k": checked_k(cvae, k),
        # the classes whose log p(x|y) has all K draws; the rest were screened out with one draw
        "classes_with_k_draws": [names[c] for c in refined[0].tolist()],
        "generative_pick": generative_pick,
        "discriminative_pick": discriminative_pick,
        "discriminative_p": round(float(cnn.max()), 4),
        "agree": generative_pick == discriminative_pick,
    }


def classify_upload(family, image) -> tuple[dict[str, float], dict]:
    """/classify_generative: an upload, preprocessed exactly as for /classify, through both models.

    Returns the label output P(y|x) and the details (log p(x|y) per class in nats, K and the classes
    scored with K draws, both picks)."""
    x, _ = preprocess(image, family.dataset)  # the dataset's own framing, as /classify frames it
    answer = classify_generative(family.cvae, family.classifier, x)
    return answer.pop("probabilities"), answer


def reconstruct_as_classes(family, image, classes: list[str]) -> list[tuple]:
    """/reconstruct_as_class: an upload, framed as /classify frames it, encoded and decoded *as* each
    of `classes` (class names): what it would look like if it were a bag, a sneaker, ... Captioned."""
    x, _ = preprocess(image, family.dataset)
    names = family.cvae.class_names
    pictures = as_class(family.cvae, family.cvae.features(x), [names.index(c) for c in classes])
    return [(for_display(img), f"as {c}") for img, c in zip(pictures, classes)]


def top_classes(probabilities: dict[str, float] | None) -> str:
    """The TOP_CLASSES likeliest of P(y|x) (a label output's value), comma-separated, likeliest first:
    what the Classify tab asks /reconstruct_as_class for; "" when there is no answer."""
    if not isinstance(probabilities, dict):
        return ""
    return ", ".join(sorted(probabilities, key=probabilities.get, reverse=True)[:TOP_CLASSES])


def verdict(details: dict) -> str:
    """One line comparing the two answers, with a visible mark when they disagree."""
    if not details:
        return ""
    gen, disc = details["generative_pick"], details["discriminative_pick"]
    if details["agree"]:
        return f"**Both models say {gen}.**"
    # words, not emoji: a page without an emoji font would show empty boxes
    return f"**They disagree:** the discriminative CNN says **{disc}**, the generative model says **{gen}**."
