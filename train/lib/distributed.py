"""Training on several processes with DistributedDataParallel, launched by torchrun; a plain
`python -m train.<model>` is the same code at world size 1 (no process group, no wrapper).

The data side keeps a run the same at any scale: every process draws the same shuffled order
and the same random numbers (augmentation, noise) for the GLOBAL batch, then keeps its own
slice of it (`part`). So the images of step i are those of step i in a one-process run, split
into world-size disjoint shards, a new split every epoch as the order is reshuffled, and the
random streams of all processes stay in lockstep. DDP averages the gradients of the slices,
which is the gradient of the global batch.
"""
import hashlib
import os
import time
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from tqdm import tqdm

from train.lib.data import Split


def launched_by_torchrun() -> bool:
    return all(k in os.environ for k in ("RANK", "WORLD_SIZE", "LOCAL_RANK"))


@dataclass
class Run:
    """This process's place in the run: rank 0 of 1 for a plain `python -m train.<model>`."""
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    backend: str | None = None
    first_epoch: torch.Tensor | None = None  # this process's image indices in epoch 1, for the record
    weight_digests: list | None = None  # every process's weights after training (see `agree`)

    @property
    def is_main(self) -> bool:
        """Rank 0 writes weights, grids, training.json and logs; the others only train."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.backend is not None

    # --- data -------------------------------------------------------------------------------------
    def part(self, batch: torch.Tensor) -> torch.Tensor:
        """This process's rows of a global batch (contiguous, the same size on every process)."""
        if not self.distributed:
            return batch
        size = len(batch) // self.world_size
        return batch[self.rank * size:(self.rank + 1) * size]

    def batches(self, split: Split, batch_size: int, generator: torch.Generator):
        """Shuffled GLOBAL batches (identical on every process, and to a one-process run);
        take this process's share with `part`. Records which images this process gets in epoch 1."""
        seen = []
        for idx in shuffled_batches(len(split.labels), batch_size, generator):
            seen.append(self.part(idx))
            yield split.images[idx], split.labels[idx]
        if self.first_epoch is None:
            self.first_epoch = torch.cat(seen)

    def shard_of(self, split: Split) -> Split:
        """This process's contiguous share of an evaluation split (the shares cover it exactly once)."""
        n = len(split.labels)
        lo, hi = n * self.rank // self.world_size, n * (self.rank + 1) // self.world_size
        return Split(split.images[lo:hi], split.labels[lo:hi])

    # --- models -----------------------------------------------------------------------------------
    def wrap(self, module: torch.nn.Module) -> torch.nn.Module:
        """DistributedDataParallel around `module` (the module itself at world size 1).

        Batch norm: on CUDA every BatchNorm becomes a SyncBatchNorm, so it normalises over the
        global batch like a one-process run; PyTorch's SyncBatchNorm is GPU-only, so on CPU each
        process normalises its own share of the batch (the usual DDP behaviour)."""
        if not self.distributed:
            return module
        if self.backend == "nccl":
            module = torch.nn.SyncBatchNorm.convert_sync_batchnorm(module)
            return DistributedDataParallel(module, device_ids=[self.local_rank])
        return DistributedDataParallel(module)

    def seed_model_noise(self, seed: int) -> None:
        """Call once the models are built: the global RNG, which layers such as the VAE's posterior
        sampling draw from, gets its own stream per process, or every share of a batch would get
        the same noise. At world size 1 nothing changes (the stream stays as it always was)."""
        if self.distributed:
            torch.manual_seed(seed + 1_000_003 * (self.rank + 1))

    def sync_buffers(self, module: torch.nn.Module) -> None:
        """Rank 0's buffers (batch-norm running statistics) to every process: each process updated
        them with its own share, and rank 0's are the ones saved, so evaluate with those."""
        if self.distributed:
            for buffer in module.buffers():
                dist.broadcast(buffer, src=0)

    # --- metrics and logs -------------------------------------------------------------------------
    def sum(self, values: list[float]) -> list[float]:
        """Element-wise sum over processes (e.g. correct counts of the evaluation shards)."""
        if not self.distributed:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64)
        dist.all_reduce(t)
        return t.tolist()

    def mean(self, values: list[float]) -> list[float]:
        """Element-wise mean over processes: with equal shares, a slice mean becomes the global batch's."""
        return [v / self.world_size for v in self.sum(values)]

    def progress(self, iterable, **kwargs):
        return tqdm(iterable, disable=not self.is_main, **kwargs)

    def print(self, *args) -> None:
        if self.is_main:
            print(*args, flush=True)

    def agree(self, *modules: torch.nn.Module) -> list[str]:
        """Gathers a digest of every process's trained parameters, before any best-checkpoint
        reload: DDP must have kept them identical. Collective: call on every process."""
        self.weight_digests = self.gather_object(parameters_digest(*modules))
        return self.weight_digests

    def record(self, model: torch.nn.Module, batch_size: int) -> dict:
        """What training.json says about the run's processes and shards. Collective: call on every process."""
        shards = self.gather(self.first_epoch if self.first_epoch is not None else torch.zeros(0, dtype=torch.long))
        union = torch.cat(shards)
        digest = lambda t: hashlib.sha256(t.sort().values.numpy().tobytes()).hexdigest()[:16]
        return {
            "world_size": self.world_size, "backend": self.backend,
            "global_batch": batch_size, "per_process_batch": batch_size // self.world_size,
            "shards_epoch_1": {  # which training images each process saw in epoch 1
                "images_per_process": [len(s) for s in shards],
                "sha256_per_process": [digest(s) for s in shards],
                "images_in_two_or_more": len(union) - len(union.unique()),
                "sha256_of_all": digest(union),
            },
            "cpu_seconds_per_process": [round(t, 1) for t in self.gather_object(time.process_time())],
            # after training every process must hold the same weights: DDP kept them in step
            "weights_sha256_per_process": self.weight_digests or self.agree(model),
        }

    def gather(self, t: torch.Tensor) -> list[torch.Tensor]:
        return self.gather_object(t) if self.distributed else [t]

    def gather_object(self, obj) -> list:
        if not self.distributed:
            return [obj]
        out = [None] * self.world_size
        dist.all_gather_object(out, obj)
        return out

    def close(self) -> None:
        if self.distributed:
            dist.destroy_process_group()


