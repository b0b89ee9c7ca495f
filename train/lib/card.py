"""Renders a model folder's card (README.md) from its config.json, training.json and metrics.json.

Every number in the card is read from those files at render time, so a card regenerated
after retraining or re-evaluating stays true. Metadata goes through huggingface_hub's
ModelCardData, which also writes the `model-index` block the Hub shows as eval results.
"""
import json
from pathlib import Path

from huggingface_hub import EvalResult, ModelCard, ModelCardData

from models.networks.hub import HUB_KWARGS
from models.networks.vae import LIKELIHOODS
from models.datasets import hub_tags
from models.datasets import get as dataset_facts
from models.datasets import repo_id as default_repo_id
from train.lib import baseline_record as baseline
from train.lib import calibration
from train.lib import card_text as text
from train import recipes
from train.lib.results import LABELS, format_target, format_value, load_metrics

EVAL_TASKS = {"classifier": "image-classification", "vae": "unconditional-image-generation",
              "gan": "unconditional-image-generation"}
CARD_METRICS = {
    "classifier": ["accuracy"],
    "vae": ["negative_elbo_nats", "reconstruction_nats", "kl_nats", "reconstruction_mse_per_pixel",
            "classifier_accuracy_on_reconstructions", "classifier_accuracy_on_originals",
            "fd_vae_prior_vs_test", "fd_train_vs_test"],
    "gan": ["label_fidelity", "fd_gan_vs_test", "fd_vae_prior_vs_test", "fd_train_vs_test", "fd_ratio_gan_over_vae"],
}
PER_CLASS = {"classifier": "per_class_accuracy", "gan": "per_class_label_fidelity"}


def model_kind(config: dict) -> str:
    """Which network a config.json describes, from the hyperparameters only that network has."""
    if "noise_dim" in config:
        return "gan"
    if "class_prior" in config:  # the class-conditional VAE (its own card: train/lib/cvae_card.py)
        return "cvae"
    if "latent_dim" in config:
        return "vae"
    if "feature_dim" in config:
        return "classifier"
    raise ValueError(f"config.json describes no known model (keys: {sorted(config)})")


def read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def most_confused(matrix: list[list[int]], class_names: list[str], k: int = 3) -> list[tuple[str, str, int]]:
    """The k largest off-diagonal cells: (true class, predicted class, count)."""
    cells = [(matrix[i][j], i, j) for i in range(len(matrix)) for j in range(len(matrix)) if i != j and matrix[i][j]]
    return [(class_names[i], class_names[j], n) for n, i, j in sorted(cells, reverse=True)[:k]]


def card_data(kind: str, config: dict, metrics: dict | None) -> ModelCardData:
    dataset = dataset_facts(config["dataset"])
    tags = sorted(set(hub_tags(config["dataset"])) | {"model_hub_mixin"} | set(text.TAGS[kind]))
    results = []
    for metric in CARD_METRICS[kind] if metrics else []:
        if metrics.get(metric) is not None:
            results.append(EvalResult(
                task_type=EVAL_TASKS[kind], dataset_type=dataset.hub_dataset, dataset_name=dataset.name,
                dataset_split="test", metric_type=metric, metric_name=LABELS[metric], metric_value=metrics[metric]))
    return ModelCardData(
        license=HUB_KWARGS["license"], library_name=HUB_KWARGS["library_name"], tags=tags,
        datasets=[dataset.hub_dataset], pipeline_tag=text.PIPELINE_TAGS[kind],
        model_name=f"{config['dataset']}-{kind}" if results else None, eval_results=results or None,
    )


def markdown_table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def shown_setting(key: str, value):
    """A config.json value as the card's table shows it: the top-label map by its size (its points are in config.json)."""
    if key == "top_label_map":
        return "none" if value is None else f"{len(value['confidence'])} points (see Calibration)"
    return value


def architecture(kind: str, config: dict, metrics: dict | None, training: dict) -> str:
    values = {**config, "n": len(config["class_names"]), "stages": len(config.get("widths", [])),
              "width2": 2 * config.get("width", 0), "g_width4": 4 * config.get("g_width", 0),
              "likelihood_text": LIKELIHOODS.get(config.get("likelihood", "bernoulli"), "")}
    lines = [text.ARCHITECTURE[kind].format(**values)]
    if kind == "gan" and "ema_decay" in training:
        lines.append(f"Sampling uses an exponential moving average of the generator's weights "
                     f"(decay {training['ema_decay']}, from training.json).")
    hyper = [(f"`{k}`", shown_setting(k, v)) for k, v in config.items() if k != "class_names"]
    hyper += [(LABELS[k], format_value(k, metrics[k])) for k in
              ("parameters", "generator_parameters", "discriminator_parameters") if metrics and k in metrics]
    return " ".join(lines) + "\n\n" + markdown_table(("config.json / size", "value"), hyper)


