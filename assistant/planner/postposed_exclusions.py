"""Exclusions said after their object: "cancelled and returned ones shouldn't count", "tier D customers are
excluded", "returns don't count", "app orders should be left out". The negation follows the values it removes, so
no negation cue saw them: the values were read as the rows asked for (revenue of the cancelled and returned orders
only: the opposite answer), or the trailing 'not' was asked back. The stretch is read as 'excluding <object>' when
the object is values or populations of the model (with an entity noun or 'ones') and opens its clause."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading

_PREDICATE = re.compile(
    r"\s+(?:(?:are|is|were|was|should\s+be|must\s+be|need\s+to\s+be|to\s+be|get|got)\s+)?"
    r"(?:excluded|left\s+out|taken\s+out|removed|not\s+counted|not\s+included|ignored)\b"
    r"|\s+(?:don't|do\s+not|dont|shouldn't|should\s+not|shouldnt|won't|will\s+not|mustn't|must\s+not|can't|cannot)\s+"
    r"(?:be\s+)?(?:count|counted|included|be\s+included)\b"
    r"|\s+(?:aren't|are\s+not|isn't|is\s+not|weren't|were\s+not)\s+(?:counted|included|to\s+be\s+counted)\b"
)
# where the object may open: the start of a clause, after a hedge of the asker ('I think', 'but')
_OPENING = re.compile(
    r"(?:^|[.?!;:,(]|\s[-–—]\s|\b(?:i\s+think|i\s+guess|i\s+believe|i\s+assume|but|and|also|though|please|obviously|"
    r"of\s+course))\s*(?:the\s+|any\s+|all\s+)?"
    # 'the ones that were closed don't count'
    r"(?:ones?\s+(?:that|which|who)\s+(?:were|are|was|is|got|get|have\s+been|had\s+been|has\s+been)\s+)?$"
)
_JOINERS = re.compile(r"^(?:\s|,|and|or|&|/|\+|ones|one|the|any|all|those|these)*$")


def postposed_exclusion_fixes(reading: Reading) -> list[tuple[int, int, str]]:
    """'cancelled and returned ones shouldn't count' -> 'excluding cancelled and returned ones'."""
    found: list[tuple[int, int, str]] = []
    text = reading.masked
    for hit in _PREDICATE.finditer(text):
        named = _object_before(reading, hit.start())
        if named is None:
            continue
        # the object from its first value: 'tickets from the app' excludes the app ('tickets' restates the rows)
        first = next(m for m in named if m.of("value") or m.of("segment"))
        found.append((named[0].start, hit.end(), "excluding " + text[first.start : hit.start()].strip()))
    return found


def _object_before(reading: Reading, end: int) -> list[Match] | None:
    """The values, populations and entity nouns right before `end`, joined by 'and' / 'or' / 'ones', opening a
    clause; None when anything else stands there."""
    before = sorted((m for m in reading.matches if m.end <= end), key=lambda m: m.start)
    named: list[Match] = []
    position = end
    for match in reversed(before):
        gap = reading.text[match.end : position].lower()
        if not _JOINERS.match(gap) or ("," in gap and not match.of("value")):
            break  # a comma joins a list of values ('cancelled, returned ones'), else it ends the clause
        if not (match.of("value") or match.of("segment") or match.of("entity")):
            return None
        named.insert(0, match)
        position = match.start
    if not named or not any(m.of("value") or m.of("segment") for m in named):
        return None
    if not _OPENING.search(reading.text[: named[0].start].lower()):
        return None
    return named
