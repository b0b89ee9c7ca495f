"""Training under torchrun: DistributedDataParallel on 2 CPU processes (gloo), --dry-run only."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from models import VAE, Classifier, ConditionalGAN
from models.datasets import DEFAULT_DATASET
from train.lib import distributed
from train.lib.data import Split

ROOT = Path(__file__).resolve().parent.parent
MODELS = {"classifier": Classifier, "vae": VAE, "gan": ConditionalGAN}


BATCH = 16  # the global batch: small, so the dry run's 4 steps cost little next to starting the processes


def torchrun(kind: str, out: Path) -> subprocess.CompletedProcess:
    # --standalone: a local rendezvous on a free port, so parallel test runs never collide
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", f"train.{kind}", "--dry-run", "--device", "cpu", "--batch-size", str(BATCH), "--out", str(out)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("kind", MODELS)
def test_two_processes_train_on_different_shards_and_write_once(kind, tmp_path, torchrun_processes):
    done = torchrun(kind, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    record = json.loads((tmp_path / "training.json").read_text())
    assert (record["world_size"], record["backend"]) == (2, "gloo")
    assert (record["batch_size"], record["global_batch"], record["per_process_batch"]) == (BATCH, BATCH, BATCH // 2)
    assert record["recipe"] == f"{DEFAULT_DATASET}-{kind}" and record["recipe_overrides"] == {"batch_size": BATCH}
    shards = record["shards_epoch_1"]
    # the dry run's 4 global batches, split in two: disjoint halves that cover every image once
    assert shards["images_per_process"] == [2 * BATCH, 2 * BATCH]
    assert shards["images_in_two_or_more"] == 0
    assert shards["sha256_per_process"][0] != shards["sha256_per_process"][1]
    # DDP kept the processes in step: the same weights everywhere after training
    digests = record["weights_sha256_per_process"]
    assert len(digests) == 2 and digests[0] == digests[1]
    assert len(record["cpu_seconds_per_process"]) == 2
    # rank 0 alone logs and writes: one summary line, one "saved", one loadable model
    assert done.stdout.count("saved ") == 1 and done.stdout.count("epoch 1: ") == 1, done.stdout
    assert MODELS[kind].from_pretrained(tmp_path).eval().dataset == DEFAULT_DATASET
    if kind == "gan":
        assert sorted(p.name for p in (tmp_path / "samples").iterdir()) == ["epoch_01.png"]


def _shares(world_size: int, epochs: int = 2, n: int = 40, batch: int = 8) -> list[list[list[int]]]:
    """For each epoch, each step: the image indices every process trains on (no process group needed)."""
    split = Split(torch.arange(n).view(n, 1, 1, 1), torch.arange(n))
    runs = [distributed.Run(rank=r, world_size=world_size, backend="gloo" if world_size > 1 else None)
            for r in range(world_size)]
    generators = [torch.Generator().manual_seed(0) for _ in runs]  # every process seeds the same way
    epochs_out = []
    for _ in range(epochs):
        steps = zip(*(run.batches(split, batch, g) for run, g in zip(runs, generators)))
        epochs_out.append([[run.part(labels).tolist() for run, (_, labels) in zip(runs, step)] for step in steps])
    return epochs_out


def test_each_global_batch_is_the_one_process_batch_split_in_disjoint_shares():
    one, two = _shares(1), _shares(2)
    for epoch_one, epoch_two in zip(one, two):
        for (whole,), (a, b) in zip(epoch_one, epoch_two):
            assert len(a) == len(b) == 4 and not set(a) & set(b)
            assert a + b == whole  # the same images, in the same step, as a one-process run
    first, second = ([i for step in epoch for i in step[0]] for epoch in two)
    assert sorted(first) != sorted(second), "rank 0's shard changes from epoch to epoch (reshuffled)"


def test_a_global_batch_that_does_not_split_evenly_is_refused(monkeypatch):
    monkeypatch.setenv("RANK", "0")
    monkeypatch.setenv("WORLD_SIZE", "3")
    monkeypatch.setenv("LOCAL_RANK", "0")
    with pytest.raises(SystemExit, match="--batch-size 128 is the global batch and must be a multiple of"):
        distributed.start(torch.device("cpu"), 128)


def test_a_plain_run_is_one_process_without_a_process_group(monkeypatch):
    for key in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        monkeypatch.delenv(key, raising=False)
    run, device = distributed.start(torch.device("cpu"), 128)
    assert (run.rank, run.world_size, run.distributed, device.type) == (0, 1, False, "cpu")
    batch = torch.arange(10)
    assert run.part(batch) is batch and run.sum([2.0]) == [2.0]
    model = torch.nn.Linear(2, 2)
    assert run.wrap(model) is model
