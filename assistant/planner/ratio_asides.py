"""A rate named and then spelled out in brackets as its model definition: '转化率是多少？（转化/送达）', 'conversion
rate (converted / delivered)'. The brackets restate the numerator and the denominator the model
already divides, so they add nothing to the question; read word by word, their stems ('送达' of 送达数) name counts the
plan does not use and the question was asked back. The stretch is set aside as filler only when its two sides name
the numerator's and the denominator's counts of a ratio metric the question names outside the brackets; a bracket
that divides by anything else ('（转化/发送）': converted over sent is another rate) stays in the question."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import normalize
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import RatioMetric

_BRACKETS = re.compile(r"[(（]([^()（）]{1,40})[)）]")
_DIVIDED = re.compile(r"\s*(?:/|÷|除以|比上|divided by|over)\s*")


def restated_rates(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Bracketed stretches that spell out a named ratio metric's numerator over its denominator."""
    found: list[Excused] = []
    for bracket in _BRACKETS.finditer(reading.masked):
        sides = _DIVIDED.split(bracket.group(1).strip())
        if len(sides) != 2 or not all(sides):
            continue
        named = {
            e.target
            for m in reading.matches
            if not (bracket.start() <= m.start < bracket.end())
            for e in m.of("metric")
            if isinstance(model.metrics.get(e.target), RatioMetric)
        }
        if any(_spells(model, name, sides) for name in named):
            found.append(Excused(bracket.start(), bracket.end(), "aside"))
    return found


def _spells(model: SemanticModel, name: str, sides: list[str]) -> bool:
    metric = model.metrics[name]
    assert isinstance(metric, RatioMetric)
    return _names(model, metric.numerator, sides[0]) and _names(model, metric.denominator, sides[1])


def _names(model: SemanticModel, metric_name: str, side: str) -> bool:
    """The side is a phrase of the metric or the stem of one ('送达' of '送达数', 'delivered' of 'delivered touches')."""
    metric = model.metrics.get(metric_name)
    if metric is None:
        return False
    said = normalize(side)
    phrases = [metric.label.en, metric.label.zh, *metric.synonyms]
    return any(said == p or (len(said) >= 2 and p.startswith(said)) for p in map(normalize, phrases))
