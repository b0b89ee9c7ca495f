"""The class-conditional VAE's card (README.md), rendered from config.json, training.json and metrics.json.

Every number is read from those files, so a card rebuilt after retraining or re-evaluating stays true.
"""
from pathlib import Path

from huggingface_hub import ModelCard

from models.datasets import get as dataset_facts
from models.datasets import repo_id as default_repo_id
from models.networks import cvae_settings
from models.networks.cvae import likelihood_text
from train.lib.cvae_adversary import adversary_text
from train.lib.card import calibration_section, card_data, markdown_table, read_json, recipe_note, shown_setting


def _pct(v) -> str:
    return f"{100 * v:.2f}%"


def scoring(m: dict) -> str:
    """How the app scores log p(x|y): K for the likeliest R classes after a one-draw screening."""
    k, r = m["app_k"], m.get("refined_classes")
    if r is None or r >= len(m["per_class_label_fidelity"]):
        how = f"K={k} for every class"
    else:
        how = f"one draw per class, then K={k} for the {r} likeliest: {m['decodes_per_image']} decoder passes"
    precision = m.get("scoring_precision")  # absent from records made before scoring ran in bf16
    return how + (f", decoder in {precision}" if precision else "")


def evaluation(m: dict) -> str:
    if not m or "evaluation" not in m:  # none yet, or only train.calibrate's figures
        return "Not evaluated yet: run `python -m train.evaluate_cvae --dataset <dataset>`."
    ev, ak = m["evaluation"], m["accuracy_against_k"]
    rows = [
        (f"Generative classifier accuracy as the app scores it ({scoring(m)}; {ev['test_images']:,} test images"
         + (f", the first {ev['limit']:,} of the split" if ev.get("limit") else ", all of them") + ")",
         _pct(m["generative_accuracy"])),
        ("Seconds per image as the app scores it (one upload)", m.get("seconds_per_image")),
        ("The CNN classifier's accuracy on the same images", _pct(m["classifier_accuracy"])),
        (f"FD, conditional samples vs test (served prior `{m['latent_prior']}`, noise scale {m['sample_noise_scale']})",
         m["fd_cvae_vs_test"]),
        *[(f"FD with the other prior, `{k.split('_')[2]}`, not served", v) for k, v in m.items()
          if k.startswith("fd_cvae_") and k.endswith("_prior_vs_test")],
        ("FD, GAN samples vs test (same run, same count and seed)", m["fd_gan_vs_test"]),
        ("cVAE FD / GAN FD", m["fd_ratio_cvae_over_gan"]),
        ("Label fidelity of the conditional samples (the CNN recognises the requested class)",
         _pct(m["label_fidelity"])),
        ("Parameters", f"{m['parameters']:,}"),
    ]
    by_k = markdown_table(("K", "accuracy", "seconds per image (one upload)"),
                  [(k, _pct(a), ak["seconds_per_image"][k]) for k, a in ak["by_k"].items()])
    ood = markdown_table(("own test images vs", "AUROC of log p(x)"), list(m["ood_auroc"].items()))
    fidelity = markdown_table(("class", "label fidelity"), [(n, _pct(v)) for n, v in m["per_class_label_fidelity"].items()])
    return f"""Measured by `{ev['command']}` in {ev['seconds']} s on {ev['hardware']} (load average at the end
{ev.get('load_average')}: the machine was shared, so times are slower than on an idle one).
Samples: {ev['samples']:,} per set, class-balanced, seed {ev['seed']}; FD in the features of the classifier whose
model.safetensors has SHA-256 prefix `{ev['feature_classifier_sha256']}` (not comparable with published FIDs).

{markdown_table(("metric", "value"), rows)}

Accuracy against K (posterior samples for every class) on a seeded random {ak['test_images']:,} test images:

{by_k}

Does log p(x) tell this dataset's images from others? ({m['ood_images']:,} own test images; AUROC 1 = always,
0.5 = chance, below 0.5 = the outside images look *more* likely, the known failure of deep generative models):

{ood}

{fidelity}

![samples](samples.png)"""


def selection_note(folder: Path) -> str:
    """One line on the validation choice, from selection.json."""
    sel = read_json(folder / "selection.json")
    if not sel:
        return "not run for this folder: the model serves what training saved"
    rows = [f"{name}: {100 * row['accuracy_by_k'][str(max(map(int, row['accuracy_by_k'])))]:.1f}%"
            for name, row in sel["candidates"].items()]
    chosen = sel["chosen"]
    served = ("" if "decodes_per_image" not in chosen else
              f"; served scoring: K={chosen['importance_samples']}, R={chosen['refined_classes'] or 'all'}, "
              f"{chosen['decodes_per_image']} decoder passes per image, {100 * chosen['accuracy']:.1f}%")
    return (f"validation accuracy of each candidate on {sel['k_images']:,} validation images, "
            + "; ".join(rows) + served + "; every figure in selection.json")


def config_rows(config: dict) -> list[tuple[str, object]]:
    """config.json as table rows, a group's settings as `group.setting` (the class names are listed above)."""
    rows = []
    for key, value in config.items():
        if key in cvae_settings.GROUPS:
            rows += [(f"`{key}.{name}`", shown_setting(name, v)) for name, v in (value or {}).items()]
        elif key != "class_names":
            rows.append((f"`{key}`", value))
    return rows


