"""The cVAE's settings that are not its architecture: how it is served, and how it was trained.

config.json keeps three kinds of argument apart:
- the architecture (top level): what the weights' shapes and the forward pass depend on;
- `serving`: choices made after training, on the validation split, that change the app's answers
  (which prior p(z|y) is served, K and R of the generative classifier, the temperature T);
- `trained_with`: how the weights were made (nothing at inference reads them; kept so the
  config says how the model came about, and for the selection script that refits the prior).

`nest` turns flat settings (a recipe's model settings, or a config.json written before the split)
into the constructor's form; `flatten` is its inverse, for readers that want one level.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from models.networks import top_label_map as top_map

LATENT_PRIORS = ("learned", "fitted")


@dataclass(frozen=True)
class Serving:
    latent_prior: str = "learned"       # the served p(z|y): the learned Gaussian, or the fitted mixture
    importance_samples: int = 8         # K of the generative classifier
    refined_classes: int | None = None  # how many of the likeliest classes get all K draws (None: all)
    likelihood_temperature: float = 1.0  # T of p(y|x) ∝ p(x|y)^(1/T) p(y)
    top_label_map: dict | None = None   # then the top class's confidence through this table (models/networks/top_label_map.py)

    def __post_init__(self):
        if self.latent_prior not in LATENT_PRIORS:
            raise ValueError(f"latent_prior must be one of {', '.join(LATENT_PRIORS)}, not {self.latent_prior!r}")
        if self.importance_samples < 1:
            raise ValueError("importance_samples must be at least 1")
        if self.refined_classes is not None and self.refined_classes < 1:
            raise ValueError("refined_classes must be at least 1 (or None: every class)")
        if not self.likelihood_temperature > 0:
            raise ValueError(f"likelihood_temperature must be positive, not {self.likelihood_temperature!r}")
        object.__setattr__(self, "top_label_map", top_map.checked(self.top_label_map))  # frozen: set once, checked


@dataclass(frozen=True)
class TrainedWith:
    fitted_draws: int = 0               # codes per training image the fitted mixture was fitted to (0: means)
    adversarial_weight: float = 0.0     # how strongly a critic shaped the decoder (0: the ELBO alone)
    adversarial_prior: str = "learned"  # which p(z|y) the critic's prior draws came from

    def __post_init__(self):
        if self.fitted_draws < 0:
            raise ValueError("fitted_draws must be 0 (posterior means) or a number of posterior draws per image")
        if self.adversarial_weight < 0:
            raise ValueError("adversarial_weight must be 0 (the ELBO alone) or positive")
        if self.adversarial_prior not in LATENT_PRIORS:
            raise ValueError(f"adversarial_prior must be one of {', '.join(LATENT_PRIORS)}, not {self.adversarial_prior!r}")


GROUPS = {"serving": Serving, "trained_with": TrainedWith}
GROUP_OF = {f.name: group for group, cls in GROUPS.items() for f in fields(cls)}


def build(group: str, values: dict | None):
    """The settings object of `group` from config.json's dict (None: the defaults); unknown keys refused."""
    cls = GROUPS[group]
    values = dict(values or {})
    unknown = set(values) - {f.name for f in fields(cls)}
    if unknown:
        raise ValueError(f"{group} has no setting {', '.join(sorted(unknown))}; "
                         f"it has {', '.join(f.name for f in fields(cls))}")
    return cls(**values)


def nest(flat: dict) -> dict:
    """Constructor arguments from settings given on one level: each serving or training setting goes
    into its group (a group already nested is merged, the flat value winning); the rest stays on top."""
    nested = {key: value for key, value in flat.items() if key not in GROUP_OF and key not in GROUPS}
    for group in GROUPS:
        merged = dict(flat.get(group) or {})
        merged.update({key: value for key, value in flat.items() if GROUP_OF.get(key) == group})
        if merged or group in flat:
            nested[group] = merged
    return nested


def flatten(config: dict) -> dict:
    """config.json's arguments on one level (the groups' settings beside the architecture)."""
    flat = {key: value for key, value in config.items() if key not in GROUPS}
    for group in GROUPS:
        flat.update(config.get(group) or {})
    return flat


def is_flat(config: dict) -> bool:
    """Whether a config.json was written before the split (a setting on the top level)."""
    return any(key in GROUP_OF for key in config)
