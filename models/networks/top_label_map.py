"""A top-label calibration map: the top class's confidence read through a monotone table.

After temperature scaling, a classifier can still be over-confident in one range of confidence and
under-confident in another (a pattern one T cannot remove). The map fixes the top class's
confidence c alone: c' = the table's accuracy at c (linear between its points, flat beyond them);
the other classes share the rest, 1 - c', in the proportions they had, so the probabilities still
sum to 1 and keep their order among themselves. c' is never let below the point where the second
class would catch up, so the answer (the argmax) never changes. train/lib/calibration.py
fit_top_label_map fits the table on the validation split (isotonic regression).

The table is a dict {"confidence": [...], "accuracy": [...]}, confidences strictly increasing in
[0, 1] and accuracies non-decreasing in [0, 1]: a constructor argument of the classifier, so it lives
in config.json with the temperature.
"""
from __future__ import annotations

import torch

MARGIN = 1e-6  # how far above the second class the mapped top class stays, in probability


def checked(table: dict | None) -> dict | None:
    """The table as lists of floats, or ValueError naming what is wrong; None: no map."""
    if table is None:
        return None
    try:
        confidence = [float(v) for v in table["confidence"]]
        accuracy = [float(v) for v in table["accuracy"]]
    except (TypeError, KeyError, ValueError) as error:
        raise ValueError(f"top_label_map must be {{'confidence': [...], 'accuracy': [...]}} of numbers ({error})") from None
    if len(confidence) != len(accuracy) or len(confidence) < 2:
        raise ValueError("top_label_map needs at least two points, as many confidences as accuracies")
    if not all(0 <= v <= 1 for v in confidence + accuracy):
        raise ValueError("top_label_map's confidences and accuracies must lie in [0, 1]")
    if any(b <= a for a, b in zip(confidence, confidence[1:])) or any(b < a for a, b in zip(accuracy, accuracy[1:])):
        raise ValueError("top_label_map's confidences must increase and its accuracies must not decrease")
    return {"confidence": confidence, "accuracy": accuracy}


def interpolate(x: torch.Tensor, xp: torch.Tensor, fp: torch.Tensor) -> torch.Tensor:
    """Piecewise-linear fp(x) through the points (xp, fp), flat beyond the first and last point."""
    right = torch.searchsorted(xp, x).clamp(1, len(xp) - 1)
    x0, x1, f0, f1 = xp[right - 1], xp[right], fp[right - 1], fp[right]
    return f0 + ((x - x0) / (x1 - x0)).clamp(0, 1) * (f1 - f0)


def mapped(scores: torch.Tensor, table: dict) -> torch.Tensor:
    """(N, C) probabilities from (N, C) scores (logits / T, or log-probabilities) through the map.

    The other classes' shares are a softmax over their own scores, so they stay exact when the top
    class holds all but 1e-30 of the mass (a small T)."""
    scores = scores.double()
    top = scores.argmax(-1, keepdim=True)
    confidence = scores.softmax(-1).gather(-1, top)
    shares = scores.scatter(-1, top, float("-inf")).softmax(-1)  # the others' proportions of 1 - c
    xp, fp = (torch.tensor(table[k], dtype=torch.float64) for k in ("confidence", "accuracy"))
    new = interpolate(confidence, xp, fp)
    second = shares.max(-1, keepdim=True).values
    new = torch.maximum(new, second / (1 + second) + MARGIN).clamp(max=1.0)  # c' > (1 - c') * second share
    return (shares * (1 - new)).scatter(-1, top, new)