def baseline_note(config: dict, metrics: dict | None, record: dict | None) -> str:
    """The classifier's accuracy next to logistic regression on pixels (train.baseline), or why it is missing."""
    if record is None:
        return (f"No baseline measured yet: this folder has no {baseline.FILE} "
                f"(run `python -m train.baseline --dataset {config['dataset']}`).")
    accuracy = format_value("accuracy", record["test_accuracy"])
    note = (f"Baseline: {record['model']}, trained on the same images, reaches {accuracy} on the same "
            f"{record['test_images']:,} test images (`{record['command']}`, {record['train_seconds']} s to fit)")
    if metrics and metrics.get("accuracy") is not None:
        gain = 100 * (metrics["accuracy"] - record["test_accuracy"])
        note += f"; this classifier: {format_value('accuracy', metrics['accuracy'])}, {gain:+.2f} points"
    return note + (". (Dry-run baseline, for tests.)" if record.get("dry_run") else ".")


def evaluation(kind: str, config: dict, metrics: dict | None, baseline_record: dict | None = None) -> str:
    yardstick = [baseline_note(config, metrics, baseline_record)] if kind == "classifier" else []
    if not metrics or "evaluation" not in metrics:  # none yet, or only train.calibrate's figures
        return "\n\n".join(["Not evaluated yet: run `python -m train.evaluate` to measure this model on the test split.",
                            *yardstick])
    ev = metrics["evaluation"]
    parts = [f"Measured on {ev['test_images']:,} images of the {config['dataset']} test split by "
             f"`{ev['command']}`; the whole evaluation took {ev['seconds']} s on {ev['hardware']}."]
    if kind != "classifier":
        parts.append(f"Generated sets: {ev['samples']:,} images, seed {ev['seed']}; FD features from the "
                     f"classifier whose model.safetensors has SHA-256 prefix `{ev['feature_classifier_sha256']}`.")
    rows = [(LABELS[m], format_value(m, metrics[m])) for m in CARD_METRICS[kind] if m in metrics]
    out = [" ".join(parts), markdown_table(("metric", "value"), rows), *yardstick]
    targets = metrics.get("targets", [])
    if targets:
        out.append("Targets from the project's issue:\n\n" + markdown_table(
            ("target", "value", "required", "verdict"), [(t["label"], *format_target(t)) for t in targets]))
    if kind in PER_CLASS and PER_CLASS[kind] in metrics:
        key = PER_CLASS[kind]
        out.append(markdown_table(("class", LABELS[key.removeprefix("per_class_")]),
                          [(name, format_value(key, v)) for name, v in metrics[key].items()]))
    if kind == "classifier" and "confusion_matrix" in metrics:
        pairs = most_confused(metrics["confusion_matrix"], config["class_names"])
        out.append("Most frequent confusions (true → predicted): "
                   + "; ".join(f"{a} → {b} ({n})" for a, b, n in pairs) + ".")
    out += [f"![{name.removesuffix('.png').replace('_', ' ')}]({name})" for name in ev.get("figures", [])
            if name != calibration.FIGURE]  # shown in its own section
    out.append("\n".join(f"- {note}" for note in text.METRIC_NOTES[kind]))
    return "\n\n".join(out)


SERVED_ANSWER = {"classifier": ("P(Y|X) = softmax(logits / T)", "temperature"),
                 "cvae": ("p(y|x) ∝ p(x|y)^(1/T) p(y)", "serving.likelihood_temperature")}


def calibration_section(folder: Path, metrics: dict | None, kind: str) -> str:
    """The card's "Calibration" section: T, where it was fitted, ECE and NLL on test before and after,
    the reliability diagrams; from metrics.json's `calibration` and calibration.json."""
    record = (metrics or {}).get("calibration")
    if not record:
        return f"Not measured yet: run `python -m train.calibrate --dataset {folder.name.rsplit('-', 1)[0]}`."
    formula, argument = SERVED_ANSWER[kind]
    t, table = record["temperature"], record.get("top_label_map")
    parts = [f"The served answer is {formula} with T = {t} (config.json's `{argument}`; T = 1 is the answer "
             f"before calibration). Dividing every score of an image by the same T keeps their order"
             + (", so the answer never changes" if kind == "classifier" else
                f"; the prior p(y) is not divided, so a near tie can change ({record['answers_changed']} of "
                f"{record['images']:,} test answers did)") + "."]
    if table:
        where = "`top_label_map`" if kind == "classifier" else "`serving.top_label_map`"
        parts.append(f"Then a top-label map (config.json's {where}, {len(table['confidence'])} points fitted by "
                     "isotonic regression on the same validation images) reads the top class's confidence through a "
                     "monotone table and lets the other classes share the rest as before: it corrects what one T "
                     "cannot (over-confidence in one range of confidence, under-confidence in another), and the "
                     "answer it is given never changes.")
    fit = read_json(folder / "calibration.json")
    if fit:
        before, after = fit["validation"]["before"], fit["validation"]["after"]
        how = ("T and the map are fitted on {n} validation images held out from training, T by minimising the "
               "negative log-likelihood of the true class" if table else
               "T minimises the negative log-likelihood of the true class on {n} validation images held out from training")
        parts.append(how.format(n=f"{fit['fitted_on']['images']:,}") + f" (`{fit['command']}`): validation NLL "
                     f"{before['nll']} → {after['nll']}, ECE {before['ece']} → {after['ece']}.")
    command = record.get("command") or (metrics.get("evaluation") or {}).get("command", "")
    shown = {"ece": str, "nll": str, "accuracy": lambda v: format_value("accuracy", v),
             "mean_confidence": lambda v: format_value("accuracy", v)}  # fractions as percentages
    columns = ["before", "temperature_only", "after"] if table else ["before", "after"]
    rows = [(name, *(shown[key](record[c][key]) for c in columns)) for name, key in
            ((f"ECE ({record['bins']} equal-width bins of the top class's confidence)", "ece"),
             ("NLL (nats per image)", "nll"), ("Accuracy", "accuracy"), ("Mean confidence of the top class", "mean_confidence"))]
    headers = (("test split", "before (T = 1)", f"T = {t} alone", f"after (T = {t} and the map)") if table else
               ("test split", "before (T = 1)", f"after (T = {t})"))
    return "\n\n".join([" ".join(parts), f"Measured on the {record['images']:,} images of the test split by `{command}`:",
                         markdown_table(headers, rows), f"![reliability diagrams]({calibration.FIGURE})"])


