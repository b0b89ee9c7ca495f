"""How hard each level of the real-or-fake game is: the trained D's accuracy on 50 rounds per strength and dataset.

    python -m benchmarks.real_or_fake [--dataset fashion-mnist] [--rounds 50]

Plays the rounds of seeds 0..rounds-1 exactly as the Space serves them (models.operations.game)
and scores the trained discriminator on them, as the answer endpoint does (D given the class
the classifier sees). Beside it, for the note: D given the class each image truly has (a real
image's label, the class a fake was asked for), which D can use but the learner never sees;
the classifier's agreement with the asked class on the fakes (label fidelity); and D's mean
P(real) on real and on fake images. Writes each dataset's figures next to its GAN weights
(<gan folder>/real_or_fake_record.json), where the tab reads them; tests/test_real_or_fake.py
replays rounds of the record and checks they still match the bundled models.
"""
from __future__ import annotations

import argparse
import json
import time
import torch

from benchmarks.machine import describe, load_average
from models.datasets import DATASETS
from models.loading import artefacts
from models.loading.loader import load_family
from models.operations.game import real_or_fake as game

@torch.inference_mode()
def beside(fam, strength: str, rounds: int) -> dict:
    """The note's other figures over the same rounds."""
    own_right, fidelity, fakes, p_real_real, p_real_fake = 0, 0, 0, [], []
    for seed in range(rounds):
        played = game.make_round(fam, seed, strength)
        x = played.images.float() / 255.0
        probs, p_real = game.judge(fam, played.images)
        p_own = torch.sigmoid(fam.gan.discriminate(x, played.classes))
        own_right += int((game.says_real(p_own) == played.real).sum())
        fake = ~played.real
        fakes += int(fake.sum())
        fidelity += int((probs.argmax(1)[fake] == played.classes[fake]).sum())
        p_real_real += p_real[played.real].tolist()
        p_real_fake += p_real[fake].tolist()
    mean = lambda v: round(sum(v) / max(len(v), 1), 4)
    return {"d_accuracy_given_true_class": round(own_right / (rounds * game.ROUND_SIZE), 4),
            "fake_label_fidelity": round(fidelity / max(fakes, 1), 4),
            "mean_p_real_of_real": mean(p_real_real), "mean_p_real_of_fake": mean(p_real_fake)}


def measure(fam, rounds: int) -> dict:
    """Every strength's record over rounds 0..rounds-1 for one dataset."""
    epochs, results = game.strength_epochs(fam), {}
    for strength in game.STRENGTHS:
        started = time.perf_counter()
        record = game.d_record(fam, strength, rounds)
        record.update(beside(fam, strength, rounds), generator_epoch=epochs[strength],
                      training_epochs=game.training_epochs(fam), seconds=round(time.perf_counter() - started, 2))
        results[strength] = record
        print(f"{fam.dataset:14} {strength:8} epoch {epochs[strength]:>3}: D right on {record['d_accuracy']:.1%} "
              f"(real called real {record['real_called_real']:.1%}, fakes caught {record['fake_called_fake']:.1%}; "
              f"all 8 right in {record['rounds_d_all_right']}/{rounds} rounds, worst round {record['worst_round']}/8); "
              f"given the true class {record['d_accuracy_given_true_class']:.1%}; "
              f"fakes' label fidelity {record['fake_label_fidelity']:.1%}; "
              f"mean P(real) real {record['mean_p_real_of_real']:.2f} / fake {record['mean_p_real_of_fake']:.2f}; "
              f"{record['seconds']} s", flush=True)
    return results


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.real_or_fake", description=__doc__.splitlines()[0])
    p.add_argument("--dataset", choices=DATASETS, action="append", help="default: every dataset")
    p.add_argument("--rounds", type=int, default=50)
    args = p.parse_args(argv)
    torch.set_num_threads(1)  # as the Space serves
    for dataset in args.dataset or DATASETS:
        fam = load_family(dataset)
        load_before = load_average()
        strengths = measure(fam, args.rounds)
        out = artefacts.folders(fam, "gan")[0] / game.RECORD_FILE
        record = {"command": f"python -m benchmarks.real_or_fake --dataset {dataset} --rounds {args.rounds}",
                  "rounds": args.rounds, "threshold": game.P_REAL_THRESHOLD,
                  "d_is_given": "the class the classifier sees in the image", "machine": describe(),
                  "load_average": {"before": load_before, "after": load_average()}, "strengths": strengths}
        out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
