"""Verbs of leaving out split around their object: "leave electronics out", "keep the app orders out of it",
"if we take tier D out". The joined form ("leave out electronics", shorthand.yml) reads as 'excluding'; split, the
verb alone was read as a form of 'left' (churned) and asked back. The verb is read as 'excluding' when the words up to
'out' begin with a value or a population of the model, and 'out' itself is a particle that names nothing."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading

_SPLIT = re.compile(
    r"\b(?:leave|leaves|leaving|left|keep|keeps|keeping|kept|take|taking|took|strip|stripping|filter|filtering|"
    r"rule|ruling|cut|cutting)\s+(?P<object>(?:(?:the|all|any|our|those|these)\s+)?(?:[a-z0-9&-]+\s+){1,4}?)out\b"
)


def split_exclusion_fixes(reading: Reading) -> list[tuple[int, int, str]]:
    """'leave electronics out' -> 'excluding electronics out': the verb of a split 'leave … out' whose object starts
    with a value or a segment of the model."""
    found: list[tuple[int, int, str]] = []
    for hit in _SPLIT.finditer(reading.masked):
        start, end = hit.span("object")
        inside = [m for m in reading.matches if start <= m.start and m.end <= end]
        first = re.match(r"(?:(?:the|all|any|our|those|these)\s+)?", reading.masked[start:end])
        opens = start + (first.end() if first else 0)
        first_named = inside[0] if inside and inside[0].start == opens else None
        if first_named and (first_named.of("value") or first_named.of("segment")) and all(_of_rows(m) for m in inside):
            found.append((hit.start(), start, "excluding "))
    return found


def _of_rows(match: Match) -> bool:
    """A value, a population or the noun of an entity ('tier D customers', 'the app orders')."""
    return bool(match.of("value") or match.of("segment") or match.of("entity"))
