"""The generative classifier: P(y|x) by Bayes' rule from the class-conditional VAE's log p(x|y).

For every class y, log p(x|y) is estimated by the importance-weighted bound (Burda et al. 2016)

    log p(x|y) >= log (1/K) sum_k p(x|z_k,y) p(z_k|y) / q(z_k|x,y),   z_k ~ q(z|x,y),

with p(z|y) the model's served prior (the learned Gaussian, or the mixture fitted after training),

then P(y|x) = p(x|y) p(y) / sum_y' p(x|y') p(y') with p(y) the training split's class shares.
All classes and all K samples go through the decoder as one batch.
"""
from __future__ import annotations

import math

import torch

from models.networks.cvae import ConditionalVAE, log_normal
from models.operations.images import for_display
from models.operations.preprocess import preprocess

MAX_K = 64           # the served K is the model's own `importance_samples` (config.json)
TOP_CLASSES = 3      # reconstructions shown "as" this many of the most likely classes
SEED = 0             # fixed, so the same upload always gets the same answer


@torch.inference_mode()
def prior_free_log_weights(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                           generator: torch.Generator | None = None):
    """The draws z_k ~ q(z|x,y) (K, B*C, latent), their classes y (B*C,), and the part of the log
    weights that does not depend on the prior, log p(x|z_k,y) - log q(z_k|x,y), shape (K, B*C).
    K defaults to the model's own `importance_samples`."""
    k = cvae.importance_samples if k is None else k
    if not 1 <= k <= MAX_K:
        raise ValueError(f"k must be between 1 and {MAX_K}, not {k}")
    b, c = len(x), cvae.num_classes
    y = torch.arange(c, device=x.device).repeat(b)                       # (B*C,): class of each row
    mu, logvar = cvae.posterior(cvae.features(x).repeat_interleave(c, 0), y)
    eps = torch.randn((k, *mu.shape), generator=generator, dtype=mu.dtype).to(mu.device)
    z = mu + eps * (0.5 * logvar).exp()                                  # (K, B*C, latent)
    logits = cvae.decode_logits(z.reshape(-1, cvae.latent_dim), y.repeat(k))
    images = x.repeat_interleave(c, 0).repeat(k, 1, 1, 1)
    log_px_z = -cvae.reconstruction_nats(logits.float(), images).view(k, b * c)
    return z, y, log_px_z - log_normal(z, mu, logvar)


@torch.inference_mode()
def log_weights(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                generator: torch.Generator | None = None, latent_prior: str | None = None) -> torch.Tensor:
    """(K, B, C) log importance weights log p(x|z_k,y) + log p(z_k|y) - log q(z_k|x,y), z_k ~ q(z|x,y),
    with the served prior p(z|y) (or `latent_prior`'s)."""
    z, y, partial = prior_free_log_weights(cvae, x, k, generator)
    return (partial + cvae.log_prior(z, y, latent_prior)).view(len(z), len(x), cvae.num_classes)


def bound(log_w: torch.Tensor) -> torch.Tensor:
    """The importance-weighted bound from (K, B, C) log weights: log (1/K) sum_k w_k, shape (B, C).
    The first k of K weights give the bound with k samples."""
    return torch.logsumexp(log_w, 0) - math.log(len(log_w))


def log_likelihoods(cvae: ConditionalVAE, x: torch.Tensor, k: int | None = None,
                    generator: torch.Generator | None = None) -> torch.Tensor:
    """(B, C) importance-weighted estimates of log p(x|y) in nats, for every image and class."""
    return bound(log_weights(cvae, x, k, generator))


def posterior_over_classes(cvae: ConditionalVAE, log_px_y: torch.Tensor) -> torch.Tensor:
    """Bayes' rule: (B, C) log p(x|y) -> (B, C) P(y|x) with the model's training prior p(y)."""
    return torch.softmax(log_px_y + cvae.log_class_prior, dim=-1)


@torch.inference_mode()
def as_class(cvae: ConditionalVAE, x: torch.Tensor, classes: list[int]) -> torch.Tensor:
    """The image (1, C, H, W) encoded and decoded *as* each class: decode(mean of q(z|x,y), y)."""
    y = torch.tensor(classes, dtype=torch.long)
    mu, _ = cvae.posterior(cvae.features(x).expand(len(classes), -1), y)
    return cvae.decode(mu, y)


@torch.inference_mode()
def classify_generative(cvae: ConditionalVAE, classifier, x: torch.Tensor, k: int | None = None) -> dict:
    """Both answers for one preprocessed image (1, C, 28, 28).

    Returns P(y|x) by Bayes' rule, the per-class log p(x|y), the CNN's pick, and the
    reconstructions of the image as each of the TOP_CLASSES most likely classes."""
    names = cvae.class_names
    log_px_y = log_likelihoods(cvae, x, k, torch.Generator().manual_seed(SEED))[0]
    probs = posterior_over_classes(cvae, log_px_y[None])[0]
    cnn = classifier.predict_proba(x)[0]
    top = probs.argsort(descending=True)[:TOP_CLASSES].tolist()
    pictures = as_class(cvae, x, top)
    generative_pick, discriminative_pick = names[top[0]], names[int(cnn.argmax())]
    return {
        "probabilities": {n: float(p) for n, p in zip(names, probs)},
        "log_px_given_y_nats": {n: round(float(v), 2) for n, v in zip(names, log_px_y)},
        "k": cvae.importance_samples if k is None else k,
        "generative_pick": generative_pick,
        "discriminative_pick": discriminative_pick,
        "discriminative_p": round(float(cnn.max()), 4),
        "agree": generative_pick == discriminative_pick,
        "as_class": [(for_display(img), f"as {names[c]}: log p(x|y)={float(log_px_y[c]):.0f}")
                     for img, c in zip(pictures, top)],
    }


def classify_upload(family, image) -> tuple[dict[str, float], dict, list]:
    """/classify_generative: an upload, preprocessed exactly as for /classify, through both models.

    Returns the label output P(y|x), the details (log p(x|y) per class in nats, K, both picks)
    and the captioned reconstructions of the image as each of the top classes."""
    x, _ = preprocess(image)
    answer = classify_generative(family.cvae, family.classifier, x)
    gallery = answer.pop("as_class")
    return answer.pop("probabilities"), answer, gallery


def verdict(details: dict) -> str:
    """One line comparing the two answers, with a visible mark when they disagree."""
    if not details:
        return ""
    gen, disc = details["generative_pick"], details["discriminative_pick"]
    if details["agree"]:
        return f"✅ **Both models say {gen}.**"
    return f"⚠️ **They disagree:** the discriminative CNN says **{disc}**, the generative model says **{gen}**."
