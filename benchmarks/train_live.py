"""Train live: label fidelity after N seconds of training, and the Space's latency while it trains.

`python -m benchmarks.train_live` (about 15 minutes of CPU on an idle 2-core machine; longer on a busy one):

1. Fidelity (in-process, one thread per run, runs of different datasets/designs in parallel
   processes): the live GAN at default settings and the plain MLP baseline
   (models.operations.live.live_training.BASELINE), each from scratch for every seed and dataset,
   on the training images the app ships (`--data shipped`, models/loading/live_data.py) and/or the
   full training split (`--data full`, the dataset's own files).
   Every `--every` seconds the bundled classifier judges 500 samples (50 per class, noise
   fixed per seed): label fidelity = how often it recognises the requested class. The clock
   is the training thread's CPU time, which equals wall time on an idle core and does not
   depend on what else the machine runs; wall time and load average are recorded beside it.
   `--parallel 2` on an idle 2-core machine runs one at a time per core: the figures of an idle
   machine (many runs sharing a core lose steps per CPU second to each other's caches).
2. Latency: `python app.py` (benchmarks/servers.py) answers /classify and /generate idle,
   then while one /train_live run of `--seconds` trains; p50 of both, and the run's own final
   label fidelity (its last gallery, 8 images per class, judged by the classifier). With
   `--live-seeds N`, N-1 more runs (seeds 1, 2, ...) one after another with nothing else calling:
   the wall-clock minute of /train_live itself, seed by seed.

Writes docs/train-live.json and docs/train-live.png (fidelity against seconds), docs/train-live-latency.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_PER_CLASS = 50
# Designs screened against each other (`--designs`): changes to the defaults (live) or the baseline.
DESIGNS = {
    "live": {}, "baseline": "BASELINE", "noema": {"ema": 0.0},
    # the default before issue 35's second round: one hidden layer each, lr 2e-3, ema 0.995, float32
    "previous": {"g_depth": 1, "d_depth": 1, "lr": 2e-3, "ema": 0.995, "ema_warmup": 10.0, "precision": "float32"},
    # 11e202b's default: a shorter running average (about the last ninth of the run, up to 1,000 steps)
    "avg9": {"ema": 0.999, "ema_warmup": 10.0},
    "ema": {"ema": 0.99}, "ema995": {"ema": 0.995},
    "ttur": {"lr": 1e-3, "d_lr_ratio": 4.0}, "ttur2": {"d_lr_ratio": 2.0},
    "b256": {"batch_size": 256, "lr": 2.8e-3}, "b512": {"batch_size": 512, "lr": 4e-3},
    "b512hi": {"batch_size": 512, "lr": 6e-3}, "b1024": {"batch_size": 1024, "lr": 5.6e-3},
    "translation": {"augment": "translation"}, "conv": {"generator": "conv"}, "wide": {"hidden": 512},
    "bf16": {"precision": "bfloat16"}, "classbias": {"class_bias": True}, "ema998": {"ema": 0.998},
    "cutout": {"augment": "translation,cutout"}, "g512": {"g_hidden": 512}, "d512": {"hidden": 512, "g_hidden": 256},
    "b1024hi": {"batch_size": 1024, "lr": 8e-3},
    "aux05": {"aux_weight": 0.5}, "aux1": {"aux_weight": 1.0}, "aux2": {"aux_weight": 2.0},
    "aux4": {"aux_weight": 4.0}, "auxfake": {"aux_fake": True}, "lr3": {"lr": 3e-3}, "lr4": {"lr": 4e-3},
    "lr1": {"lr": 1e-3}, "ema999": {"ema": 0.999}, "b64": {"batch_size": 64}, "auto": {"precision": "auto"},
    "g2": {"g_depth": 2}, "d2": {"d_depth": 2}, "g2d2": {"g_depth": 2, "d_depth": 2},
    "g2w": {"g_depth": 2, "g_hidden": 512}, "nosn": {"spectral_norm": False},
    "g3": {"g_depth": 3}, "z32": {"noise_dim": 32}, "z16": {"noise_dim": 16}, "h384": {"hidden": 384},
    "ramp3": {"ema_warmup": 3.0}, "ema9995": {"ema": 0.9995}, "lr15": {"lr": 1.5e-3}, "dslow": {"d_lr_ratio": 0.5},
    "b256lo": {"batch_size": 256},
}


def settings(design: str, seed: int):
    """The GanSettings of a design: a name of DESIGNS, or names joined by '+' (their changes together)."""
    from dataclasses import replace

    from models.operations.live import live_training as live
    changes = {}
    for part in design.split("+"):
        if part not in DESIGNS:
            raise SystemExit(f"unknown design {part!r}; known: {', '.join(DESIGNS)}")
        if DESIGNS[part] == "BASELINE":
            return replace(live.BASELINE, seed=seed)
        changes.update(DESIGNS[part])
    return replace(live.GanSettings(), **changes, seed=seed)


def load_classifier(dataset: str):
    from models.datasets import weights_folder
    from models.loading.loader import load_model
    return load_model(weights_folder(dataset, "classifier"), "classifier")  # from_pretrained + eval()


def label_fidelity(generator, classifier, num_classes: int, noise_dim: int, seed: int) -> float:
    import torch
    z = torch.randn(num_classes * EVAL_PER_CLASS, noise_dim, generator=torch.Generator().manual_seed(10_000 + seed))
    y = torch.arange(num_classes).repeat_interleave(EVAL_PER_CLASS)
    with torch.inference_mode():
        images = (generator(z, y) + 1) / 2
        predicted = torch.cat([classifier(images[i:i + 250]).argmax(1) for i in range(0, len(images), 250)])
    return float((predicted == y).float().mean())


def variant(run: dict) -> str:
    """A run's design, and the data it trained on when that is not the shipped subset."""
    data = run.get("data", "shipped")
    return run["design"] if data == "shipped" else f"{run['design']} @ {data} split"


