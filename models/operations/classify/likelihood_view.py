"""The generative answer's likelihoods in units a learner can read, beside plain and tempered Bayes.

Raw log p(x|y) of a 28x28 image is a sum over 784 pixels, in nats, and with a density on continuous
pixels it can be any sign: +1,500 says little to a reader. What it says is relative: how far behind
the likeliest class each class is, for the whole image (nats, and the factor e^gap that Bayes' rule
multiplies by) and per pixel (bits). A gap of 0.05 bits per pixel is 27 nats for the image: a factor
of 10^12, which is why plain Bayes' rule answers 100% / 0% and the app shows the tempered answer.
The raw nats stay in the API's details (generative_classifier.classify_generative).
"""
from __future__ import annotations

import math

PIXELS = 28 * 28
ROWS = 5  # the likeliest classes shown; the details keep all of them

WHY_SO_SURE = (
    "**Why plain Bayes is so sure:** log p(x|class) adds up all 784 pixels, so two classes that differ by a few "
    "hundredths of a bit per pixel end up tens of nats apart for the whole image (a factor of e^30 ≈ 10^13), and "
    "Bayes' rule turns that into 100% / 0% even when it is wrong; the answer shown is **tempered**, "
    "p(x|class)^(1/T)·p(class) with T fitted on validation images, which keeps the order of the classes but "
    "makes a 70% answer right about 70% of the time.")


def nats_behind_best(log_px_y: dict[str, float]) -> dict[str, float]:
    """Per class, how many nats its log p(x|y) is below the likeliest class's (0 for that one)."""
    best = max(log_px_y.values())
    return {name: best - value for name, value in log_px_y.items()}


def bits_per_pixel(nats: float, pixels: int = PIXELS) -> float:
    """A whole-image log-likelihood gap in nats, as bits per pixel."""
    return nats / (pixels * math.log(2))


def as_power_of_ten(nats: float) -> str:
    """e^-gap written for a reader: "1", "1/20", "10^-12"."""
    if nats < 1e-9:
        return "1"
    decades = nats / math.log(10)
    return f"1/{math.exp(nats):.0f}" if decades < 3 else f"10^-{decades:.0f}"


def likelihood_table(probabilities: dict[str, float] | None, details: dict | None, rows: int = ROWS) -> str:
    """Markdown: for the likeliest classes, log p(x|y) behind the best class (whole image, per pixel),
    plain Bayes' P(y|x) and the tempered P(y|x) the app answers; "" without an answer."""
    if not isinstance(details, dict) or "log_px_given_y_nats" not in details or not isinstance(probabilities, dict):
        return ""
    gaps = nats_behind_best(details["log_px_given_y_nats"])
    plain = details.get("plain_bayes_probabilities", {})
    # a bar inside a table cell is escaped
    lines = ["| class | p(x\\|class) against the likeliest class | per pixel | plain Bayes | tempered (shown) |",
             "|---|---|---|---|---|"]
    for name in sorted(gaps, key=gaps.get)[:rows]:
        gap = gaps[name]
        whole = "the likeliest" if gap < 1e-9 else f"{as_power_of_ten(gap)} as likely ({gap:.1f} nats less)"
        per_pixel = "–" if gap < 1e-9 else f"{bits_per_pixel(gap):.3f} bits less"
        lines.append(f"| {name} | {whole} | {per_pixel} | {100 * plain.get(name, 0.0):.1f}% | "
                     f"{100 * probabilities.get(name, 0.0):.1f}% |")
    t = details.get("likelihood_temperature")
    note = "" if t is None else f"\n\nTempered with T = {t:.3g}: every log p(x|class) is divided by {t:.3g} before Bayes' rule."
    return "\n".join(lines) + note
