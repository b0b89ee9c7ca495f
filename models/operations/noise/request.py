"""A /generate request, checked once: the seed, count, class, typed numbers and scale that fix its z.

Everything that must draw the noise /generate draws (the diversity curve at every scale, the held
image of the sliders, the walks) starts from one NoiseRequest instead of parsing the text again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from models.loading.loader import Family
from models.operations.common.validation import parse_int, parse_label, parse_seed
from models.operations.noise import noise

MAX_COUNT = 64


@dataclass(frozen=True)
class NoiseRequest:
    seed: int
    count: int
    label: str  # "any" or a class name as the dataset spells it
    typed: tuple[float, ...]  # the first entries of every z, as typed
    scale: float

    @classmethod
    def parse(cls, family: Family, seed=0, count=16, label="any", noise_text="", noise_scale=1.0) -> NoiseRequest:
        """The raw arguments a client sent, checked (every message names its parameter)."""
        return cls(seed=parse_seed(seed), count=parse_int(count, "count", 1, MAX_COUNT),
                   label=parse_label(label, family.class_names, family.dataset),
                   typed=noise.parse_noise(noise_text, family.gan.noise_dim),
                   scale=noise.parse_scale(noise_scale))

    def at_scale(self, scale: float) -> NoiseRequest:
        return replace(self, scale=scale)

    def with_head(self, head: tuple[float, ...]) -> NoiseRequest:
        """The same request with the first typed numbers replaced by `head` (the sliders' values)."""
        return replace(self, typed=(*head, *self.typed[len(head):]))

    def draw(self, family: Family) -> tuple[torch.Tensor, torch.Tensor]:
        """z (count, noise_dim) and y (count,) by the one rule, noise.draw."""
        label_index = None if self.label == "any" else family.class_names.index(self.label)
        return noise.draw(family.gan, self.seed, self.count, label_index, self.typed, self.scale)