def fidelity_run(dataset: str, design: str, seed: int, seconds: float, every: float, data: str = "shipped") -> dict:
    """One training run; fidelity every `every` CPU seconds (evaluation is not counted)."""
    from models import datasets
    from models.operations.common.dataset_files import load_split
    from models.operations.live import live_training as live
    if data == "full":
        session = live.GanSession(load_split(dataset, "train"), datasets.class_names(dataset), settings(design, seed))
    else:
        session = live.gan_session(dataset, settings(design, seed))
    classifier = load_classifier(dataset)
    k, nd = len(session.class_names), session.settings.noise_dim
    cpu, wall = 0.0, 0.0
    curve = [{"cpu_s": 0.0, "wall_s": 0.0, "steps": 0, "fidelity": label_fidelity(session.shown_generator, classifier, k, nd, seed)}]
    target = every
    while cpu < seconds:
        c0, w0 = time.thread_time(), time.monotonic()
        session.train_for(0.2)
        cpu, wall = cpu + time.thread_time() - c0, wall + time.monotonic() - w0
        if cpu >= target or cpu >= seconds:
            curve.append({"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "steps": session.stats()["step"],
                          "fidelity": label_fidelity(session.shown_generator, classifier, k, nd, seed)})
            target += every
    return {"dataset": dataset, "design": design, "data": data, "seed": seed, "curve": curve,
            "load_1min": os.getloadavg()[0]}


def worker(args) -> None:
    import torch
    torch.set_num_threads(1)
    print(json.dumps(fidelity_run(args.dataset, args.design, args.seed, args.seconds, args.every, args.data[0])),
          flush=True)


def fidelity(args) -> list[dict]:
    """Every run (dataset, design, seed) in its own one-thread process, all at once; their JSON lines collected.

    The clock is each run's own CPU time, so running them side by side changes the wall time, not
    the figures. The first dataset's live design gets `--seeds` seeds, every other pair `--other-seeds`.
    """
    commands = []
    for dataset in args.datasets:
        for design in args.designs:
            for data in args.data:
                seeds = args.seeds if (dataset, design) == (args.datasets[0], args.designs[0]) else args.other_seeds
                for seed in range(seeds):
                    cmd = [*(["nice", "-n", str(args.nice)] if args.nice else []), sys.executable, "-m", "benchmarks.train_live", "--worker", "--dataset", dataset, "--design", design,
                           "--seed", str(seed), "--seconds", str(args.seconds), "--every", str(args.every), "--data", data]
                    commands.append(cmd)
    runs = []
    # at most --parallel at once: with one run per core, CPU seconds are the wall-clock seconds of an idle machine
    at_once = args.parallel or max(len(commands), 1)
    for first in range(0, len(commands), at_once):
        procs = [subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"})
                 for cmd in commands[first:first + at_once]]
        for proc in procs:
            out, _ = proc.communicate()
            runs += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            if proc.returncode:
                print(f"a fidelity worker failed with {proc.returncode}: {proc.args}", file=sys.stderr)
    return runs


