"""Trains the conditional GAN: python -m train.gan [--dataset animal-mnist] [--epochs 8 ...].

Hinge loss, spectral-norm projection discriminator, an exponential moving average (EMA) of
the generator's weights for sampling. After every epoch the EMA generator, in eval mode (as
the app serves it), is scored on a validation split carved from the training data: the
Fréchet distance to validation images and the label fidelity, both in the trained
classifier's features. The best checkpoint is kept; the test split is left for evaluation.

Settings not given come from the dataset's recipe (train/recipes.py). Under torchrun
(train/lib/distributed.py) G and D are each wrapped in DistributedDataParallel with their own
optimiser. D's step runs D through its wrapper (real and fake shares, one backward: D's
gradients are averaged over processes). G's step runs the bare D: G's wrapper averages G's
gradients, and the D gradients that backward leaves are local and cleared before D's next
step. With identical synced weights, the EMA generator is updated identically on every
process. Batch norm in G: on CUDA SyncBatchNorm normalises over the global batch; on CPU each
process normalises its own share. Either way the statistics the app serves are the standing
statistics that rank 0 recomputes from the EMA weights after every epoch, as in a one-process
run; the per-epoch evaluation (grid, FD, fidelity, best checkpoint) runs on rank 0 only.

`main(argv, on_epoch)`: `on_epoch(epoch, sampler, record, out)` is called on rank 0 after each
epoch's evaluation, with the generator that drew that epoch's grid and its validation record
(train/gan_snapshots.py keeps some of them).
"""
import copy
import json
import time
from pathlib import Path

import torch
from torchvision.utils import make_grid

from models import compat
from models.datasets import weights_folder
from models.networks.classifier import Classifier
from models.networks.gan import ConditionalGAN, hinge_critic_loss
from models.operations.common.images import to_pil
from train.lib import common
from train.lib.data import class_names, load_split, subset, to_float, train_val_split
from train.lib.metrics import frechet_distance, gan_samples, label_fidelity

EMA_DECAY = 0.999


@torch.no_grad()
def update_ema(ema: torch.nn.Module, model: torch.nn.Module, step: int) -> None:
    # warm-up: early on the average would be dominated by the random initial weights
    decay = min(EMA_DECAY, (1 + step) / (10 + step))
    for e, p in zip(ema.parameters(), model.parameters()):
        e.lerp_(p, 1.0 - decay)


