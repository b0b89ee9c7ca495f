"""A local stand-in for the Hugging Face Hub, pointed at through HF_ENDPOINT, that fails on purpose.

Modes: "404" and "500" answer every request with that status; "hang" accepts requests and
never answers; "corrupt" serves a complete, well-formed snapshot whose model.safetensors
holds garbage. `requests` counts what reached it, so a test can tell it was tried.
"""
from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMMIT = "c0ffee" * 6 + "c0ff"  # 40 hex digits, like a real commit hash
MODES = ("404", "500", "hang", "corrupt")


def snapshot_files(bundled: Path) -> dict[str, bytes]:
    """A bundled model folder as the Hub would serve it, with its weights replaced by garbage."""
    files = {name: (bundled / name).read_bytes() for name in ("config.json", "metrics.json", "README.md")
             if (bundled / name).is_file()}
    files["model.safetensors"] = b"\x08\x00\x00\x00\x00\x00\x00\x00{broken}" + b"\x00" * 512
    return files


class HubStub:
    def __init__(self, mode: str, files_for_repo=None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.mode = mode
        self.files_for_repo = files_for_repo  # repo id -> {file name: bytes}, for "corrupt"
        self.requests: list[str] = []
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True, name="hub-stub").start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: tests print what matters
                pass

            def do_HEAD(self):
                self._answer(body=False)

            def do_GET(self):
                self._answer(body=True)

            def _answer(self, body: bool):
                stub.requests.append(f"{self.command} {self.path}")
                if stub.mode == "hang":
                    stub.release.wait(120)
                    return
                if stub.mode in ("404", "500"):
                    self._send(int(stub.mode), b'{"error": "stub"}', {"Content-Type": "application/json"}, body)
                    return
                self._serve_snapshot(body)

            def _serve_snapshot(self, body: bool):
                path = self.path.split("?")[0]
                for repo, files in stub.files_for_repo.items():
                    if path.startswith(f"/api/models/{repo}/revision/"):
                        info = {"id": repo, "sha": COMMIT, "siblings": [{"rfilename": n} for n in files]}
                        return self._json(info, body)
                    if path.startswith(f"/api/models/{repo}/tree/"):
                        tree = [{"type": "file", "path": n, "size": len(d), "oid": hashlib.sha1(d).hexdigest()}
                                for n, d in files.items()]
                        return self._json(tree, body)
                    prefix = f"/{repo}/resolve/"
                    if path.startswith(prefix):
                        name = path[len(prefix):].split("/", 1)[-1]
                        if name in files:
                            data = files[name]
                            headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{hashlib.sha1(data).hexdigest()}"',
                                       "Content-Type": "application/octet-stream"}
                            return self._send(200, data, headers, body)
                self._send(404, b"{}", {"Content-Type": "application/json"}, body)

            def _json(self, value, body: bool):
                self._send(200, json.dumps(value).encode(), {"Content-Type": "application/json"}, body)

            def _send(self, status: int, data: bytes, headers: dict, body: bool):
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(data))}.items():
                    self.send_header(key, value)
                self.end_headers()
                if body:
                    self.wfile.write(data)

        return Handler
