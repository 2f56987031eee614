"""Per-model memoisation: models are frozen but not hashable (they hold dicts), so cache by identity."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from semantic_layer.model import SemanticModel

T = TypeVar("T")


def per_model(build: Callable[[SemanticModel], T]) -> Callable[[SemanticModel], T]:
    """`build(model)` computed once per model object (the model is kept so its id stays unique)."""
    cache: dict[int, tuple[SemanticModel, T]] = {}

    def cached(model: SemanticModel) -> T:
        hit = cache.get(id(model))
        if hit is None or hit[0] is not model:
            hit = cache[id(model)] = (model, build(model))
        return hit[1]

    return cached
