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
- A top-label map on top of T (the CNN, where it helps: docs/calibration.md): the top class's
  confidence read through a monotone table fitted by isotonic regression on the same validation
  split, the other classes sharing the rest as before (models/networks/top_label_map.py). It fixes
  what one T cannot: over-confidence in one range of confidence and under-confidence in another.
"""
from __future__ import annotations

import math

import torch

from models.datasets import RELIABILITY_FIGURE
from models.networks import top_label_map as top_map

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


def bin_of(confidence: torch.Tensor, bins: int = BINS) -> torch.Tensor:
    """Which of `bins` equal-width bins of [0, 1] each confidence falls in (exactly 1: the last one)."""
    return (confidence.double() * bins).long().clamp(max=bins - 1)


def reliability(probs: torch.Tensor, labels: torch.Tensor, bins: int = BINS) -> list[dict]:
    """Per equal-width bin of the top class's confidence: its edges, how many images fell in it, their
    mean confidence and their accuracy (None for an empty bin). A confidence of exactly 1 falls in the last bin."""
    confidence, pick = probs.max(1)
    correct = (pick == labels).double()
    index = bin_of(confidence, bins)
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
    index = bin_of(confidence, bins)
    gap = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            gap += float(members.sum()) * abs(float(correct[members].mean() - confidence[members].double().mean()))
    return gap / len(labels)


def eces_if_calibrated(confidence: torch.Tensor, draws: int = 1, generator: torch.Generator | None = None,
                       bins: int = BINS) -> torch.Tensor:
    """(D,) the ECEs a perfectly calibrated model would show with these top-class confidences, each
    answer right with probability equal to its confidence ("consistency resampling", Bröcker & Smith
    2007): how large an ECE the sample's size alone gives. `confidence`: (N,) one set of answers,
    drawn `draws` times, or (D, N) a set per draw."""
    confidence = confidence.double()
    if confidence.dim() == 1:
        confidence = confidence.expand(draws, -1)
    d, n = confidence.shape
    right = (torch.rand(confidence.shape, generator=generator, dtype=torch.float64) < confidence).double()
    index = bin_of(confidence, bins) + bins * torch.arange(d)[:, None]  # each draw's bins apart
    # |accuracy - confidence| * count of a bin is |right answers - summed confidence| in it
    sums = torch.zeros(d * bins, dtype=torch.float64).index_add_(0, index.flatten(), (right - confidence).flatten())
    return sums.view(d, bins).abs().sum(1) / n


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


def pooled(blocks: list[list[float]], value) -> list[list[float]]:
    """Pool-adjacent-violators: blocks [answers, right answers, sum of confidences] in order of
    confidence, neighbours pooled until value(block) increases from each block to the next."""
    out: list[list[float]] = []
    for block in blocks:
        out.append(list(block))
        while len(out) > 1 and value(out[-2]) >= value(out[-1]):
            last = out.pop()
            out[-1] = [a + b for a, b in zip(out[-1], last)]
    return out


def fit_top_label_map(log_probs: torch.Tensor, labels: torch.Tensor, digits: int = 6) -> dict | None:
    """The top-label map (models/networks/top_label_map.py) of answers `log_probs`: isotonic regression
    of "the top class is right" on the top class's confidence (pool-adjacent-violators).

    Each block of the regression becomes one point: its mean confidence, and its accuracy counted
    with one extra answer, half right ((right + 0.5) / (n + 1)), so that no point says 0 or 1 (a sure
    wrong answer would cost an infinite NLL) and a block of a few answers is pulled toward 1/2 (blocks
    whose counted accuracies would then decrease are pooled again). None when every answer pools into
    one block (nothing to map)."""
    confidence, pick = log_probs.exp().max(1)
    right = (pick == labels).double()
    values, inverse = torch.unique(confidence.double(), return_inverse=True)  # equal confidences pool from the start
    n = torch.zeros(len(values), dtype=torch.float64).index_add_(0, inverse, torch.ones_like(right))
    hits = torch.zeros(len(values), dtype=torch.float64).index_add_(0, inverse, right)
    blocks = [[c, h, c * v] for c, h, v in zip(n.tolist(), hits.tolist(), values.tolist())]
    blocks = pooled(pooled(blocks, lambda b: b[1] / b[0]), lambda b: (b[1] + 0.5) / (b[0] + 1))
    points: list[list[float]] = []  # blocks whose confidences round to the same number pool too
    for block in blocks:
        if points and round(block[2] / block[0], digits) <= round(points[-1][2] / points[-1][0], digits):
            points[-1] = [a + b for a, b in zip(points[-1], block)]
        else:
            points.append(block)
    blocks = points
    if len(blocks) < 2:
        return None
    return {"confidence": [round(s / count, digits) for count, _, s in blocks],
            "accuracy": [round((good + 0.5) / (count + 1), digits) for count, good, _ in blocks]}


def served(scores: torch.Tensor, temperature: float, offset: torch.Tensor | float = 0.0,
           top_label_map: dict | None = None) -> torch.Tensor:
    """(N, C) log-probabilities as served: tempered, then through the top-label map if there is one."""
    log_probs = tempered(scores, temperature, offset)
    return log_probs if top_label_map is None else top_map.mapped(log_probs, top_label_map).log()


def test_record(scores: torch.Tensor, labels: torch.Tensor, temperature: float,
                offset: torch.Tensor | float = 0.0, top_label_map: dict | None = None) -> dict:
    """metrics.json's `calibration`: the answers on the test split before (T = 1) and after calibration
    (`temperature`, then `top_label_map` if given), and how many top classes it changed (0 without an
    offset). With a map, `temperature_only` holds the answers of T alone and `top_label_map` the table."""
    before, after = tempered(scores, 1.0, offset), served(scores, temperature, offset, top_label_map)
    record = {"split": "test", "images": len(labels), "bins": BINS, "temperature": temperature,
              "answers_changed": int((before.argmax(1) != after.argmax(1)).sum()),
              "before": summary(before, labels), "after": summary(after, labels)}
    if top_label_map is not None:
        record["temperature_only"] = summary(tempered(scores, temperature, offset), labels)
        record["top_label_map"] = top_label_map
    return record
