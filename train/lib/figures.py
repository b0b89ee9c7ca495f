"""The evaluation's pictures: confusion matrix, labelled image grids, the results chart.

Small figures at a modest dpi keep every PNG well under 200 KB, so they can live in git
and on the Hub next to the weights.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display on a training box
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

from train.lib.results import format_value  # noqa: E402

DPI = 100


def _save(fig, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def confusion_matrix_png(matrix: list[list[int]], class_names: list[str], path: Path) -> Path:
    """Counts with true class on rows and predicted class on columns, as in metrics.json."""
    m = torch.tensor(matrix, dtype=torch.float)
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    ax.imshow((m / m.sum(1, keepdim=True).clamp(min=1)).numpy(), cmap="Blues", vmin=0, vmax=1)
    for i in range(len(class_names)):
        for j in range(len(class_names)):
            count = int(m[i, j])
            if count:
                share = m[i, j] / m[i].sum().clamp(min=1)
                ax.text(j, i, str(count), ha="center", va="center", fontsize=7,
                        color="white" if share > 0.5 else "black")
    ticks = range(len(class_names))
    ax.set_xticks(ticks, class_names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(ticks, class_names, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix (test split; shading = share of the true class)", fontsize=9)
    return _save(fig, path)


def image_grid_png(rows: list[torch.Tensor], row_labels: list[str], path: Path, *, title: str = "") -> Path:
    """Each row a (K, 1, H, W) tensor in [0, 1]; its label written at the left."""
    n_rows, n_cols = len(rows), max(len(r) for r in rows)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(0.62 * n_cols + 1.3, 0.62 * n_rows + 0.3), squeeze=False)
    for i, (row, label) in enumerate(zip(rows, row_labels)):
        for j in range(n_cols):
            ax = axes[i][j]
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
            if j < len(row):
                ax.imshow(row[j, 0].clamp(0, 1).numpy(), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        axes[i][0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(wspace=0.05, hspace=0.05)
    return _save(fig, path)


def results_png(metrics_by_kind: dict[str, dict], path: Path) -> Path:
    """Left: Fréchet distances with the real-data floor. Right: accuracies against their targets."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    fds = _fd_bars(metrics_by_kind)
    if fds:
        names, values = zip(*fds)
        bars = left.bar(names, values, color=["#4c72b0", "#dd8452", "#55a868"][:len(values)])
        left.bar_label(bars, labels=[format_value("fd", v) for v in values], fontsize=8)
    left.set_ylabel("Fréchet distance (classifier features)")
    left.set_title("Sample quality vs test split (lower is better)", fontsize=9)
    left.margins(y=0.15)

    scores = _score_bars(metrics_by_kind)
    if scores:
        names, values, targets = zip(*scores)
        bars = right.bar(names, [v * 100 for v in values], color="#8172b3")
        # inside the bars, so the labels never collide with the target lines just above them
        right.bar_label(bars, labels=[format_value("accuracy", v) for v in values], label_type="center",
                        fontsize=8, color="white")
        for i, target in enumerate(targets):
            right.hlines(target * 100, i - 0.4, i + 0.4, colors="black", linestyles="dashed",
                         label="target" if i == 0 else None)
        right.legend(loc="lower right", fontsize=8)
    right.set_ylim(0, 105)
    right.set_ylabel("%")
    right.set_title("Accuracy and label fidelity (higher is better)", fontsize=9)
    for ax in (left, right):
        ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return _save(fig, path)


def _fd_bars(metrics_by_kind: dict[str, dict]) -> list[tuple[str, float]]:
    # The GAN folder holds all three FDs measured against the same test features.
    source = metrics_by_kind.get("gan") or metrics_by_kind.get("vae") or {}
    names = {"fd_gan_vs_test": "GAN", "fd_vae_prior_vs_test": "VAE prior", "fd_train_vs_test": "train (floor)"}
    return [(label, source[key]) for key, label in names.items() if source.get(key) is not None]


def _score_bars(metrics_by_kind: dict[str, dict]) -> list[tuple[str, float, float]]:
    bars = []
    for kind, label in (("classifier", "classifier\ntest acc."), ("vae", "classifier acc.\non VAE recon."),
                        ("gan", "GAN label\nfidelity")):
        for row in (metrics_by_kind.get(kind) or {}).get("targets", []):
            if row["op"] == ">=" and row["value"] is not None:
                bars.append((label, row["value"], row["threshold"]))
    return bars


def reliability_png(record: dict, title: str, path: Path) -> Path:
    """Reliability diagrams of a calibration record (train/lib/calibration.py): before and after
    temperature scaling, accuracy against confidence per bin, the diagonal being perfect calibration."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharey=True)
    for ax, when, label in ((axes[0], "before", "before (T = 1)"),
                            (axes[1], "after", f"after (T = {record['temperature']:.3g}"
                                               + (" and a top-label map)" if record.get("top_label_map") else ")"))):
        rows = [r for r in record[when]["reliability"] if r["count"]]
        width = 1.0 / len(record[when]["reliability"])
        centres = [(r["lower"] + r["upper"]) / 2 for r in rows]
        ax.bar(centres, [r["accuracy"] for r in rows], width=width * 0.95, color="#4c72b0", label="accuracy")
        ax.bar(centres, [r["confidence"] for r in rows], width=width * 0.95, fill=False, edgecolor="#c44e52",
               linewidth=1.2, label="mean confidence")
        for x, r in zip(centres, rows):  # how many images each bar stands for
            ax.text(x, 0.02, str(r["count"]), ha="center", va="bottom", fontsize=6, color="black", rotation=90)
        ax.plot([0, 1], [0, 1], color="black", linestyle="dashed", linewidth=1, label="perfect calibration")
        summary = record[when]
        ax.set_title(f"{label}\nECE {summary['ece']:.3f} · NLL {summary['nll']:.3f}", fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("confidence of the top class (bin)", fontsize=8)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel("accuracy in the bin", fontsize=8)
    axes[0].legend(loc="upper left", fontsize=7)
    fig.suptitle(f"{title} ({record['images']:,} test images, {len(record['before']['reliability'])} bins)",
                 fontsize=9)
    fig.tight_layout()
    return _save(fig, path)