def p50_ms(caller, endpoint: str, n: int) -> float:
    import numpy as np
    times = []
    for i in range(n):
        start = time.perf_counter()
        caller.call(endpoint, seed=i)
        times.append(time.perf_counter() - start)
    return float(np.percentile(np.asarray(times) * 1000, 50))


def gallery_fidelity(gallery: list[dict], dataset: str) -> float:
    """The final /train_live gallery (one row of 8 images per class) judged by the classifier."""
    import torch
    from PIL import Image
    from models import datasets
    names = datasets.class_names(dataset)
    classifier = load_classifier(dataset)
    hits = total = 0
    for item in gallery:
        image = Image.open(item["image"]).convert("L")
        row = torch.tensor(list(image.getdata()), dtype=torch.float32).view(image.height, image.width) / 255.0
        scale = image.height // 28
        tiles = row[::scale, ::scale].reshape(28, -1, 28).permute(1, 0, 2).unsqueeze(1)  # (N, 1, 28, 28)
        with torch.inference_mode():
            predicted = classifier(tiles).argmax(1)
        hits += int((predicted == names.index(item["caption"])).sum())
        total += len(tiles)
    return hits / total


def latency(args) -> dict:
    from benchmarks.calls import Caller
    from benchmarks.servers import APP, Server
    from gradio_client import Client

    log = Path(tempfile.gettempdir()) / "train-live-benchmark-app.log"
    with Server(APP, log, startup_timeout=900) as server:  # a busy shared machine can take minutes
        server.wait_for_http()
        caller = Caller(server.url)
        for endpoint in ("/classify", "/generate"):
            caller.call(endpoint)  # warm
        idle = {e: p50_ms(caller, e, args.calls) for e in ("/classify", "/generate")}
        job = Client(server.url, verbose=False).submit(args.seconds, 0, args.datasets[0], api_name="/train_live")
        while job.status().code.name not in ("PROCESSING", "ITERATING"):
            time.sleep(0.2)
        training = {e: p50_ms(caller, e, args.calls) for e in ("/classify", "/generate")}
        started = time.monotonic()
        outputs = job.result(timeout=args.seconds + 120) and job.outputs()
        final = outputs[-1]
        result = {"idle_p50_ms": idle, "training_p50_ms": training,
                  "ratio": {e: training[e] / idle[e] for e in idle}, "updates": len(outputs),
                  "final_stats": final[2], "final_gallery_fidelity": gallery_fidelity(final[0], args.datasets[0]),
                  "waited_after_latency_s": round(time.monotonic() - started, 1), "load_1min": os.getloadavg()[0]}
        # more seeds, one run after another with nothing else calling: the wall-clock minute itself
        result["wall_clock_runs"] = [wall_clock_run(server.url, args, seed) for seed in range(1, args.live_seeds)]
        return result


def wall_clock_run(url: str, args, seed: int) -> dict:
    """One /train_live run of `seed` through the API: its steps and its final gallery's label fidelity."""
    from gradio_client import Client
    final = Client(url, verbose=False).predict(args.seconds, seed, args.datasets[0], api_name="/train_live")
    return {"seed": seed, "steps": final[2]["step"], "seconds": final[2]["seconds"],
            "final_gallery_fidelity": gallery_fidelity(final[0], args.datasets[0]), "load_1min": os.getloadavg()[0]}


def _designs(runs: list[dict]) -> list[str]:
    return list(dict.fromkeys(variant(r) for r in runs))


def plot(runs: list[dict], path: Path) -> None:
    import numpy as np
    from matplotlib.figure import Figure
    fig = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    colours = iter(["tab:blue", "tab:gray", "tab:orange", "tab:brown", "tab:green", "tab:red", "tab:purple",
                    "tab:pink", "tab:olive", "tab:cyan", "black", "navy"] * 4)
    for dataset in sorted({r["dataset"] for r in runs}):
        for design in _designs(runs):
            group = [r["curve"] for r in runs if r["dataset"] == dataset and variant(r) == design]
            if not group:
                continue
            colour, n = next(colours), min(len(c) for c in group)
            xs = [group[0][i]["cpu_s"] for i in range(n)]
            ys = np.array([[c[i]["fidelity"] for i in range(n)] for c in group])
            style = "--" if design.startswith("baseline") else (":" if "@" in design else "-")
            ax.plot(xs, ys.mean(0), style, color=colour, marker="o", label=f"{dataset}, {design} (mean of {len(group)} seeds)")
            ax.fill_between(xs, ys.min(0), ys.max(0), color=colour, alpha=0.15)
    ax.axhline(0.6, color="black", lw=0.8, ls=":", label="target 60%")
    ax.set_xlabel("seconds of training (one CPU thread)")
    ax.set_ylabel("label fidelity (bundled classifier)")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right", fontsize=7)
    fig.savefig(path, metadata={"Software": None})


