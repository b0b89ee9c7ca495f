"""Trains the CNN classifier: python -m train.classifier [--epochs 15 ...]."""
import time

import torch
import torch.nn.functional as F
from tqdm import tqdm

from models.networks.classifier import Classifier
from train import common
from train.data import class_names, load_split, subset, to_float, train_val_split


@torch.no_grad()
def accuracy(model: Classifier, split, device, batch_size: int = 1000) -> float:
    model.eval()
    correct = 0
    for x, y in common.batches(split, batch_size):
        correct += (model(to_float(x).to(device)).argmax(1).cpu() == y).sum().item()
    return correct / len(split.labels)


def main(argv=None) -> None:
    args = common.parse_args("classifier", epochs=15, batch_size=128, lr=0.1, argv=argv)
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    pixels = to_float(train.images)
    model = Classifier(dataset=args.dataset, class_names=class_names(args.dataset),
                       mean=round(pixels.mean().item(), 4), std=round(pixels.std().item(), 4))
    model = model.to(args.device, memory_format=torch.channels_last)
    steps = len(train.labels) // args.batch_size
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.2)
    started, history, best = time.time(), [], (-1.0, None)
    for epoch in range(1, args.epochs + 1):
        model.train()
        bar = tqdm(common.batches(train, args.batch_size, generator=gen), total=steps, desc=f"epoch {epoch}")
        for x, y in bar:
            x = common.random_shift_flip(to_float(x), gen).to(args.device, memory_format=torch.channels_last)
            with common.autocast(args):
                logits = model(x)
            loss = F.cross_entropy(logits.float(), y.to(args.device), label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.set_postfix(loss=f"{loss.item():.3f}")
        val_acc = accuracy(model, val, args.device)
        history.append({"epoch": epoch, "train_loss": round(loss.item(), 4), "val_accuracy": round(val_acc, 4)})
        print(f"epoch {epoch}: train loss {loss.item():.4f}, val accuracy {val_acc:.4f}")
        if val_acc > best[0]:
            best = (val_acc, {k: v.detach().clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[1])
    out = common.save_model(model.to(memory_format=torch.contiguous_format), args, started, history,
                            best_val_accuracy=round(best[0], 4))
    common.finish(out, args)


if __name__ == "__main__":
    main()
