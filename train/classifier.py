"""Trains the CNN classifier: python -m train.classifier [--dataset animal-mnist] [--epochs 15 ...].

Settings not given come from the dataset's recipe (train/recipes.py). Under torchrun it trains
with DistributedDataParallel (train/lib/distributed.py); the validation split is scored in shards.
"""
import time

import torch
import torch.nn.functional as F

from models.networks.classifier import Classifier
from train.lib import common
from train.lib.data import class_names, load_split, subset, to_float, train_val_split


@torch.no_grad()
def correct_count(model: Classifier, split, device, batch_size: int = 1000) -> int:
    model.eval()
    correct = 0
    for x, y in common.batches(split, batch_size):
        correct += (model(to_float(x).to(device)).argmax(1).cpu() == y).sum().item()
    return correct


def main(argv=None) -> None:
    args = common.parse_args("classifier", argv=argv)
    run = args.run
    gen = common.seed_everything(args.seed)
    train, val = train_val_split(load_split(args.dataset, "train"), args.val_size, seed=args.seed)
    if args.dry_run:
        train = subset(train, 4 * args.batch_size)
    pixels = to_float(train.images)
    model = Classifier(dataset=args.dataset, class_names=class_names(args.dataset),
                       mean=round(pixels.mean().item(), 4), std=round(pixels.std().item(), 4),
                       **args.model_settings)
    model = model.to(args.device, memory_format=torch.channels_last)
    net = run.wrap(model)  # the model itself at world size 1
    run.seed_model_noise(args.seed)  # dropout: a different mask stream per process
    steps = len(train.labels) // args.batch_size
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.2)
    started, history, best = time.time(), [], (-1.0, None)
    for epoch in range(1, args.epochs + 1):
        net.train()
        bar = run.progress(run.batches(train, args.batch_size, gen), total=steps, desc=f"epoch {epoch}")
        for x, y in bar:
            x = common.augment(to_float(x), args.augment, gen)  # drawn for the global batch: same stream everywhere
            x, y = run.part(x).to(args.device, memory_format=torch.channels_last), run.part(y).to(args.device)
            with common.autocast(args):
                logits = net(x)
            loss = F.cross_entropy(logits.float(), y, label_smoothing=args.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.set_postfix(loss=f"{loss.item():.3f}")
        train_loss, = run.mean([loss.item()])  # the last global batch's loss
        run.sync_buffers(model)
        correct, = run.sum([correct_count(model, run.shard_of(val), args.device)])  # each process scores a shard
        val_acc = int(correct) / len(val.labels)
        history.append({"epoch": epoch, "train_loss": round(train_loss, 4), "val_accuracy": round(val_acc, 4)})
        run.print(f"epoch {epoch}: train loss {train_loss:.4f}, val accuracy {val_acc:.4f}")
        if val_acc > best[0]:
            best = (val_acc, {k: v.detach().clone() for k, v in model.state_dict().items()})
    run.agree(model)  # before the best epoch's weights come back
    model.load_state_dict(best[1])
    out = common.save_model(model.to(memory_format=torch.contiguous_format), args, started, history,
                            best_val_accuracy=round(best[0], 4))
    common.finish(out, args)


if __name__ == "__main__":
    main()