@torch.no_grad()
def recompute_batchnorm_stats(gan: ConditionalGAN, batches: int = 20, batch_size: int = 500, seed: int = 0) -> None:
    """Standing statistics: re-estimates the generator's batch-norm statistics for its current
    (averaged) weights, so eval mode, which the app serves, matches what training batches saw."""
    g = torch.Generator().manual_seed(seed)
    norms = [m for m in gan.generator.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over all the batches below
    gan.generator.train()
    for _ in range(batches):
        gan.generator(gan.noise(batch_size, generator=g), gan.random_labels(batch_size, generator=g))
    for m in norms:
        m.momentum = 0.1
    gan.eval()


def standing_batches(train_size: int) -> int:
    """Batches of 500 for the standing statistics: 20 for Fashion-MNIST-sized data, down to 2 for
    small sets. Per-channel means and variances settle long before 10k samples, and on
    Animal-MNIST's 7k images those 20 batches took a third of every epoch."""
    return max(2, min(20, train_size // 2500))


def fixed_noise_grid(gan: ConditionalGAN, path: Path, seed: int = 1234, per_class: int = 10) -> None:
    """One row per class, the same noise in every column and every epoch: the training timeline."""
    g = torch.Generator().manual_seed(seed)
    z = gan.noise(per_class, generator=g).repeat(gan.num_classes, 1)
    y = torch.arange(gan.num_classes).repeat_interleave(per_class)
    gan.eval()
    with torch.no_grad():
        images = gan.generate(z, y)
    path.parent.mkdir(parents=True, exist_ok=True)
    to_pil(make_grid(images, nrow=per_class, padding=1)[0]).save(path)  # grey: one channel, half the bytes of RGB


def load_judge(dataset: str) -> Classifier | None:
    folder = weights_folder(dataset, "classifier")
    if not (folder / "model.safetensors").exists():
        print(f"no classifier in {folder}: keeping the last epoch instead of the best")
        return None
    return Classifier.from_pretrained(folder).eval()


def main(argv=None, on_epoch=None) -> None:
    args = common.parse_args("gan", argv=argv)
    run = args.run
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    gan = ConditionalGAN(dataset=args.dataset, class_names=class_names(args.dataset), **args.model_settings).to(args.device)
    G, D = gan.generator, gan.discriminator
    ema = copy.deepcopy(G).requires_grad_(False)
    g_net, d_net = run.wrap(G), run.wrap(D)  # G and D themselves at world size 1
    run.seed_model_noise(args.seed)
    opt_g = torch.optim.Adam(G.parameters(), lr=args.lr, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=2 * args.lr, betas=(0.0, 0.9))  # TTUR: D learns faster
    judge = load_judge(args.dataset) if run.is_main else None
    val_images = to_float(val.images)
    out = Path(args.out)
    steps = len(train.labels) // args.batch_size
    started, history, losses, best = time.time(), [], [], None
    for epoch in range(1, args.epochs + 1):
        g_net.train(); d_net.train()
        window = []
        bar = run.progress(run.batches(train, args.batch_size, gen), total=steps, desc=f"epoch {epoch}")
        for step, (x, y) in enumerate(bar, 1):
            z = torch.randn(len(y), gan.noise_dim, generator=gen)  # for the global batch: same stream everywhere
            real = run.part(common.augment(to_float(x), args.augment, gen)).to(args.device) * 2 - 1
            y, z = run.part(y).to(args.device), run.part(z).to(args.device)
            with common.autocast(args):
                fake = g_net(z, y)
                d_real, d_fake = d_net(real, y).float(), d_net(fake.detach(), y).float()
            loss_d = hinge_critic_loss(d_real, d_fake)
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            with common.autocast(args):
                loss_g = -D(fake, y).float().mean()  # the bare D: see the module's docstring
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()
            update_ema(ema, G, (epoch - 1) * steps + step)
            window.append((loss_d.item(), loss_g.item(), d_real.mean().item(), d_fake.mean().item()))
            if len(window) == 50 or step == steps:
                mean = run.mean([sum(v) / len(window) for v in zip(*window)])  # over processes too
                losses.append({"epoch": epoch, "step": (epoch - 1) * steps + step, "d_loss": round(mean[0], 4),
                               "g_loss": round(mean[1], 4), "d_real": round(mean[2], 4), "d_fake": round(mean[3], 4)})
                bar.set_postfix(d=f"{mean[0]:.3f}", g=f"{mean[1]:.3f}")
                window = []
        if not run.is_main:
            continue  # the per-epoch evaluation and grid: rank 0 only (the others wait in the next step)
        sampler = ConditionalGAN(**compat.hub_mixin_config(gan))
        sampler.generator.load_state_dict(ema.state_dict())
        sampler.discriminator.load_state_dict(D.state_dict())
        recompute_batchnorm_stats(sampler, batches=2 if args.dry_run else standing_batches(len(train.labels)))
        fixed_noise_grid(sampler, out / "samples" / f"epoch_{epoch:02d}.png")
        record = {"epoch": epoch, "d_loss": losses[-1]["d_loss"], "g_loss": losses[-1]["g_loss"]}
        if judge is not None:
            images, labels = gan_samples(sampler, len(val_images), seed=10_000 + epoch)
            record["val_fd"] = round(frechet_distance(judge, val_images, images), 3)
            record["val_label_fidelity"] = round(label_fidelity(judge, images, labels)[0], 4)
        history.append(record)
        if on_epoch is not None:
            on_epoch(epoch, sampler, record, out)
        run.print(f"epoch {epoch}: " + ", ".join(f"{k} {v}" for k, v in record.items() if k != "epoch"))
        if best is None or is_better(record, best[0]):
            best = (record, copy.deepcopy(sampler.state_dict()))
    run.agree(G, D, ema)  # before rank 0 loads its best checkpoint
    if run.is_main:
        gan.load_state_dict(best[1])
        (out / "losses.json").parent.mkdir(parents=True, exist_ok=True)
        (out / "losses.json").write_text(json.dumps(losses) + "\n")
    saved = common.save_model(gan, args, started, history, best_epoch=best[0]["epoch"] if run.is_main else None,
                              ema_decay=EMA_DECAY)
    common.finish(saved, args)


def is_better(record: dict, best: dict) -> bool:
    """Lowest validation FD among checkpoints with >= 90% label fidelity, else highest fidelity."""
    if "val_fd" not in record:
        return True  # no judge: the latest epoch wins
    ok, best_ok = record["val_label_fidelity"] >= 0.9, best["val_label_fidelity"] >= 0.9
    if ok != best_ok:
        return ok
    if ok:
        return record["val_fd"] < best["val_fd"]
    return record["val_label_fidelity"] > best["val_label_fidelity"]


if __name__ == "__main__":
    main()
