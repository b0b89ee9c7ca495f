"""Cold start: seconds from `python <script>` to its first successful API answer, app vs minimal app."""
from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.calls import first_answer
from benchmarks.servers import Server


def one_start(script: Path, args: tuple, log_path: Path) -> tuple[float, float]:
    """(seconds to the first /classify answer, peak RSS in MiB at that moment)."""
    with Server(script, log_path, args) as server:
        seconds = server.seconds_to_first_answer(first_answer)
        return seconds, server.peak_rss_mb()


def cold_start(app: Path, baseline: Path, baseline_args: tuple, repeats: int, log_dir: Path) -> dict:
    """Starts the two scripts in turns, `repeats` times each; medians and their ratio."""
    runs: dict[str, list[tuple[float, float]]] = {"app": [], "noop": []}
    scripts = {"app": (app, ()), "noop": (baseline, baseline_args)}
    for i in range(repeats):
        for name in (("app", "noop") if i % 2 == 0 else ("noop", "app")):
            runs[name].append(one_start(*scripts[name], log_dir / f"coldstart-{name}-{i}.log"))
    result = {name: {"seconds": [s for s, _ in r], "median_s": statistics.median(s for s, _ in r),
                     "rss_mb": statistics.median(m for _, m in r)} for name, r in runs.items()}
    result["ratio"] = result["app"]["median_s"] / result["noop"]["median_s"]
    return result
