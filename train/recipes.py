"""Recipes: the training settings that produced each bundled model, kept as data.

`python -m train.<kind> --dataset <dataset>` with no other flag runs the recipe named
`<dataset>-<kind>` (the name of the weights folder it reproduces); any flag given overrides
that one setting, and training.json records the recipe and the overrides. A dataset or model
without its own recipe gets the model's default recipe, `<kind>`.

Each entry is copied from the `training.json` of the bundled folder it names (test:
tests/test_recipes.py checks they still agree). `python -m train.recipes` lists them.
"""
from dataclasses import asdict, dataclass, field

# the settings a recipe fixes; each is also a flag of the training scripts (--batch-size, ...)
SETTINGS = ("epochs", "batch_size", "lr", "precision", "seed", "val_size", "augment", "label_smoothing")
AUGMENTATIONS = ("none", "flip", "shift-flip")  # random horizontal flips; shift-flip: also shifts of up to 2 px


@dataclass(frozen=True)
class Recipe:
    name: str
    epochs: int
    batch_size: int  # the global batch: split over processes under torchrun
    lr: float
    precision: str = "auto"  # fp32, bf16, or auto (bf16 where the device computes it natively)
    seed: int = 0
    val_size: int | None = None  # None: the data module's default validation split
    augment: str = "none"  # one of AUGMENTATIONS, applied to every training batch
    # the classifier's cross-entropy: this share of each target spread over all classes (Szegedy et al. 2016);
    # None for the models that have no class targets to smooth
    label_smoothing: float | None = None
    # constructor arguments of the model trained, beyond its defaults (config.json records them all);
    # no flag sets them: a different model is a different recipe
    model: dict = field(default_factory=dict)
    note: str = ""

    def settings(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k in SETTINGS}


RECIPES = {r.name: r for r in [
    # defaults for a dataset that has no recipe of its own yet (what the scripts defaulted to before recipes)
    Recipe("classifier", epochs=15, batch_size=128, lr=0.1, augment="shift-flip", label_smoothing=0.1, note="default"),
    Recipe("vae", epochs=12, batch_size=128, lr=2e-3, note="default"),
    Recipe("gan", epochs=8, batch_size=64, lr=2e-4, note="default"),
    Recipe("cvae", epochs=12, batch_size=128, lr=2e-3, note="default"),
    # the bundled weights (weights/<name>/training.json)
    # label smoothing 0 was measured against it (docs/calibration.md, "Label smoothing"): NLL 0.01 lower, ECE no
    # lower; not adopted (this CNN is also the feature extractor of every Fréchet distance on the cards)
    Recipe("fashion-mnist-classifier", epochs=24, batch_size=128, lr=0.1, precision="bf16", augment="shift-flip",
           label_smoothing=0.1),
    Recipe("fashion-mnist-vae", epochs=20, batch_size=128, lr=2e-3, precision="bf16"),
    Recipe("fashion-mnist-gan", epochs=16, batch_size=64, lr=2e-4, precision="bf16"),
    # trained before --precision existed, so in fp32
    Recipe("animal-mnist-classifier", epochs=30, batch_size=128, lr=0.1, precision="fp32", augment="shift-flip",
           label_smoothing=0.1),
    Recipe("animal-mnist-vae", epochs=30, batch_size=128, lr=2e-3, precision="bf16"),
    Recipe("animal-mnist-gan", epochs=200, batch_size=64, lr=2e-4, precision="bf16"),
    # then `python -m train.select_cvae --dataset <dataset>` chooses the served prior and K on validation
    # a standard deviation per pixel, at least exp(-2) (docs/generative-classifier.md, "Which likelihood"): 88.1% on validation
    # (selection.json) against 82.2% with one sigma shared by all pixels
    Recipe("fashion-mnist-cvae", epochs=16, batch_size=128, lr=2e-3, precision="bf16",
           model={"pixel_scale": "per_pixel", "min_log_sigma": -2.0}),
    # the validation -ELBO stops improving near epoch 20 of 60 on Animal-MNIST's 7,128 training images
    # --augment flip was tried (docs/generative-classifier.md, "What the figures say"): better validation -ELBO, no clearer
    # classifier, worse samples; not adopted
    # its decoder also trained against a critic (train/lib/cvae_adversary.py, docs/generative-classifier.md "A decoder with an adversary"),
    # wider (96) with a 16-dimensional latent: validation FD 2.8x the GAN's (2,000 samples) and 90.9% fidelity
    # against 5.3x and 83.7% at width 64 with 32 dimensions, accuracy 92.1% at K=4
    Recipe("animal-mnist-cvae", epochs=30, batch_size=128, lr=2e-3, precision="bf16",
           model={"adversarial_weight": 30, "width": 96, "latent_dim": 16}),
]}


def recipe_for(dataset: str, kind: str) -> Recipe:
    """The recipe of `dataset`'s `kind` model, else the model's default recipe."""
    recipe = RECIPES.get(f"{dataset}-{kind}") or RECIPES.get(kind)
    if recipe is None:
        raise KeyError(f"no recipe for {dataset}-{kind} nor a default {kind!r} one: add one to train/recipes.py")
    return recipe


def recorded_recipe(training: dict, kind: str) -> Recipe | None:
    """The recipe a training.json was made with: the one it names; for a record from before
    recipes existed, the dataset's recipe when every recorded setting agrees with it (no
    recorded precision: trained before --precision existed, so fp32; no --val-size given; no
    recorded augment: trained before --augment existed, with the script's fixed augmentation,
    which the recipe states; likewise a classifier's label smoothing, fixed at 0.1 before
    --label-smoothing)."""
    if "recipe" in training:
        return RECIPES.get(training["recipe"])
    if "dataset" not in training or f"{training['dataset']}-{kind}" not in RECIPES:
        return None
    recipe = RECIPES[f"{training['dataset']}-{kind}"]
    recorded = {**{k: training.get(k) for k in SETTINGS}, "precision": training.get("precision", "fp32"),
                "augment": training.get("augment", recipe.augment),
                "label_smoothing": training.get("label_smoothing", recipe.label_smoothing)}
    if "--val-size" in training.get("command", ""):
        return None
    recorded["val_size"] = None
    return recipe if recorded == recipe.settings() else None


def main() -> None:
    width = {k: max(12, len(k) + 2) for k in SETTINGS}
    print(f"{'recipe':<26}" + "".join(f"{k:>{width[k]}}" for k in SETTINGS) + "  model, note")
    for r in RECIPES.values():
        model = ", ".join(f"{k}={v}" for k, v in r.model.items())
        print(f"{r.name:<26}" + "".join(f"{str(v):>{width[k]}}" for k, v in r.settings().items()) + f"  {model}  {r.note}")


if __name__ == "__main__":
    main()
