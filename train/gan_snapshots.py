"""Trains the GAN exactly as train.gan does and keeps the generator of chosen epochs:
python -m train.gan_snapshots --snapshot-epochs 1,2 [--snapshot-dir DIR] <any train.gan flags>.

The kept generators are the real-or-fake game's early ones (models/operations/gan/snapshots.py):
the averaged generator with its standing batch-norm statistics that drew that epoch's sample
grid, written to `--snapshot-dir` (default: <out>/snapshots) with this command and the epoch's
validation scores. Every other flag goes to train.gan unchanged, so a run stopped at a middle
epoch (`--epochs 2`) retraces the recipe's first epochs; its model folder (--out) is a by-product.
"""
import argparse
import shlex
import sys
from pathlib import Path

from models.operations.gan import snapshots
from train import gan


def epoch_list(text: str) -> list[int]:
    """Epochs separated by commas, each at least 1."""
    try:
        chosen = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"epochs separated by commas, e.g. 1,4; got {text!r}") from None
    if not chosen or chosen[0] < 1:
        raise argparse.ArgumentTypeError(f"epochs start at 1; got {text!r}")
    return chosen


def main(argv=None) -> list[Path]:
    argv = sys.argv[1:] if argv is None else list(argv)
    p = argparse.ArgumentParser(prog="python -m train.gan_snapshots", description=__doc__.splitlines()[0],
                                epilog="Any other flag is train.gan's (python -m train.gan --help).")
    p.add_argument("--snapshot-epochs", type=epoch_list, required=True, metavar="1,2",
                   help="the epochs whose generator is kept")
    p.add_argument("--snapshot-dir", type=Path, default=None, help="where they go (default: <out>/snapshots)")
    args, rest = p.parse_known_args(argv)
    command = "python -m train.gan_snapshots " + " ".join(shlex.quote(a) for a in argv)
    kept = []

    def keep(epoch, sampler, record, out) -> None:
        if epoch in args.snapshot_epochs:
            kept.append(snapshots.save(sampler, args.snapshot_dir or Path(out) / snapshots.FOLDER, epoch, record, command))
            print(f"kept the generator of epoch {epoch}: {kept[-1]}", flush=True)

    gan.main(rest, on_epoch=keep)
    missing = sorted(set(args.snapshot_epochs) - {int(snapshots.SNAPSHOT_FILE.search(k.name).group(1)) for k in kept})
    if missing:
        raise SystemExit(f"no snapshot of epoch(s) {missing}: the run had fewer epochs (--epochs)")
    return kept


if __name__ == "__main__":
    main()