def shuffled_batches(n: int, batch_size: int, generator: torch.Generator):
    """Index batches of a fresh random order of n items; the last partial batch is dropped."""
    order = torch.randperm(n, generator=generator)
    for i in range(n // batch_size):
        yield order[i * batch_size:(i + 1) * batch_size]


def parameters_digest(*modules: torch.nn.Module) -> str:
    h = hashlib.sha256()
    for module in modules:
        for name, p in module.named_parameters():
            h.update(name.encode())
            h.update(p.detach().float().cpu().numpy().tobytes())
    return h.hexdigest()[:16]


def start(device: torch.device, batch_size: int) -> tuple[Run, torch.device]:
    """Joins the process group a torchrun launch set up (env://: RANK, WORLD_SIZE, MASTER_ADDR...);
    returns the run and this process's device (its own GPU, cuda:LOCAL_RANK, on CUDA)."""
    if not launched_by_torchrun():
        return Run(), device
    rank, world, local = (int(os.environ[k]) for k in ("RANK", "WORLD_SIZE", "LOCAL_RANK"))
    if batch_size % world:
        raise SystemExit(f"--batch-size {batch_size} is the global batch and must be a multiple of the "
                         f"number of processes ({world}): each process trains on batch / {world} images per step")
    if device.type == "cuda":
        device = torch.device("cuda", local)
        torch.cuda.set_device(device)
    backend = "nccl" if device.type == "cuda" else "gloo"
    dist.init_process_group(backend)
    return Run(rank=rank, world_size=world, local_rank=local, backend=backend), device
