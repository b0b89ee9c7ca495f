"""The requests the benchmarks send: one typical call per public endpoint, built from the API itself.

Every named endpoint of the server is called. Image parameters get example files, seeds
vary from call to call (as from different visitors; Gradio caches output files by content,
so identical outputs of concurrent requests would share one cache file), everything else
keeps its default. New endpoints of the app are therefore measured without changes here.
VARIANTS adds calls whose defaults would skip the work a parameter asks for (typed noise, another
noise scale, a map point off the centre); each is measured as a row of its own.
"""
from __future__ import annotations

from pathlib import Path

from gradio_client import Client, handle_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
IMAGES = [EXAMPLES / "test-0000-ankle-boot.png", EXAMPLES / "test-0018-bag.png"]  # first, second image parameter
SEED_NAMES = ("seed", "seed_a")  # seeds that vary; other seeds (seed_b) follow at +1
VARIANTS = {  # name -> (endpoint, arguments that replace the defaults)
    "/generate noise=[-5 6.2 8] noise_scale=0": ("/generate", {"noise": "[-5 6.2 8]", "noise_scale": 0}),
    "/generate noise_scale=2.5": ("/generate", {"noise_scale": 2.5}),
    "/sample_vae noise_scale=0.5": ("/sample_vae", {"noise_scale": 0.5}),
    "/reconstruct noise_scale=10": ("/reconstruct", {"noise_scale": 10}),
    "/decode_latent x=2.5 y=-1.5": ("/decode_latent", {"x": 2.5, "y": -1.5}),
}
# Endpoints that run for a minute by design: measured by their own script (benchmarks/train_live.py),
# left out of the per-call latency, throughput and no-op record.
LONG_RUNNING = {"/train_live"}


class Caller:
    """A gradio_client connection that knows every endpoint's parameters."""

    def __init__(self, url: str):
        # Plain http on loopback: without ssl_verify=False, httpx would load the CA bundle for each
        # downloaded file (~20 ms of client CPU per gallery image), drowning what the server does.
        self.client = Client(url, verbose=False, ssl_verify=False)
        api = self.client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        self.parameters = {name: info["parameters"] for name, info in api.items()}
        self.returns = {name: [r["component"] for r in info["returns"]] for name, info in api.items()}

    @property
    def endpoints(self) -> list[str]:
        return [name for name in self.parameters if name not in LONG_RUNNING]

    @property
    def calls(self) -> list[str]:
        """Every endpoint, then the VARIANTS of those this server has."""
        return self.endpoints + [name for name, (endpoint, _) in VARIANTS.items() if endpoint in self.parameters]

    def arguments(self, endpoint: str, seed: int) -> dict:
        args, images = {}, iter(IMAGES)
        for p in self.parameters[endpoint]:
            name = p["parameter_name"]
            if p["component"] == "Image":
                args[name] = handle_file(str(next(images, IMAGES[0])))
            elif name == "guesses":  # /real_or_fake_answer: one answer per image of the round
                args[name] = ",".join(["real"] * 8)
            elif name in SEED_NAMES:
                args[name] = seed
            elif name.startswith("seed"):
                args[name] = seed + 1
            elif p["parameter_has_default"]:
                args[name] = p["parameter_default"]
        return args

    def call(self, name: str, seed: int = 0, **arguments):
        """Calls an endpoint, or one of the VARIANTS by its name; `arguments` replace any others."""
        endpoint, overrides = VARIANTS.get(name, (name, {}))
        return self.client.predict(**{**self.arguments(endpoint, seed), **overrides, **arguments}, api_name=endpoint)


def first_answer(url: str) -> None:
    """What "the app is up" means for the cold start: a fresh client gets a classification."""
    Caller(url).call("/classify")
