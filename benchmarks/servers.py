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


def server_env(port: int, **overrides: str | None) -> dict[str, str]:
    """Offline, local, unbuffered environment for an app on 127.0.0.1:port; a None override removes a variable."""
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(REPO)}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def launch(script: Path, env: dict[str, str], log_path: Path, args: tuple[str, ...] = ()) -> subprocess.Popen:
    """The one place that starts an app script: tests, benchmarks and the load test all come here."""
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:  # the child keeps its own handle
        return subprocess.Popen([sys.executable, str(script), *map(str, args)], cwd=REPO, env=env,
                                stdout=log, stderr=subprocess.STDOUT)


def wait_for_http(proc: subprocess.Popen, url: str, log_path: Path, deadline: float) -> None:
    """Returns once `url` answers 200; RuntimeError (with the log's tail) if the app exits or `deadline` passes."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}:\n{Path(log_path).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the app did not answer at {url} in time:\n{Path(log_path).read_text()[-3000:]}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Server:
    """One `python <script> [args]` on a free loopback port; use as a context manager.

    `env` overrides the environment (None removes a variable). By default OMP_NUM_THREADS is
    removed so each app picks its own threads, as on a Space."""

    def __init__(self, script: Path = APP, log_path: Path = Path("/tmp/app.log"), args: tuple[str, ...] = (),
                 startup_timeout: float = 120.0, env: dict[str, str | None] | None = None):
        self.script, self.log_path, self.startup_timeout = Path(script), Path(log_path), startup_timeout
        self.args = tuple(str(a) for a in args)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.env = server_env(self.port, **({"OMP_NUM_THREADS": None} if env is None else env))
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> "Server":
        self.started_at = time.monotonic()
        self.proc = launch(self.script, self.env, self.log_path, self.args)
        return self

    def _check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.script.name} exited with {self.proc.returncode}:\n"
                               f"{self.log_path.read_text()[-3000:]}")

    def wait_for_http(self) -> None:
        wait_for_http(self.proc, self.url, self.log_path, self.started_at + self.startup_timeout)

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
        stop(self.proc)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
