"""'IDs and whether each is still active', '以及是否还活跃': in a request for rows, 'whether each is <state>' asks to
see that state for every row listed, not to keep only the rows in it. Read as a condition it filtered the list to
the active customers (a wrong answer: the churned ones were asked about too). When the rows listed show the field
that holds the state (one of their record columns), the stretch is said about the answer and filters nothing."""

from __future__ import annotations

import re

from assistant.planner import conditions
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_WHETHER = re.compile(
    r"(?:\bwhether|\bif)\s+(?:or\s+not\s+)?(?:each(?:\s+one)?|it|they|he|she|the\s+[a-z]+|each\s+[a-z]+)\s+"
    r"(?:is|are|was|were|has|have)\s+(?:still\s+|already\s+|currently\s+|now\s+|yet\s+)?(?:an?\s+)?$"
    r"|(?:是否|是不是|有没有)(?:还|仍|仍然|已经|已)?(?:是|在)?$"
)


def shown_states(model: SemanticModel, reading: Reading) -> list[Excused]:
    """'whether each is <state>' stretches of a request for rows whose state is a record column of the rows."""
    if not reading.asks_records():
        return []
    shown = {f"{name}.{column}" for name, entity in model.entities.items() for column in entity.record_columns}
    found: list[Excused] = []
    for match in reading.matches:
        said = _WHETHER.search(reading.masked[: match.start])
        if said is not None and _fields(model, match) and _fields(model, match) <= shown:
            found.append(Excused(said.start(), match.end, "aside"))
    return found


def _fields(model: SemanticModel, match: Match) -> set[str]:
    """The fields a value or a population word is a condition on ('active': customer.status)."""
    fields = {e.target for e in match.of("value")}
    for entry in match.of("segment"):
        segment = model.segments[entry.target]
        fields |= {f["field"] for f in conditions.as_filters(model, segment.entity, segment.filter) or []}
    return fields
