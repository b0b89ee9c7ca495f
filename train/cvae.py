"""Trains the class-conditional VAE: python -m train.cvae [--dataset animal-mnist --epochs 25 ...].

Loss: the negative ELBO of p(x|y): reconstruction under a Gaussian with one learned standard
deviation, plus KL(q(z|x,y) || p(z|y)) to the class's learned prior; one-cycle learning rate.
The last epoch is kept (the one-cycle schedule ends at its lowest rate); the validation
negative ELBO of every epoch is recorded in training.json. Finally a full-covariance Gaussian per
class is fitted to the training images' posterior means, for the "aggregate" sampler.
"""
import time

import torch
from tqdm import tqdm

from models.networks.cvae import ConditionalVAE
from train import common
from train.data import class_names, load_split, subset, to_float, train_val_split

SAMPLER = "prior"  # how /sample_vae draws latents; chosen on the validation split (see the model card)


def class_shares(labels: torch.Tensor, num_classes: int) -> list[float]:
    """p(y) of the training split: the prior Bayes' rule uses."""
    counts = torch.bincount(labels, minlength=num_classes).float()
    return [round(float(c), 6) for c in counts / counts.sum()]


@torch.no_grad()
def mean_negative_elbo(model: ConditionalVAE, split, device, batch_size: int = 1000) -> float:
    model.eval()
    total = 0.0
    for x, y in common.batches(split, batch_size):
        x, y = to_float(x).to(device), y.to(device)
        logits, mu, logvar = model(x, y)
        total += model.negative_elbo(logits, x, mu, logvar, y).sum().item()
    return total / len(split.labels)


def main(argv=None) -> None:
    args = common.parse_args("cvae", argv=argv)
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    names = class_names(args.dataset)
    model = ConditionalVAE(dataset=args.dataset, class_names=names, sampler=SAMPLER,
                           class_prior=class_shares(train.labels, len(names))).to(args.device)
    steps = len(train.labels) // args.batch_size
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.1)
    started, history = time.time(), []
    for epoch in range(1, args.epochs + 1):
        model.train()
        bar = tqdm(common.batches(train, args.batch_size, generator=gen), total=steps, desc=f"epoch {epoch}")
        for x, y in bar:
            x, y = to_float(x).to(args.device), y.to(args.device)
            with common.autocast(args):
                logits, mu, logvar = model(x, y)
            loss = model.negative_elbo(logits.float(), x, mu.float(), logvar.float(), y).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.set_postfix(nelbo=f"{loss.item():.1f}")
        val_nelbo = mean_negative_elbo(model, val, args.device)
        history.append({"epoch": epoch, "train_nelbo": round(loss.item(), 2), "val_nelbo": round(val_nelbo, 2),
                        "sigma": round(model.log_sigma.exp().item(), 5)})
        print(f"epoch {epoch}: train -ELBO {loss.item():.2f}, val -ELBO {val_nelbo:.2f} nats/image")
    model.eval()
    model.fit_aggregate(to_float(train.images).to(args.device), train.labels.to(args.device))
    out = common.save_model(model, args, started, history, final_val_nelbo=history[-1]["val_nelbo"])
    common.finish(out, args)


if __name__ == "__main__":
    main()
