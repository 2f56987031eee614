"""A share's base said again is no condition (role `filler`, value `restated`, DESIGN.md §10): "what share of this
quarter's tickets got a reply within 3 hours? Denominator = all tickets", "(base: all orders)". The words name the
rows the share is taken of; the question names them already ('of this quarter's tickets'), so they restate the base.
Read word by word, 'denominator' was asked back.

Held only when the question asks a share (a share word or a rate of the model), names the base's rows elsewhere too,
and every rate of the model it names has exactly that base: all rows of that entity, no condition. "conversion rate
— denominator = all messages sent" (the model's base is the delivered ones) keeps the words and is asked back, as is
a base with a condition ("denominator = resolved tickets"). A rate the plan reaches only later ("what % of orders were
returned? base: all orders" is the return rate, over completed and returned orders) is checked against the stated
base once planned (`other_base`), and asked back when they differ."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.discourse import Excused
from assistant.planner.messages import clarify
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric

_BASE = re.compile(
    r"(?P<base>(?<![a-z])(?:(?:the|as\s+the|with\s+the|use)\s+)?(?:denominator|base)\s*(?:=|:|is|being|should\s+be|of)?)"
    r"\s*(?:(?:all|every|total)\s+)?(?:(?:the|of\s+the|our)\s+)?$"
)
_SHARE = re.compile(r"\b(?:share|percent|percentage|proportion|fraction|rate|ratio|pct)\b|%")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The stretches of `reading.masked` that restate the base of the share the question asks."""
    if not _SHARE.search(reading.masked):
        return []
    found: list[Excused] = []
    for match in reading.matches:
        entities = {e.target for e in match.entries if e.kind == "entity"}
        stated = _BASE.search(reading.masked[: match.start])
        if not entities or stated is None or match.of("segment") or match.of("value"):
            continue
        elsewhere = [m for m in reading.matches if m is not match and entities & _entities_counted(model, m)]
        if elsewhere and all(_base_is_all_of(model, rate, entities) for rate in _rates_named(model, reading)):
            entity = sorted(entities)[0]  # the word and the rows apart: '(all tickets)' may be read as whole already
            found.append(Excused(stated.start("base"), stated.end("base"), "restated_base", keep=entity))
            found.append(Excused(stated.end("base"), match.end, "restated_base", keep=entity))
    return found


_OTHER_BASE = {
    "en": "You gave all {entity} rows as the denominator, but {metric} is defined over other rows. Which do you mean: "
    "{metric} as the model defines it, or a share of all {entity} rows?",
    "zh": "您说分母是全部{entity}，但{metric}的分母是另外一组记录。您要按模型定义的{metric}，还是按全部{entity}算占比？",
}


def other_base(model: SemanticModel, stated: list[Excused], query: SemanticQuery, language: Language) -> Plan | None:
    """A question back when the plan's rate has another base than the one the question stated."""
    bases = {s.keep for s in stated if s.kind == "restated_base"}
    for name in query.metrics:
        rate = model.metrics.get(name)
        for entity in bases:
            if isinstance(rate, RatioMetric) and not _base_is_all_of(model, rate, {entity}):
                rows, measure = getattr(model.entities[entity].label, language), getattr(rate.label, language)
                return clarify(language, _OTHER_BASE[language].format(entity=rows, metric=measure), [])
    return None


def _entities_counted(model: SemanticModel, match: object) -> set[str]:
    """The entities a match names: its entity nouns and the entities its count metrics count."""
    entries = getattr(match, "entries", ())
    named = {e.target for e in entries if e.kind == "entity"}
    for entry in entries:
        definition = model.metrics.get(entry.target) if entry.kind == "metric" else None
        if isinstance(definition, SimpleMetric):
            named.add(definition.measure.partition(".")[0])
    return named


def _rates_named(model: SemanticModel, reading: Reading) -> list[RatioMetric]:
    names = {e.target for m in reading.strong_matches for e in m.of("metric")}
    return [d for name in names if isinstance(d := model.metrics[name], RatioMetric)]


def _base_is_all_of(model: SemanticModel, rate: RatioMetric, entities: set[str]) -> bool:
    """Whether a rate's denominator counts every row of one of `entities`, with no condition."""
    base = model.metrics.get(rate.denominator)
    if not isinstance(base, SimpleMetric) or base.segments:
        return False
    entity, _, measure = base.measure.partition(".")
    definition = model.entities[entity].measures[measure]
    # 'customers at the period start' (the churn rate's base) is no plain count of the rows
    plain = not (definition.filter or definition.per or definition.having or definition.period_start_state)
    return entity in entities and definition.agg == "count" and plain
