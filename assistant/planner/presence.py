"""How many of a population have related rows, when the population is not right before the verb: "of the customers
who joined last quarter, how many have raised at least one support ticket?", "how many customers who signed up last
quarter have filed a ticket". Like `subjects.counted_subject` ("how many members placed orders") it counts the
population's rows that have rows of the other entity (the semi-join on its key, the compiler's EXISTS); the
population is named in a clause of its own before "how many", or carries a relative clause of its own dates and
values before the verb. Read otherwise the related rows were listed per customer or dropped (a wrong number). The
opposite reading, rows with NO related rows, is `absence.py`'s."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from assistant.planner.shaping import _lexicon, _reachable
from assistant.planner.subjects import _entity_of, _object_rows, _verb_like
from semantic_layer import SemanticModel

_OF_THE = re.compile(r"(?:^|[.!?;:]\s*)(?:of|among|out\s+of)\s+(?:all\s+)?(?:the|our|those|these)?\s*$")
_HOW_MANY_ALONE = re.compile(r"^\s*[,，—–:;-]*\s*how\s+many\s+(?P<them>of\s+(?:them|those)\s+)?")
# a population said first, as the topic of the message: 'people who churned this year - how many of them have …'
_TOPIC = re.compile(r"^\s*(?:(?:the\s+)?(?:people|ones|those|folks)\s+(?:who|that)\s+)?$")
# the words of a population's own clause besides its dates and values: 'customers in the North who joined this year'
_CLAUSE_WORDS = frozenset({"who", "that", "which", "in", "from", "the", "of", "based", "located", "are", "were", "our"})
# 'have raised at least one', 'has ever filed a', 'placed any': the verb of having related rows and its quantity
_PRESENCE_VERB = re.compile(
    r"(?:(?:have|has|had)\s+)(?:ever\s+|actually\s+|already\s+)?(?:[a-z]+\s+)?"
    r"(?:at\s+least\s+one|one\s+or\s+more|an?|any|some|a\s+single)?\s*(?:[a-z]+\s+)?$"
)


def counted_with_rows(
    model: SemanticModel, reading: Reading
) -> tuple[str, list[str], list[dict[str, Any]], str] | None:
    """(count metric of the population, its segments, the semi-join filters on the related rows, their time
    dimension), as `subjects.counted_subject` gives, or None."""
    matches = sorted(reading.matches, key=lambda m: m.start)
    for i, subject in enumerate(matches):
        first = _entity_of(model, subject)
        if first is None:
            continue
        rest = matches[i + 1 :]
        verb_at = _verb_start(reading, subject, _said_from(reading, matches[:i], subject, first[0]), rest, first[0])
        if verb_at is None:
            continue
        obj = next((m for m in rest if m.start >= verb_at and not _verb_like(m)), None)
        if obj is None or not _PRESENCE_VERB.search(reading.masked[verb_at : obj.start]):
            continue
        if any(not _verb_like(m) for m in rest if verb_at <= m.start < obj.start):
            continue
        # the population's own clause may name a segment of it ('customers who churned this year had …')
        said = [e.target for m in rest if m.end <= verb_at for e in m.of("segment")]
        segments = [*first[1], *(name for name in said if model.segments[name].entity == first[0])]
        found = _semi_join(model, (first[0], list(dict.fromkeys(segments))), obj)
        if found is not None:
            return found
    return None


def _said_from(reading: Reading, before: list[Match], subject: Match, entity: str) -> int:
    """Where the population's phrase starts: values of it right before its noun belong to it ('tier A customers')."""
    start = subject.start
    for earlier in reversed(before):
        if not _about(earlier, entity) or reading.masked[earlier.end : start].strip():
            break
        start = earlier.start
    return start


def _verb_start(reading: Reading, subject: Match, start: int, rest: list[Match], entity: str) -> int | None:
    """Where the verb of having starts: after ', how many' that follows the population's own clause ('of the
    customers who joined last quarter, how many …'; a population that opens the message takes 'how many of them':
    'people who churned this year - how many of them had …'), or after the relative clause of 'how many <population> who …
    have …'; None when the population is not said in either way."""
    masked = reading.masked
    topic = _TOPIC.match(masked[:start]) is not None and not subject.text.startswith("how many")
    if _OF_THE.search(masked[:start]) or topic:
        for match in [subject, *rest]:
            if match is not subject and not _about(match, entity):
                return None
            after = _HOW_MANY_ALONE.match(masked[match.end :])
            if after is not None and (not topic or after.group("them")):
                return match.end + after.end()
        return None
    counted = re.search(r"how\s+many\s*$", masked[:start]) or subject.text.startswith("how many")
    clause: list[Match] = []
    for match in rest:
        if not _about(match, entity):
            break
        clause.append(match)
    if not counted or not clause:
        return None
    said = list(masked[subject.end : clause[-1].end])
    for match in clause:
        said[match.start - subject.end : match.end - subject.end] = " " * (match.end - match.start)
    if not set("".join(said).split()) <= _CLAUSE_WORDS:
        return None
    verb = re.match(r"\s*(?=(?:have|has|had)\b)", masked[clause[-1].end :])
    return clause[-1].end + verb.end() if verb else None


def _about(match: Match, entity: str) -> bool:
    """A phrase of the population's own clause: its noun, a date or value of its entity ('customers', 'joined',
    'signed up', 'tier A')."""
    owners = {e.target.partition(".")[0] for e in match.entries if e.kind in ("dimension", "value", "entity")}
    return owners == {entity} and (not match.of("metric") or bool(match.of("entity")))


def _semi_join(
    model: SemanticModel, first: tuple[str, list[str]], obj: Match
) -> tuple[str, list[str], list[dict[str, Any]], str] | None:
    second = _object_rows(model, obj)
    count = _lexicon(model).count_metric.get(first[0])
    if second is None or count is None:
        return None
    entity, filters = second
    if entity == first[0] or not _reachable(model, entity, first[0]) or _reachable(model, first[0], entity):
        return None  # only 'A has many B' is a semi-join
    day = model.entities[entity].default_time_dimension
    return count, first[1], filters, f"{entity}.{day}" if day else ""
