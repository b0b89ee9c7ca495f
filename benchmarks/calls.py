"""The requests the benchmarks send: one typical call per public endpoint, the same to both apps."""
from __future__ import annotations

from pathlib import Path

from gradio_client import Client, handle_file

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "test-0000-ankle-boot.png"

# api_name -> the parameters a benchmark sets; the rest keep their defaults (16 images for
# /generate and /sample_vae, 4 posterior samples). "SEED" varies from call to call, as from
# different visitors: Gradio caches output files by content, and concurrent requests with
# identical outputs rewrite the same cache file while it is being downloaded.
ENDPOINT_ARGS: dict[str, dict] = {
    "/classify": {"image": "EXAMPLE"},
    "/reconstruct": {"image": "EXAMPLE", "seed": "SEED"},
    "/sample_vae": {"seed": "SEED"},
    "/generate": {"seed": "SEED"},
    "/discriminate": {"image": "EXAMPLE"},
}


def arguments(endpoint: str, seed: int) -> dict:
    values = {"EXAMPLE": lambda: handle_file(str(EXAMPLE)), "SEED": lambda: seed}
    return {k: values[v]() if v in values else v for k, v in ENDPOINT_ARGS[endpoint].items()}


def call(client: Client, endpoint: str, seed: int = 0):
    return client.predict(**arguments(endpoint, seed), api_name=endpoint)


def connect(url: str) -> Client:
    # Plain http on loopback: without ssl_verify=False, httpx would load the CA bundle for each
    # downloaded file (~20 ms of client CPU per gallery image), drowning what the server does.
    return Client(url, verbose=False, ssl_verify=False)


def first_answer(url: str) -> None:
    """What "the app is up" means for the cold start: a fresh client gets a classification."""
    call(connect(url), "/classify")
