"""Calibration: does a probability of 0.8 come true 80% of the time? Measures and one fix.

- ECE (expected calibration error, Guo et al. 2017): the top class's confidence in BINS equal-width
  bins of [0, 1]; the gap between each bin's accuracy and mean confidence, weighted by its share of
  the images.
- NLL: the mean -log P(true class), in nats.
- Temperature scaling: probabilities softmax(scores / T + offset) with the one number T that minimises
  the NLL on a validation split. Dividing every score of an image by the same T > 0 keeps their order,
  so the answer (the top class) never changes. For the CNN the scores are its logits and the offset
  is 0; for the generative classifier the scores are log p(x|y) and the offset log p(y), so the
  prior is not tempered: p(y|x) ∝ p(x|y)^(1/T) p(y).
"""
from __future__ import annotations

import math

import torch

from models.datasets import RELIABILITY_FIGURE

BINS = 15
FIGURE = RELIABILITY_FIGURE  # the diagrams in each model folder (train/lib/figures.py reliability_png), which the app shows
TITLES = {"classifier": "CNN classifier, P(Y|X) = softmax(logits / T)",
          "cvae": "Generative classifier, p(y|x) ∝ p(x|y)^(1/T) p(y)"}


def tempered(scores: torch.Tensor, temperature: float, offset: torch.Tensor | float = 0.0) -> torch.Tensor:
    """(N, C) log-probabilities log softmax(scores / T + offset)."""
    return torch.log_softmax(scores.double() / temperature + offset, dim=-1)


def nll(log_probs: torch.Tensor, labels: torch.Tensor) -> float:
    """Mean negative log-probability of the true class, in nats."""
    return float(-log_probs.gather(1, labels[:, None]).mean())


def reliability(probs: torch.Tensor, labels: torch.Tensor, bins: int = BINS) -> list[dict]:
    """Per equal-width bin of the top class's confidence: its edges, how many images fell in it, their
    mean confidence and their accuracy (None for an empty bin). A confidence of exactly 1 falls in the last bin."""
    confidence, pick = probs.max(1)
    correct = (pick == labels).double()
    index = (confidence.double() * bins).long().clamp(max=bins - 1)
    rows = []
    for b in range(bins):
        members = index == b
        n = int(members.sum())
        rows.append({"lower": round(b / bins, 4), "upper": round((b + 1) / bins, 4), "count": n,
                     "confidence": round(float(confidence[members].double().mean()), 4) if n else None,
                     "accuracy": round(float(correct[members].mean()), 4) if n else None})
    return rows


def ece(probs: torch.Tensor, labels: torch.Tensor, bins: int = BINS) -> float:
    """Expected calibration error of the top class over `bins` equal-width bins."""
    confidence, pick = probs.max(1)
    correct = (pick == labels).double()
    index = (confidence.double() * bins).long().clamp(max=bins - 1)
    gap = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            gap += float(members.sum()) * abs(float(correct[members].mean() - confidence[members].double().mean()))
    return gap / len(labels)


def summary(log_probs: torch.Tensor, labels: torch.Tensor, bins: int = BINS) -> dict:
    """ECE, NLL, accuracy and mean confidence of one set of answers (rounded as metrics.json stores them)."""
    probs = log_probs.exp()
    return {"ece": round(ece(probs, labels, bins), 4), "nll": round(nll(log_probs, labels), 4),
            "accuracy": round(float((probs.argmax(1) == labels).double().mean()), 4),
            "mean_confidence": round(float(probs.max(1).values.double().mean()), 4),
            "reliability": reliability(probs, labels, bins)}


def fit_temperature(scores: torch.Tensor, labels: torch.Tensor, offset: torch.Tensor | float = 0.0,
                    low: float = 1e-2, high: float = 1e3, steps: int = 40) -> float:
    """The T in [low, high] that minimises the NLL of softmax(scores / T + offset).

    The NLL is convex in 1/T (a log-sum-exp minus a linear term), so it has one minimum along log T
    too: a golden-section search finds it without gradients or a starting guess."""
    def loss(log_t: float) -> float:
        return nll(tempered(scores, math.exp(log_t), offset), labels)

    a, b = math.log(low), math.log(high)
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = loss(c), loss(d)
    for _ in range(steps):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = loss(d)
    return math.exp((a + b) / 2)


def test_record(scores: torch.Tensor, labels: torch.Tensor, temperature: float,
                offset: torch.Tensor | float = 0.0) -> dict:
    """metrics.json's `calibration`: the answers on the test split before (T = 1) and after tempering
    with `temperature`, and how many top classes the tempering changed (0 without an offset)."""
    before, after = tempered(scores, 1.0, offset), tempered(scores, temperature, offset)
    return {"split": "test", "images": len(labels), "bins": BINS, "temperature": temperature,
            "answers_changed": int((before.argmax(1) != after.argmax(1)).sum()),
            "before": summary(before, labels), "after": summary(after, labels)}