def fidelity_at_step(curve: list[dict], step: int) -> float | None:
    """The fidelity of the first point at or past `step` training steps (None if the run stopped before)."""
    return next((p["fidelity"] for p in curve if p["steps"] >= step), None)


def summary(runs: list[dict], at_steps: tuple[int, ...] = (500, 1000, 2000)) -> list[str]:
    """Fidelity at the end and after given numbers of steps (the figure an idle machine can re-read)."""
    steps_head = " | ".join(f"at {n} steps" for n in at_steps)
    lines = [f"| dataset | design | seeds | fidelity at the end (mean, min-max) | steps | steps per CPU s | {steps_head} | load (1 min) |",
             "|---|---|---|---|---|---|" + "---|" * len(at_steps) + "---|"]
    for dataset in sorted({r["dataset"] for r in runs}):
        for design in _designs(runs):
            group = [r for r in runs if r["dataset"] == dataset and variant(r) == design]
            if not group:
                continue
            ends = [r["curve"][-1] for r in group]
            f = [g["fidelity"] for g in ends]
            by_step = []
            for n in at_steps:
                found = [x for x in (fidelity_at_step(r["curve"], n) for r in group) if x is not None]
                by_step.append(f"{sum(found) / len(found):.1%} ({len(found)})" if found else "-")
            lines.append(f"| {dataset} | {design} | {len(group)} | {sum(f) / len(f):.1%} ({min(f):.1%}-{max(f):.1%}) | "
                         f"{sum(g['steps'] for g in ends) / len(ends):.0f} | "
                         f"{sum(g['steps'] / g['cpu_s'] for g in ends) / len(ends):.1f} | {' | '.join(by_step)} | "
                         f"{sum(r['load_1min'] for r in group) / len(group):.1f} |")
    return lines


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--every", type=float, default=10.0)
    p.add_argument("--seeds", type=int, default=3, help="seeds of the live design on the first dataset")
    p.add_argument("--other-seeds", type=int, default=3, help="seeds of the baseline, and of the other datasets")
    p.add_argument("--datasets", default="fashion-mnist,animal-mnist")
    p.add_argument("--designs", default="live,baseline", help=f"comma-separated, each a name or names joined by '+': {', '.join(DESIGNS)}")
    p.add_argument("--data", default="shipped", help="comma-separated: shipped (the app's subset), full (the training split)")
    p.add_argument("--parallel", type=int, default=0, help="fidelity runs at once (0: all); the core count measures idle cores")
    p.add_argument("--nice", type=int, default=0, help="run the fidelity workers at this niceness (a shared machine)")
    p.add_argument("--json-name", default="train-live.json", help="file name of the fidelity figures under --out-dir")
    p.add_argument("--calls", type=int, default=15, help="latency calls per endpoint and phase")
    p.add_argument("--live-seeds", type=int, default=1, help="/train_live runs in the latency part (seeds 0, 1, ...)")
    p.add_argument("--skip", default="", help="comma-separated: fidelity, latency")
    p.add_argument("--out-dir", type=Path, default=REPO / "docs")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--dataset", help=argparse.SUPPRESS)
    p.add_argument("--design", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.datasets, args.designs, args.data = args.datasets.split(","), args.designs.split(","), args.data.split(",")
    if set(args.data) - {"shipped", "full"}:
        p.error(f"--data takes shipped and/or full, not {args.data}")
    if args.worker:
        return worker(args)
    skip = set(filter(None, args.skip.split(",")))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if "fidelity" not in skip:
        result = {"seconds": args.seconds, "cpus": os.cpu_count(), "load_before": os.getloadavg()}
        result["runs"] = fidelity(args)
        result["load_after"] = os.getloadavg()
        (args.out_dir / args.json_name).write_text(json.dumps(result, indent=1))
        plot(result["runs"], args.out_dir / args.json_name.replace(".json", ".png"))
        print("\n".join(summary(result["runs"])))
    if "latency" not in skip:
        result = {"seconds": args.seconds, "cpus": os.cpu_count(), "load_before": os.getloadavg(), **latency(args)}
        (args.out_dir / "train-live-latency.json").write_text(json.dumps(result, indent=1))
        print(json.dumps(result, indent=1))

if __name__ == "__main__":
    main()
