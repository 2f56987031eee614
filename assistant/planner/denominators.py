"""The denominator of a share said again is no condition (role `filler`, DESIGN.md §10). Two ways users say it:

- **As the rows** (`excused`, value `restated`): "what share of this quarter's tickets got a reply within 3 hours?
  Denominator = all tickets", "(base: all orders)". The words name the rows the share is taken of; the question names
  them already ('of this quarter's tickets'), so they restate the base. Held only when the question asks a share (a
  share word or a rate of the model), names the base's rows elsewhere too, and every rate of the model it names has
  exactly that base: all rows of that entity, no condition. "conversion rate — denominator = all messages sent" (the
  model's base is the delivered ones) keeps the words and is asked back, as is a base with a condition ("denominator
  = resolved tickets"). A rate the plan reaches only later ("what % of orders were returned? base: all orders" is the
  return rate, over completed and returned orders) is checked against the stated base once planned (`other_base`),
  and asked back when they differ.
- **As the denominator metric** (`restated_definitions`): "use each month's opening base as the denominator",
  "以期初客户数为分母" — a clause naming, as the denominator, the denominator metric of a ratio the question names
  (its label or synonyms, hidden ones included). A clause naming another denominator ("use all customers as the
  denominator" for a churn rate whose base is the customers active at the period start) is left in the question, so
  it is still asked back: answering the model's rate would answer another question."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import normalize
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


_CLAUSES = (
    re.compile(
        r"\b(?:(?:please\s+)?(?:use|using|take|taking|with)\s+)(?P<said>[^.;?!,()]{1,60}?)\s+as\s+(?:the\s+)?"
        r"(?:denominator|base)\b"
    ),
    re.compile(r"\b(?:the\s+)?denominator\s*(?:=|:|is|should be|being)\s*(?P<said>[^.;?!,()]{1,60})"),
    re.compile(r"(?:以|用|拿|按)(?P<said>[^，。；？！,;?!（）()]{1,20}?)(?:作为|作|做|为|当)分母"),
    re.compile(r"分母\s*(?:是|为|用|取|=|:)\s*(?P<said>[^，。；？！,;?!（）()]{1,20})"),
)
# whose or which base: 'each month's', 'the period's', 'all', '每个月的' — the rate's own period and population
_DETERMINERS = re.compile(
    r"^(?:(?:the|all|each|every|our|that|this|its|their)\s+|(?:month|quarter|week|year|period|day)(?:'s|s')?\s+)+"
    r"|^(?:每个?|各|当|该)(?:月|季度|周|年|期)的?"
)


def restated_definitions(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Clauses naming, as the denominator, the denominator of a ratio metric the question names outside them."""
    named = {
        e.target
        for m in reading.matches
        for e in m.of("metric")
        if isinstance(model.metrics.get(e.target), RatioMetric)
    }
    found: list[Excused] = []
    for pattern in _CLAUSES:
        for clause in pattern.finditer(reading.text):
            said = _DETERMINERS.sub("", clause.group("said").strip()).strip()
            outside = {n for n in named if _named_outside(reading, n, clause.start(), clause.end())}
            if said and any(_is_denominator(model, name, said) for name in outside):
                found.append(Excused(clause.start(), clause.end(), "aside"))
    return found


def _named_outside(reading: Reading, metric: str, start: int, end: int) -> bool:
    return any(
        not (start <= m.start < end) and any(e.target == metric for e in m.of("metric")) for m in reading.matches
    )


def _is_denominator(model: SemanticModel, name: str, said: str) -> bool:
    """The words are a phrase of the ratio's denominator metric (its label or synonyms, hidden ones included)."""
    metric = model.metrics[name]
    assert isinstance(metric, RatioMetric)
    denominator = model.metrics.get(metric.denominator)
    if denominator is None:
        return False
    phrases = [denominator.label.en, denominator.label.zh, *denominator.synonyms]
    return normalize(said) in {normalize(p) for p in phrases}
