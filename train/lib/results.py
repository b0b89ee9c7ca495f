"""The issue's targets, how each metric is shown, and the combined results table.

One place decides how a number is printed, so the cards, the table and the tests agree
with metrics.json to the digit.
"""
import json
from dataclasses import dataclass
from pathlib import Path

KINDS = ("classifier", "vae", "gan")


@dataclass(frozen=True)
class Target:
    kind: str  # whose metrics.json holds the value
    metric: str
    op: str  # ">=" or "<="
    threshold: float
    label: str
    dataset: str | None = None  # None: every dataset

    def value(self, metrics: dict):
        """The metric's value; "a.b" reads metrics["a"]["b"] (e.g. one class's label fidelity)."""
        value = metrics
        for key in self.metric.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        return value


# From the issues: Fashion-MNIST has published anchors; Animal-MNIST's classifier is judged
# against a baseline instead, and its GAN by the two classes of the lesson's example.
TARGETS = (
    Target("classifier", "accuracy", ">=", 0.94, "Classifier test accuracy", "fashion-mnist"),
    Target("vae", "classifier_accuracy_on_reconstructions", ">=", 0.85, "Classifier accuracy on VAE reconstructions",
           "fashion-mnist"),
    Target("gan", "label_fidelity", ">=", 0.90, "GAN label fidelity", "fashion-mnist"),
    Target("gan", "per_class_label_fidelity.dog", ">=", 0.85, "GAN label fidelity, dog", "animal-mnist"),
    Target("gan", "per_class_label_fidelity.cat", ">=", 0.85, "GAN label fidelity, cat", "animal-mnist"),
    Target("gan", "fd_ratio_gan_over_vae", "<=", 0.5, "GAN FD / VAE-prior FD"),
)

# Human names of the scalar metrics, in the order the cards and the table list them.
LABELS = {
    "accuracy": "Test accuracy",
    "baseline_accuracy": "Baseline test accuracy (logistic regression on pixels)",
    "parameters": "Parameters",
    "negative_elbo_nats": "Negative ELBO (nats / image)",
    "reconstruction_nats": "Reconstruction term (nats / image)",
    "kl_nats": "KL term to the prior (nats / image)",
    "reconstruction_mse_per_pixel": "Reconstruction MSE per pixel (posterior mean)",
    "classifier_accuracy_on_reconstructions": "Classifier accuracy on reconstructions",
    "classifier_accuracy_on_originals": "Classifier accuracy on the same test images",
    "label_fidelity": "Label fidelity",
    "fd_gan_vs_test": "FD, GAN samples vs test",
    "fd_vae_prior_vs_test": "FD, VAE prior samples vs test",
    "fd_train_vs_test": "FD, real train images vs test (floor)",
    "fd_ratio_gan_over_vae": "GAN FD / VAE-prior FD",
    "generator_parameters": "Generator parameters",
    "discriminator_parameters": "Discriminator parameters",
}


def is_fraction(metric: str) -> bool:
    return "accuracy" in metric or "fidelity" in metric


def rounded(value: float, fraction: bool = False) -> float:
    """What metrics.json stores: fractions to 4 decimals (0.01 %), other values to 6 significant digits."""
    return round(float(value), 4) if fraction else float(f"{float(value):.6g}")


def format_value(metric: str, value) -> str:
    """Fractions as percentages, counts with thousands separators, everything else as stored."""
    if value is None:
        return "not evaluated"
    if is_fraction(metric):
        return f"{value * 100:.2f}%"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def check_targets(kind: str, metrics: dict, dataset: str = "fashion-mnist") -> list[dict]:
    """The targets that concern `kind` on `dataset`, each with its measured value and whether it is met."""
    rows = []
    for t in TARGETS:
        if t.kind != kind or t.dataset not in (None, dataset):
            continue
        value = t.value(metrics)
        met = None if value is None else (value >= t.threshold if t.op == ">=" else value <= t.threshold)
        rows.append({"metric": t.metric, "label": t.label, "op": t.op, "threshold": t.threshold,
                     "value": value, "met": met})
    return rows


def format_target(row: dict) -> tuple[str, str, str]:
    """(value, target, verdict) cells for one checked target."""
    threshold = format_value(row["metric"], row["threshold"])
    verdict = {True: "met", False: "**not met**", None: "not evaluated"}[row["met"]]
    return format_value(row["metric"], row["value"]), f"{row['op']} {threshold}", verdict


def load_metrics(folder: Path) -> dict | None:
    path = Path(folder) / "metrics.json"
    return json.loads(path.read_text()) if path.exists() else None


def results_table(metrics_by_kind: dict[str, dict]) -> str:
    """One Markdown table over all evaluated models, targets inline, for the project README."""
    lines = ["| Model | Metric | Value | Target | Met |", "|---|---|---|---|---|"]
    for kind in KINDS:
        metrics = metrics_by_kind.get(kind)
        if not metrics:
            continue
        targets = {row["metric"]: row for row in metrics.get("targets", [])}
        for metric, label in LABELS.items():
            if metric not in metrics or metric.endswith("parameters"):
                continue
            target, verdict = "", ""
            if metric in targets:
                _, target, verdict = format_target(targets[metric])
            lines.append(f"| {kind} | {label} | {format_value(metric, metrics[metric])} | {target} | {verdict} |")
        for metric, row in targets.items():  # targets on nested values, e.g. one class's fidelity
            if metric not in LABELS:
                lines.append(f"| {kind} | {row['label']} | " + " | ".join(format_target(row)) + " |")
    return "\n".join(lines) + "\n"
