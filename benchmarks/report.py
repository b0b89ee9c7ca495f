"""Turns the benchmark results (a dict, also saved as JSON) into a markdown page and a figure."""
from __future__ import annotations

from pathlib import Path

from benchmarks.targets import TARGETS


def _table(headers: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def speedups(levels: list[dict]) -> dict[int, float]:
    """Requests per second at each client count divided by the single-client rate."""
    single = next((r["rps"] for r in levels if r["clients"] == 1), None)
    return {r["clients"]: r["rps"] / single for r in levels} if single else {}


def target_rows(results: dict) -> list[list]:
    rows = []
    if "latency" in results:
        worst = max(results["latency"].items(), key=lambda kv: kv[1]["p50_ratio"])
        ok = worst[1]["p50_ratio"] <= TARGETS["latency_p50_ratio"]
        rows.append([f"every endpoint's p50 ≤ {TARGETS['latency_p50_ratio']}× no-op",
                     f"worst {worst[0]}: {worst[1]['p50_ratio']:.2f}×", "yes" if ok else "**no**"])
    if "cold_start" in results:
        ratio = results["cold_start"]["ratio"]
        rows.append([f"cold start ≤ {TARGETS['cold_start_ratio']}× minimal app", f"{ratio:.2f}×",
                     "yes" if ratio <= TARGETS["cold_start_ratio"] else "**no**"])
    gen = speedups(results.get("throughput", {}).get("app", {}).get("/generate", []))
    if 16 in gen:
        rows.append([f"/generate at 16 clients ≥ {TARGETS['generate_speedup_16']}× 1 client", f"{gen[16]:.2f}×",
                     "yes" if gen[16] >= TARGETS["generate_speedup_16"] else "**no**"])
    return rows


def _cost_section(rows: list[dict]) -> list[str]:
    return ["## Raw model cost (1 torch thread, `torch.inference_mode`)", ""] + _table(
        ["network", "parameters", "MFLOPs / image", "ms, batch 1", "ms, batch 64", "ms / image at batch 64"],
        [[r["model"], f"{r['params']:,}", f"{r['mflops_per_image']:.2f}", f"{r['ms_batch_1']:.2f}",
          f"{r['ms_batch_64']:.1f}", f"{r['ms_batch_64'] / 64:.3f}"] for r in rows]) + [""]


def _latency_section(latency: dict, skipped: dict[str, str]) -> list[str]:
    rows = [[f"`{ep}`", f"{r['app']['p50_ms']:.0f}", f"{r['app']['p95_ms']:.0f}", f"{r['noop']['p50_ms']:.0f}",
             f"{r['noop']['p95_ms']:.0f}", f"**{r['p50_ratio']:.2f}×**", f"{r['p95_ratio']:.2f}×",
             f"{r['app'].get('server_cpu_ms', float('nan')):.0f} / {r['noop'].get('server_cpu_ms', float('nan')):.0f}",
             r["app"]["n"]]
            for ep, r in latency.items()]
    return ["## End-to-end latency through gradio_client (ms; app and no-op called in turns)", ""] + _table(
        ["endpoint", "app p50", "app p95", "no-op p50", "no-op p95", "p50 ratio", "p95 ratio",
         "server CPU per call, app / no-op", "calls each"],
        rows) + [""] + [f"- `{ep}` not measured: the app answered with an error: {msg}" for ep, msg in skipped.items()] + [""]


def _throughput_section(throughput: dict) -> list[str]:
    rows = []
    for ep, levels in throughput.get("app", {}).items():
        noop = {r["clients"]: r for r in throughput.get("noop", {}).get(ep, [])}
        gain = speedups(levels)
        for r in levels:
            base = noop.get(r["clients"])
            rows.append([f"`{ep}`", r["clients"], f"{r['rps']:.1f}", f"{gain.get(r['clients'], 0):.2f}×",
                         _cpu(r), f"{base['rps']:.1f}" if base else "–", _cpu(base) if base else "–", r["failed"]])
    return ["## Throughput (requests per second, concurrent gradio_client clients)", "",
            "CPU per request: server + clients, in ms; the ceiling is what the machine's cores could answer "
            "at that cost, since the clients run on the same cores.", ""] + _table(
        ["endpoint", "clients", "app req/s", "vs 1 client", "app CPU per request (ceiling)", "no-op req/s",
         "no-op CPU per request (ceiling)", "failed"], rows) + [""]


def _cpu(r: dict) -> str:
    if "server_cpu_ms" not in r:
        return "–"
    return f"{r['server_cpu_ms']:.0f} + {r['client_cpu_ms']:.0f} ({r['cpu_ceiling_rps']:.1f} req/s)"


def _cold_section(cold: dict, peak: dict) -> list[str]:
    rows = [[name, " / ".join(f"{s:.1f}" for s in cold[key]["seconds"]), f"{cold[key]['median_s']:.1f}",
             f"{cold[key]['rss_mb']:.0f}", f"{peak[key]:.0f}" if key in peak else "–"]
            for key, name in (("app", "app.py"), ("noop", "benchmarks/noop_app.py"))]
    return [f"## Cold start (`python <script>` → first /classify answer): ratio **{cold['ratio']:.2f}×**", ""] + _table(
        ["script", "each start (s)", "median (s)", "RSS at first answer (MiB)", "peak RSS after the run (MiB)"],
        rows) + [""]


def markdown(results: dict, plot_name: str | None) -> str:
    meta = results["meta"]
    lines = ["# Benchmarks", "", f"Measured {meta['date']} with `{meta['command']}`.", "",
             f"- Machine: {meta['machine']}", f"- Software: {meta['software']}", f"- {meta['load']}", ""]
    if results.get("note"):
        lines += [f"> {results['note']}", ""]
    if target_rows(results):
        lines += ["## Targets", ""] + _table(["target", "measured", "met"], target_rows(results)) + [""]
    if plot_name:
        lines += [f"![benchmark plot]({plot_name})", ""]
    if "model_cost" in results:
        lines += _cost_section(results["model_cost"])
    if "latency" in results:
        lines += _latency_section(results["latency"], results.get("skipped", {}))
    if "throughput" in results:
        lines += _throughput_section(results["throughput"])
    if "cold_start" in results:
        lines += _cold_section(results["cold_start"], results.get("peak_rss_mb", {}))
    return "\n".join(lines).rstrip() + "\n"


def write(results: dict, md_path: Path, png_path: Path | None) -> None:
    md_path.parent.mkdir(parents=True, exist_ok=True)
    if png_path is not None:
        from benchmarks.plot import plot

        plot(results, png_path)
    md_path.write_text(markdown(results, png_path.name if png_path else None))