def render(folder: Path, repo_id: str | None = None) -> ModelCard:
    folder = Path(folder)
    stored, training, metrics = (read_json(folder / f) for f in ("config.json", "training.json", "metrics.json"))
    config = cvae_settings.flatten(stored)  # the text names each setting; the table shows its group
    dataset = dataset_facts(config["dataset"])
    repo = repo_id or default_repo_id(config["dataset"], "cvae")
    data = card_data("cvae", config, None)  # the tags every card shares, from train/lib/card.py
    hyper = markdown_table(("config.json", "value"), config_rows(stored))
    train_rows = [(k, f"`{v}`" if k == "command" else v) for k, v in training.items()
                  if not isinstance(v, (list, dict))]
    if training:
        train_rows.insert(1, ("recipe", recipe_note("cvae", training)))
    body = f"""# {dataset.name} class-conditional VAE

A variational autoencoder in which the encoder q(z|x,y), the prior p(z|y) and the decoder p(x|z,y) all
depend on the class y. It does two jobs: it **generates** an image of a chosen class (draw z from p(z|y),
decode it as y), and it **classifies by Bayes' rule**, P(y|x) ∝ p(x|y) p(y), with log p(x|y) estimated by
an importance-weighted bound with K posterior samples per class (drawn in antithetic pairs, z = μ ± σε) and p(y)
the training split's class shares.

## Intended use

Teaching: the generative answer to "which class?" beside the discriminative CNN's P(Y|X), in the
project's Space (Classify tab, `/classify_generative`), and class-conditional samples (`/sample_vae`
with a `label`). Not a production classifier: the CNN is more accurate and faster.

## Dataset

{dataset.about}: {', '.join(config['class_names'])}. Trained on the training split less a seeded validation
set; the test split is used only for the evaluation below.

## Architecture

Encoder: a convolutional trunk (28→14→7, width {config['width']}) on the image alone, then a linear head to the
mean and log-variance of a {config['latent_dim']}-dimensional Gaussian plus a learned per-class offset, so the
trunk runs once per image for all classes. Prior p(z|y): a learned diagonal Gaussian per class. Decoder: the
latent and a class embedding to 7×7, then transposed convolutions to 28×28 with a per-class channel shift at
14×14 and 28×28. {likelihood_text(config.get('pixel_scale', 'shared'), config['min_log_sigma'])}.{adversary_text(config.get('adversarial_weight', 0), config.get('adversarial_prior', 'learned'))}

The served prior (`serving.latent_prior` in config.json, here `{config.get('latent_prior')}`): `learned` is the diagonal
Gaussian per class that training learned; `fitted` is a mixture of `fitted_components` (here
{config.get('fitted_components')}) full-covariance Gaussians per class, fitted after training to the codes of the training
images ({codes_text(config.get('fitted_draws', 0))}): a two-stage model (ex-post density estimation, Ghosh et al. 2020) whose prior
sits where the codes really are, instead of spreading over regions that decode to nothing. The same p(z|y)
serves both jobs: samples are drawn from it, and log p(x|y) is scored with it. Which prior, how many
components, K (`serving.importance_samples`, here {config.get('importance_samples')}) and how many of the likeliest classes get
all K draws after a one-draw screening of every class (`serving.refined_classes`, here {config.get('refined_classes') or 'all'};
the others keep a one-draw bound, which on average understates them) were chosen on the validation split by
`python -m train.select_cvae` ({selection_note(folder)}).

{hyper}

## Evaluation

{evaluation(metrics)}

## Calibration

{calibration_section(folder, metrics, "cvae")}

## How to use

```python
from models.networks.cvae import ConditionalVAE
from models.operations.classify.generative_classifier import log_likelihoods, posterior_over_classes

cvae = ConditionalVAE.from_pretrained("{repo}").eval()   # or the folder weights/{config['dataset']}-cvae
log_px_y = log_likelihoods(cvae, images)       # images: (B, 1, 28, 28) in [0, 1]; the card's K and R
probs = posterior_over_classes(cvae, log_px_y)  # P(y|x), tempered Bayes' rule with the training p(y)
samples = cvae.sample(torch.full((16,), 3))     # 16 images of class 3
```

## Training

{markdown_table(("training.json", "value"), train_rows) if training else "No training.json in this folder."}

## Limitations

- Small latent space and a Gaussian likelihood with one shared standard deviation: samples are smoother
  than real images.
- log p(x|y) is a lower bound (importance-weighted); with few samples it is noisy, see accuracy against K.
- A high log p(x) does not mean an image resembles the training data: see the AUROC table above.
"""
    return ModelCard(f"---\n{data.to_yaml()}\n---\n\n{body}")


def codes_text(draws: int) -> str:
    """What the fitted mixture was fitted to (config.json's `trained_with.fitted_draws`)."""
    if not draws:
        return "`trained_with.fitted_draws` 0: their posterior means"
    return (f"`trained_with.fitted_draws` {draws}: {draws} draws from each image's posterior q(z|x,y), a sample of the aggregate "
            "posterior, which keeps the spread that the posterior means lack")


def write_card(folder: Path, repo_id: str | None = None) -> Path:
    path = Path(folder) / "README.md"
    render(folder, repo_id).save(path)
    return path
