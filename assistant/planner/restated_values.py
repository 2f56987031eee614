"""A bracket that restates the values just named: "非门店渠道（也就是APP加官网）", "non-store channels (i.e. app and
web)", "outside the North (so South, East, West and Central)". The values in the bracket are exactly the ones the
phrase before it already selects — the other values of a negated value's field, or the same values named again —
so the bracket adds no condition and no breakdown. Read as words of the question, its values became a second filter
and a breakdown by the field (one row per value where one total was asked: a wrong answer), or an unknown joining
word ('加') was asked back.

A bracket whose values are not exactly that set (a subset, other values) stays as it was: it may narrow the question.
"""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Entry, Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_BRACKET = re.compile(r"[(（\[]([^()（）\[\]]*)[)）\]]")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Brackets whose values restate the selection named right before them."""
    found: list[Excused] = []
    for bracket in _BRACKET.finditer(reading.text):
        inside = [m for m in reading.matches if bracket.start() < m.start and m.end < bracket.end()]
        if not inside or not all(m.of("value") and not m.of("metric") for m in inside):
            continue
        fields = set.intersection(*({e.target for e in m.of("value")} for m in inside))
        before = [(entries, negated, m) for entries, negated, m in reading.values if m.end <= bracket.start()]
        if not fields or not before:
            continue
        entries, negated, last = before[-1]
        if reading.masked[last.end : bracket.start()].strip(" 的") and not _field_noun_only(reading, last, bracket):
            continue
        if any(_restates(model, field, entries, negated, inside) for field in sorted(fields)):
            found.append(Excused(bracket.start(), bracket.end(), "restated"))
    return found


def _restates(model: SemanticModel, field: str, entries: list[Entry], negated: bool, inside: list[Match]) -> bool:
    """The bracket's values of `field` are the ones the value before selects: the others of its field when it is
    negated, the same ones otherwise."""
    named = {e.value for e in entries if e.target == field}
    restated = {e.value for m in inside for e in m.of("value") if e.target == field}
    every = {str(v) for v in model.dimension(field)[1].sample_values}
    return bool(named) and restated == (every - named if negated else named)


def _field_noun_only(reading: Reading, value: Match, bracket: re.Match[str]) -> bool:
    """Between the value and the bracket only the name of a field ('non-store channels (…)': channels)."""
    gap = [m for m in reading.matches if value.end <= m.start and m.end <= bracket.start()]
    return len(gap) == 1 and bool(gap[0].of("dimension")) and not gap[0].of("value")
