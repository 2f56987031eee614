"""A population said to be included restricts nothing (role `filler`, value `left_open`, DESIGN.md §10): "all our
customers, churned ones included", "including the churned ones", "cancelled orders included too". The words name a
population or a value only to say it is counted with the rest; read as words of the question they were a filter on
that population (before: the share of members among churned customers for "customers — churned ones included — who
are members", a wrong number).

Held only when no measure the question names restricts the same column ("revenue including returns": revenue counts
completed orders only, so the included value contradicts the measure and the words are kept, to be asked back or
read as before), and the value or population is not negated."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

# 'including (the / all) churned (ones)', 'churned ones included', 'churned included too'
_BEFORE = re.compile(r"(?<![a-z])(?:including|incl\.?|inclusive\s+of)\s+(?:(?:the|all|any|those)\s+)?$")
_ONES = r"(?:\s+(?:ones?|too|as\s+well))?"
_AFTER_INCLUDING = re.compile(_ONES)
_INCLUDED_AFTER = re.compile(
    rf"{_ONES}\s+(?:(?:are|is|were|being)\s+)?(?:included|counted|in)(?:\s+(?:too|as\s+well))?"
    r"(?=\s*(?:$|[,.;:!?)）\]—–-]|(?:and|or|but|please|thanks)\b))"
)
_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` (offsets of `reading.masked`) naming a population only to include it."""
    restricted = _restricted_columns(model, reading)
    found: list[Excused] = []
    for match, entity, columns in _populations(model, reading):
        if columns & restricted.get(entity, set()):
            continue  # 'revenue including returns': the measure itself leaves them out
        before = _BEFORE.search(reading.masked[: match.start])
        if before is not None:
            after = _AFTER_INCLUDING.match(reading.masked, match.end)
            if after is not None:
                found.append(Excused(before.start(), after.end(), "left_open"))
            continue
        included = _INCLUDED_AFTER.match(reading.masked, match.end)
        if included is not None:
            found.append(Excused(match.start, included.end(), "left_open"))
    return found


def _populations(model: SemanticModel, reading: Reading) -> list[tuple[Match, str, set[str]]]:
    """(where, entity, the entity's columns its condition reads) of each population or value the question names,
    not negated."""
    found: list[tuple[Match, str, set[str]]] = []
    named = [*reading.segments, *((name, match) for _, name, match in reading.metric_or_segment)]
    for name, match in named:
        segment = model.segments.get(name)  # a count named like a population ('customers lost') is no segment here
        if segment is not None:
            found.append((match, segment.entity, _columns(model, segment.entity, segment.filter or "")))
    for entries, negated, match in reading.values:
        if not negated:
            found += [(match, e.target.partition(".")[0], {e.target.partition(".")[2]}) for e in entries]
    return found


def _restricted_columns(model: SemanticModel, reading: Reading) -> dict[str, set[str]]:
    """The columns, per entity, that the measures the question names restrict ('completed orders': status)."""
    restricted: dict[str, set[str]] = {}
    for match in reading.strong_matches:
        for entry in match.of("metric"):
            for name in _measures_of(model, entry.target):
                entity, _, measure = name.partition(".")
                condition = model.entities[entity].measures[measure].filter or ""
                restricted.setdefault(entity, set()).update(_columns(model, entity, condition))
    return restricted


def _measures_of(model: SemanticModel, metric: str) -> list[str]:
    """The measures a metric is computed from (a ratio's through its numerator and denominator)."""
    definition = model.metrics[metric]
    if isinstance(definition, SimpleMetric):
        return [definition.measure]
    parts = [getattr(definition, side, None) for side in ("numerator", "denominator")]
    return [m for part in parts if isinstance(part, str) and part in model.metrics for m in _measures_of(model, part)]


def _columns(model: SemanticModel, entity: str, condition: str) -> set[str]:
    return set(_COLUMN.findall(condition.lower())) & set(model.entities[entity].dimensions)
