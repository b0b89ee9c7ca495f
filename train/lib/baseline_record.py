"""The baseline's record in a classifier folder (baseline.json): read by train.evaluate and
the model card, written by train.baseline. Kept apart so that reading it does not import training."""
import json
from pathlib import Path

FILE = "baseline.json"


def read(folder: Path) -> dict | None:
    """The baseline.json of a classifier folder, or None when the baseline was not run for it."""
    path = Path(folder) / FILE
    return json.loads(path.read_text()) if path.is_file() else None


def metrics_entry(folder: Path, dataset: str) -> dict:
    """What train.evaluate stores in the classifier's metrics.json next to its own accuracy."""
    record = read(folder)
    if record is None:
        return {"baseline_accuracy": None,
                "baseline": f"not measured: no {FILE} in {folder} (run python -m train.baseline --dataset {dataset})"}
    details = {k: record.get(k) for k in ("model", "command", "train_seconds", "device", "l2", "dry_run")}
    return {"baseline_accuracy": record["test_accuracy"], "baseline": details}
