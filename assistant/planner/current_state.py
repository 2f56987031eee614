"""'Current' said of another entity's state: "the current open-ticket backlog", "our current backlog of open tickets",
"当前积压的工单". The model lists 'current' as a value of the customers' status (current customers = active), but
right before a state of other rows (open tickets, the backlog) it says the state is read as it stands now, which
every answer of a state does: it restricts nothing. Read as the customers' value it answered the open tickets of
active customers only (a wrong number). "current customers", "current members" (the value's own entity) keep it."""

from __future__ import annotations

import re

from assistant.planner import rates
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_NOW_WORD = re.compile(r"^(?:current|currently|present|当前|目前|现在|现时)$", re.IGNORECASE)


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The 'current' words of `reading.text` that qualify the state of another entity's rows right after them."""
    found: list[Excused] = []
    for match in reading.matches:
        values = match.of("value")
        if not values or not _NOW_WORD.match(match.text.strip()) or len(match.entries) != len(values):
            continue
        own = {e.target.partition(".")[0] for e in values}
        following = next((m for m in reading.matches if m.start >= match.end), None)
        if following is None or reading.masked[match.end : following.start].strip(" 的"):
            continue
        if _states_of(model, following) and not _states_of(model, following) & own:
            found.append(Excused(match.start, match.end, "aside"))
    return found


def _states_of(model: SemanticModel, match: Match) -> set[str]:
    """The entities whose rows `match` names in a state: a value of their fields or a count of rows with a condition
    ('open tickets', 'backlog'); empty when it names an entity or population ('customers', 'members')."""
    if match.of("entity") or match.of("segment"):
        return set()
    entities = {e.target.partition(".")[0] for e in match.of("value")}
    for entry in match.of("metric"):
        counted = rates.counted_rows(model, entry.target)
        if counted is not None and counted[2]:
            entities.add(counted[0])
    return entities
