"""A one-line description of the machine and software a benchmark ran on, and how busy it was."""
from __future__ import annotations

import os
import platform
from contextlib import contextmanager
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


@contextmanager
def torch_threads(count: int):
    """torch on `count` threads inside the block (app.py serves on 1), the caller's count after it."""
    import torch  # imported where used, as describe() does

    saved = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def describe() -> dict[str, str]:
    import gradio
    import gradio_client
    import torch

    return {
        "machine": f"{_cpu_model()}, {os.cpu_count()} logical CPUs, {_memory_gib()}, no GPU used",
        "software": (f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
                     f"torch {torch.__version__}, gradio {gradio.__version__}, gradio_client {gradio_client.__version__}"),
        "load": f"load average (1, 5, 15 min) at the start: {load_average()}",
    }