def recipe_note(kind: str, training: dict) -> str:
    """Which recipe (train/recipes.py) made these weights, and the command that reruns it."""
    recipe = recipes.recorded_recipe(training, kind)
    if recipe is None:
        return "none of train/recipes.py (see the command)"
    overrides = training.get("recipe_overrides") or {}
    # with no other flag, a script runs the dataset's recipe (or the model's default one where there is none)
    note = f"`{recipe.name}` (train/recipes.py), rerun by `python -m train.{kind} --dataset {training['dataset']}`"
    if overrides:
        note += "; overridden here: " + ", ".join(f"`--{k.replace('_', '-')} {v}`" for k, v in overrides.items())
    return note


def training_section(kind: str, training: dict) -> str:
    if not training:
        return "No training.json in this folder."
    seconds = training["train_seconds"]
    rows = [("command", f"`{training['command']}`"), ("recipe", recipe_note(kind, training)),
            ("training time (wall clock)", f"{seconds} s ({seconds / 60:.1f} min)"),
            ("hardware", training.get("device", "not recorded")), ("torch", training.get("torch", "not recorded"))]
    if "cpu_seconds" in training:  # the wall clock grows when other work shares the cores; CPU time does not
        rows.append(("CPU time, all threads", f"{training['cpu_seconds']} s ({training['cpu_seconds'] / 60:.1f} min)"))
    rows += [(k, v) for k, v in training.items() if k not in ("command", "recipe", "train_seconds", "cpu_seconds",
                                                              "device", "torch", "history")
             and not isinstance(v, (list, dict))]
    out = [markdown_table(("training.json", "value"), rows)]
    if kind == "gan":
        out.append("The training timeline (a fixed-noise grid per epoch) is in `samples/epoch_XX.png`, "
                   "the loss history in `losses.json`.")
    return "\n\n".join(out)


def render_card(folder: Path, repo_id: str | None = None) -> ModelCard:
    """The card for `folder`; `repo_id` goes into the loading snippet (default: the repo the app loads)."""
    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text())
    kind = model_kind(config)
    metrics, training = load_metrics(folder), read_json(folder / "training.json")
    dataset = dataset_facts(config["dataset"])
    repo = repo_id or default_repo_id(config["dataset"], kind)
    load = "\n".join(text.LOAD[kind]).format(repo=repo)
    warning = ("> **Dry-run weights:** trained for a few batches only, for tests. Not a usable model.\n\n"
               if training.get("dry_run") else "")
    limitations = text.LIMITATIONS[kind] + text.COMMON_LIMITATIONS
    calibration_text = (f"## Calibration\n\n{calibration_section(folder, metrics, kind)}\n\n"
                        if kind == "classifier" else "")
    body = f"""# {dataset.name} {text.TITLES[kind]}

{warning}{text.SUMMARY[kind].format(**{**config, 'n': len(config['class_names']), 'dataset': dataset.name})}

## Intended use

{text.INTENDED_USE[kind]}

## Dataset

{dataset.about}: {', '.join(config['class_names'])}. The test split is used only for the evaluation below.

## Architecture

{architecture(kind, config, metrics, training)}

## Evaluation

{evaluation(kind, config, metrics, baseline.read(folder) if kind == "classifier" else None)}

{calibration_text}## How to use

The model code lives in the project repository (`models/`); with it on the Python path:

```python
{load}
```

In the project repository the bundled copy loads the same way from the folder `weights/{config['dataset']}-{kind}`.

## Training

{training_section(kind, training)}

## Limitations

{chr(10).join(f'- {item}' for item in limitations)}
"""
    return ModelCard(f"---\n{card_data(kind, config, metrics).to_yaml()}\n---\n\n{body}")


def write_card(folder: Path, repo_id: str | None = None) -> Path:
    path = Path(folder) / "README.md"
    render_card(folder, repo_id).save(path)
    return path
