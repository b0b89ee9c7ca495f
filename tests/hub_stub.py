"""A local stand-in for the Hugging Face Hub, pointed at through HF_ENDPOINT, that fails on purpose.

Modes: "404" and "500" answer every request with that status; "hang" accepts requests and
never answers; "corrupt" serves a complete, well-formed snapshot whose model.safetensors
holds garbage. `requests` counts what reached it, so a test can tell it was tried.
"upload" takes what huggingface_hub's create_repo and upload_folder send (with HF_HUB_DISABLE_XET=1:
the plain-git commit API, every file "regular") and keeps it: `created` (the create_repo payloads),
`commits[repo]` (one {"files": {path: bytes}, "deleted": [paths], "header": ...} per commit);
`files_for_repo[repo]` are the files already there (what a later upload may delete).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMMIT = "c0ffee" * 6 + "c0ff"  # 40 hex digits, like a real commit hash
MODES = ("404", "500", "hang", "corrupt", "upload")


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
        self.files_for_repo = files_for_repo  # repo id ("datasets/<id>" for a dataset) -> {file name: bytes}, for "corrupt"
        self.requests: list[str] = []
        self.created: list[dict] = []
        self.commits: dict[str, list[dict]] = {}
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

            def do_POST(self):
                stub.requests.append(f"POST {self.path}")
                data = self._read_body()
                if stub.mode != "upload":
                    return self._send(404, b"{}", {"Content-Type": "application/json"}, True)
                path = self.path.split("?")[0]
                parts = path.strip("/").split("/")  # api, <type>s, owner, name, preupload|commit, revision
                if path == "/api/repos/create":
                    payload = json.loads(data)
                    stub.created.append(payload)
                    repo = f"{payload['organization']}/{payload['name']}" if payload.get("organization") else payload["name"]
                    kind = payload.get("type") or "model"
                    return self._json({"url": f"{stub.url}/{'' if kind == 'model' else kind + 's/'}{repo}"}, True)
                if path == "/api/validate-yaml":
                    return self._json({"errors": [], "warnings": []}, True)
                if len(parts) == 6 and parts[4] == "preupload":
                    files = json.loads(data)["files"]
                    return self._json({"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                                 for f in files]}, True)
                if len(parts) == 6 and parts[4] == "commit":
                    repo = "/".join(parts[2:4]) if parts[1] == "models" else f"{parts[1]}/{parts[2]}/{parts[3]}"
                    commit = {"files": {}, "deleted": [], "header": None}
                    for line in filter(None, data.splitlines()):
                        item = json.loads(line)
                        if item["key"] == "header":
                            commit["header"] = item["value"]
                        elif item["key"] == "file":
                            commit["files"][item["value"]["path"]] = base64.b64decode(item["value"]["content"])
                        elif item["key"] in ("deletedFile", "deletedFolder"):
                            commit["deleted"].append(item["value"]["path"])
                    stub.commits.setdefault(repo, []).append(commit)
                    return self._json({"commitUrl": f"{stub.url}/{repo}/commit/{COMMIT}", "commitOid": COMMIT,
                                       "pullRequestUrl": None}, True)
                self._send(404, b"{}", {"Content-Type": "application/json"}, True)

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while (size := int(self.rfile.readline().split(b";")[0], 16)):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    self.rfile.readline()
                    data = b"".join(chunks)
                else:
                    data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding", "").lower() == "gzip":
                    data = gzip.decompress(data)
                return data

            def _answer(self, body: bool):
                stub.requests.append(f"{self.command} {self.path}")
                if stub.mode == "hang":
                    stub.release.wait(120)
                    return
                if stub.mode == "upload":  # only the listing of what is already there
                    return self._serve_listing(body)
                if stub.mode in ("404", "500"):
                    self._send(int(stub.mode), b'{"error": "stub"}', {"Content-Type": "application/json"}, body)
                    return
                self._serve_snapshot(body)

            def _serve_snapshot(self, body: bool):
                path = self.path.split("?")[0]
                for key, files in stub.files_for_repo.items():
                    # "datasets/<owner>/<name>" is a dataset repo; a plain "<owner>/<name>" a model repo
                    kind, repo = ("datasets", key[len("datasets/"):]) if key.startswith("datasets/") else ("models", key)
                    if path.startswith(f"/api/{kind}/{repo}/revision/"):
                        info = {"id": repo, "sha": COMMIT, "siblings": [{"rfilename": n} for n in files]}
                        return self._json(info, body)
                    if path.startswith(f"/api/{kind}/{repo}/tree/"):
                        tree = [{"type": "file", "path": n, "size": len(d), "oid": hashlib.sha1(d).hexdigest()}
                                for n, d in files.items()]
                        return self._json(tree, body)
                    prefix = f"/{key}/resolve/"
                    if path.startswith(prefix):
                        name = path[len(prefix):].split("/", 1)[-1]
                        if name in files:
                            data = files[name]
                            headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{hashlib.sha1(data).hexdigest()}"',
                                       "Content-Type": "application/octet-stream"}
                            return self._send(200, data, headers, body)
                self._send(404, b"{}", {"Content-Type": "application/json"}, body)

            def _serve_listing(self, body: bool):
                path = self.path.split("?")[0]
                for key, files in (stub.files_for_repo or {}).items():
                    kind, repo = key.split("/", 1) if key.count("/") == 2 else ("models", key)
                    kind = kind if kind.endswith("s") else f"{kind}s"
                    if path.startswith(f"/api/{kind}/{repo}/tree/"):
                        return self._json([{"type": "file", "path": n, "size": len(d),
                                            "oid": hashlib.sha1(d).hexdigest()} for n, d in files.items()], body)
                if "/tree/" in path:
                    return self._json([], body)  # a repo with nothing in it yet
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
