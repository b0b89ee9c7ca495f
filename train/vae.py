"""Trains the VAE: python -m train.vae [--dataset animal-mnist] [--epochs 12 ...].

Settings not given come from the dataset's recipe (train/recipes.py); under torchrun it trains
with DistributedDataParallel (train/lib/distributed.py).

Loss: the negative ELBO with the model's likelihood (by default a Gaussian with a learned
shared standard deviation) and a standard-normal prior; the checkpoint with the lowest
validation negative ELBO is kept.
"""
import time

import torch

from models.networks.vae import VAE
from train.lib import common
from train.lib.data import class_names, load_split, subset, to_float, train_val_split


@torch.no_grad()
def total_negative_elbo(model: VAE, split, device, batch_size: int = 1000) -> float:
    """Summed over the split's images (divide by their number for the mean)."""
    model.eval()
    total = 0.0
    for x, _ in common.batches(split, batch_size):
        x = to_float(x).to(device)
        logits, mu, logvar = model(x)
        total += model.negative_elbo(logits, x, mu, logvar).sum().item()
    return total


def main(argv=None) -> None:
    args = common.parse_args("vae", argv=argv)
    run = args.run
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    model = VAE(dataset=args.dataset, class_names=class_names(args.dataset), **args.model_settings).to(args.device)
    net = run.wrap(model)  # the model itself at world size 1
    run.seed_model_noise(args.seed)  # posterior samples: a different stream per process
    steps = len(train.labels) // args.batch_size
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.1)
    started, history, best = time.time(), [], (float("inf"), None)
    for epoch in range(1, args.epochs + 1):
        net.train()
        bar = run.progress(run.batches(train, args.batch_size, gen), total=steps, desc=f"epoch {epoch}")
        for x, _ in bar:
            x = run.part(common.augment(to_float(x), args.augment, gen)).to(args.device)
            with common.autocast(args):
                logits, mu, logvar = net(x)
            loss = model.negative_elbo(logits.float(), x, mu.float(), logvar.float()).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.set_postfix(nelbo=f"{loss.item():.1f}")
        train_nelbo, = run.mean([loss.item()])  # the last global batch's
        total, = run.sum([total_negative_elbo(model, run.shard_of(val), args.device)])  # a shard per process
        val_nelbo = total / len(val.labels)
        history.append({"epoch": epoch, "train_nelbo": round(train_nelbo, 2), "val_nelbo": round(val_nelbo, 2)})
        run.print(f"epoch {epoch}: train -ELBO {train_nelbo:.2f}, val -ELBO {val_nelbo:.2f} nats/image")
        if val_nelbo < best[0]:
            best = (val_nelbo, {k: v.detach().clone() for k, v in model.state_dict().items()})
    run.agree(model)  # before the best epoch's weights come back
    model.load_state_dict(best[1])
    out = common.save_model(model, args, started, history, best_val_nelbo=round(best[0], 2))
    common.finish(out, args)


if __name__ == "__main__":
    main()
