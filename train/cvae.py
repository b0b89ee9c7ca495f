"""Trains the class-conditional VAE: python -m train.cvae [--dataset animal-mnist --epochs 25 ...].

Loss: the negative ELBO of p(x|y): reconstruction under a Gaussian with one learned standard
deviation, plus KL(q(z|x,y) || p(z|y)) to the class's learned prior; one-cycle learning rate.
With `adversarial_weight` above 0 (a recipe's model setting) a critic also trains the decoder
to draw sharp images (train/lib/cvae_adversary.py); with `adversarial_prior="fitted"` the prior is
refitted every epoch, so the critic sees draws like the served ones.
The last epoch is kept (the one-cycle schedule ends at its lowest rate); the validation
negative ELBO of every epoch is recorded in training.json. Finally each class's prior is also
fitted, as a mixture of `fitted_components` full-covariance Gaussians, to the codes of its
training images; the model is saved serving the prior its settings name, and train.select_cvae
chooses between the learned and fitted priors (and the mixture's size) on the validation split.
"""
import time

import torch
from tqdm import tqdm

from models.networks.cvae import ConditionalVAE
from train.lib import common
from train.lib import gaussian_mixture
from train.lib.cvae_adversary import DecoderAdversary
from train.lib.data import class_names, load_split, subset, to_float, train_val_split


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


def fit_prior(model: ConditionalVAE, train, device, seed: int,
              codes: tuple[torch.Tensor, torch.Tensor] | None = None) -> list[float]:
    """Fits each class's mixture (model.fitted_components Gaussians) to the codes of its training
    images (model.fitting_codes; `codes`: (points, classes) when the caller already has them from
    the same encoder and draws); returns the mean log-likelihoods (nats per code)."""
    model.eval()
    generator, fits, d = torch.Generator().manual_seed(seed), [], model.latent_dim
    if codes is None:
        codes = model.fitting_codes(to_float(train.images).to(device), train.labels.to(device), generator)
    points_all, labels = codes[0].cpu(), codes[1].cpu()
    for c in range(model.num_classes):
        points = points_all[labels == c]
        # a full covariance needs more than D points per component (only a --dry-run's subset has fewer)
        fitted = max(1, min(model.fitted_components, len(points) // (d + 1)))
        mixture, mean_ll = gaussian_mixture.fit(points, fitted, generator)
        unused = model.fitted_components - fitted   # weight zero: never drawn, adds nothing to p(z|y)
        model.set_fitted(c, torch.cat([mixture.log_weights, torch.full((unused,), -float("inf"))]),
                            torch.cat([mixture.means, torch.zeros(unused, d)]),
                            torch.cat([mixture.trils, torch.eye(d).repeat(unused, 1, 1)]))
        fits.append(round(mean_ll, 3))
    return fits


def main(argv=None) -> None:
    args = common.parse_args("cvae", argv=argv)
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    names = class_names(args.dataset)
    model = ConditionalVAE.from_settings(dataset=args.dataset, class_names=names,
                                         class_prior=class_shares(train.labels, len(names)), **args.model_settings).to(args.device)
    steps = len(train.labels) // args.batch_size
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.1)
    adversary = DecoderAdversary(model, args.device) if model.trained_with.adversarial_weight > 0 else None
    started, history = time.time(), []
    for epoch in range(1, args.epochs + 1):
        if adversary and model.trained_with.adversarial_prior == "fitted":
            fit_prior(model, train, args.device, args.seed + epoch)  # the prior the critic's draws come from
        model.train()
        bar = tqdm(common.batches(train, args.batch_size, generator=gen), total=steps, desc=f"epoch {epoch}")
        for x, y in bar:
            x, y = common.augment(to_float(x), args.augment, gen).to(args.device), y.to(args.device)
            with common.autocast(args):
                logits, mu, logvar = model(x, y)
            loss = model.negative_elbo(logits.float(), x, mu.float(), logvar.float(), y).mean()
            total = loss
            if adversary:
                with common.autocast(args):
                    fakes = adversary.fakes(mu, logvar, y)
                    total = loss + model.trained_with.adversarial_weight * adversary.decoder_loss(fakes, y)
            opt.zero_grad(set_to_none=True)
            total.backward()
            opt.step()
            sched.step()
            if adversary:
                with common.autocast(args):
                    critic_loss = adversary.critic_step(x, fakes, y)
            bar.set_postfix(nelbo=f"{loss.item():.1f}", **({"critic": f"{critic_loss:.2f}"} if adversary else {}))
        val_nelbo = mean_negative_elbo(model, val, args.device)
        history.append({"epoch": epoch, "train_nelbo": round(loss.item(), 2), "val_nelbo": round(val_nelbo, 2),
                        "sigma": round(model.log_sigmas(logits.float()).exp().mean().item(), 5)})
        print(f"epoch {epoch}: train -ELBO {loss.item():.2f}, val -ELBO {val_nelbo:.2f} nats/image")
    model.eval()
    fits = fit_prior(model, train, args.device, args.seed)
    out = common.save_model(model, args, started, history, final_val_nelbo=history[-1]["val_nelbo"],
                            fitted_prior_nats_per_code=fits)
    common.finish(out, args)


if __name__ == "__main__":
    main()
