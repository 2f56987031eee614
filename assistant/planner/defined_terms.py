"""A term the user names and defines right after it: "老客：2024年注册的那批客户", "看下老客的贡献：2024年注册的那批客户，今年…",
"the old-timers: customers who signed up in 2024 — their revenue this year". The word ('老客') is the user's own name
for the population the colon spells out; the definition carries every condition, so the word adds nothing and is set
aside (role `filler`) instead of being asked back.

Held only when every word nothing explains sits in the clause right before the colon, and what follows the colon up
to the end of its clause is a noun phrase of a population of the model: it ends (Chinese) or starts (English, after a
determiner) with an entity noun or a segment, and names a condition of it besides (a time phrase, a value or a
segment). 'Gmail users: how many orders' is no definition (no population follows) and stays asked back."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading

_COLON = re.compile(r"[:：]")
_CLAUSE_BREAK = re.compile(r"[,，。.;；!！?？\n]|\s--?\s|—")
_DETERMINER = re.compile(r"^\s*(?:(?:the|all|our|those|these)\s+)*")


def defined(reading: Reading, unexplained: list[tuple[int, int, str]]) -> list[Excused]:
    """The unexplained words that name a population the question defines after a colon (offsets of the question)."""
    if not unexplained:
        return []
    text = reading.masked
    for colon in _COLON.finditer(text):
        opened = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, colon.start())), default=0)
        if not all(opened <= start and end <= colon.start() for start, end, _ in unexplained):
            continue
        close = _CLAUSE_BREAK.search(text, colon.end())
        end = close.start() if close else len(text)
        if _is_population(reading, colon.end(), end):
            return [Excused(start, stop, "defined_term") for start, stop, _ in unexplained]
    return []


def _is_population(reading: Reading, start: int, end: int) -> bool:
    inside = [m for m in reading.matches if start <= m.start and m.end <= end]
    nouns = [m for m in inside if m.of("entity") or m.of("segment")]
    if not nouns:
        return False
    head = (
        _ends_phrase(reading, nouns[-1], end) if reading.language == "zh" else _starts_phrase(reading, nouns[0], start)
    )
    dated = any(start <= t.span[0] and t.span[1] <= end for t in reading.times)
    conditions = dated or any(m.of("value") or m.of("segment") for m in inside)
    return head and conditions


def _ends_phrase(reading: Reading, noun: Match, end: int) -> bool:
    return not reading.masked[noun.end : end].strip()


def _starts_phrase(reading: Reading, noun: Match, start: int) -> bool:
    lead = _DETERMINER.match(reading.masked, start)
    return lead is not None and lead.end() == noun.start
