"""The benchmark figure: latency ratios, throughput against clients, cold start, model cost."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks.targets import TARGETS  # noqa: E402


def _latency(ax, latency: dict) -> None:
    names = list(latency)
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], [latency[n]["app"]["p50_ms"] for n in names], 0.4, label="app p50")
    ax.bar([i + 0.2 for i in x], [latency[n]["noop"]["p50_ms"] for n in names], 0.4, label="no-op p50")
    for i, n in enumerate(names):
        ax.annotate(f"{latency[n]['p50_ratio']:.2f}×", (i, latency[n]["app"]["p50_ms"]), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(x), names, rotation=20, fontsize=8)
    ax.set_ylabel("ms")
    ax.set_title(f"End-to-end p50 (ratio app/no-op; target ≤ {TARGETS['latency_p50_ratio']}×)", fontsize=9)
    ax.legend(fontsize=8)


def _throughput(ax, throughput: dict) -> None:
    for app, style in (("app", "-o"), ("noop", "--x")):
        for ep, levels in throughput.get(app, {}).items():
            ax.plot([r["clients"] for r in levels], [r["rps"] for r in levels], style, label=f"{app} {ep}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("concurrent clients")
    ax.set_ylabel("requests / s")
    ax.set_title("Throughput", fontsize=9)
    ax.legend(fontsize=7)


def _cold(ax, cold: dict) -> None:
    ax.bar(["app.py", "no-op app"], [cold["app"]["median_s"], cold["noop"]["median_s"]], color=["C0", "C1"])
    ax.set_ylabel("s to first answer (median)")
    ax.set_title(f"Cold start: {cold['ratio']:.2f}× (target ≤ {TARGETS['cold_start_ratio']}×)", fontsize=9)


def _cost(ax, rows: list[dict]) -> None:
    names = [r["model"] for r in rows]
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], [r["ms_batch_1"] for r in rows], 0.4, label="batch 1")
    ax.bar([i + 0.2 for i in x], [r["ms_batch_64"] / 64 for r in rows], 0.4, label="per image at batch 64")
    ax.set_xticks(list(x), [n.replace(" (", "\n(") for n in names], fontsize=7)
    ax.set_ylabel("ms")
    ax.set_title("Forward pass, 1 thread", fontsize=9)
    ax.legend(fontsize=8)


def plot(results: dict, path: Path) -> None:
    panels = [(key, fn) for key, fn in (("latency", _latency), ("throughput", _throughput),
                                         ("cold_start", _cold), ("model_cost", _cost)) if key in results]
    cols = 2 if len(panels) > 1 else 1
    rows = (len(panels) + cols - 1) // cols or 1
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.2 * rows), squeeze=False)
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    for ax, (key, fn) in zip(axes.flat, panels):
        fn(ax, results[key])
    fig.suptitle(results["meta"]["machine"], fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
