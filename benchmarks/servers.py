"""Starts an app script as a local server, waits for its first API answer, reads its peak memory."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
NOOP_APP = REPO / "benchmarks" / "noop_app.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int) -> dict[str, str]:
    """Offline, local, unbuffered; OMP_NUM_THREADS removed so each app picks its own threads as on a Space."""
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(REPO)}
    env.pop("OMP_NUM_THREADS", None)
    return env


class Server:
    """One `python <script> [args]` on a free loopback port; use as a context manager."""

    def __init__(self, script: Path, log_path: Path, args: tuple[str, ...] = (), startup_timeout: float = 120.0):
        self.script, self.log_path, self.startup_timeout = Path(script), Path(log_path), startup_timeout
        self.args = [str(a) for a in args]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> "Server":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, str(self.script), *self.args], cwd=REPO, env=server_env(self.port),
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()  # the child keeps its own handle
        return self

    def _check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.script.name} exited with {self.proc.returncode}:\n"
                               f"{self.log_path.read_text()[-3000:]}")

    def wait_for_http(self) -> None:
        deadline = self.started_at + self.startup_timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.script.name} did not answer at {self.url} within {self.startup_timeout} s")

    def seconds_to_first_answer(self, call) -> float:
        """Seconds from process start until `call(url)` (one API request) succeeds."""
        self.wait_for_http()
        while True:
            try:
                call(self.url)
                return time.monotonic() - self.started_at
            except Exception:
                self._check_alive()
                if time.monotonic() - self.started_at > self.startup_timeout:
                    raise
                time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system, Linux /proc; 10 ms ticks)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The process's high-water resident memory (Linux VmHWM), in MiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmHWM not found in /proc (Linux only)")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
