"""A measure's own rows said again are no filter (role `filler`, value `restated`, DESIGN.md §10): "average resolution
time this quarter — only tickets that actually got resolved". A duration measured up to an event counts only the rows
where that event happened (its condition: `<event time> IS NOT NULL`); a value of another column that names the same
event ('resolved', the ticket status) restates those rows. Read as a filter on the status it dropped the rows
resolved and then closed: a wrong number.

Held only when the value word is a word of the event time column's label ('resolved' of "Resolved at") and the
question names that measure, by name or as a duration asked ("how many hours … to get a ticket resolved", durations.py);
a value naming another state ("closed tickets") still filters."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.durations import duration_fixes
from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

_HAPPENED = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s+is\s+not\s+null\s*$", re.IGNORECASE)


def excused(model: SemanticModel, reading: Reading, lexicon: Lexicon) -> list[Excused]:
    """The value words of `reading` that restate the rows of a measure it names."""
    asked = duration_fixes(reading, lexicon)  # the event word of a duration asked is read as the measure, not a value
    named = {e.target for m in reading.strong_matches for e in m.of("metric")}
    named |= {e.target for _, _, phrase in asked for m in lexicon.find(phrase) for e in m.of("metric")}
    events = _event_words(model, named)
    found: list[Excused] = []
    for entries, negated, match in reading.values:
        said = match.text.strip().lower()
        if any(start <= match.start and match.end <= end for start, end, _ in asked):
            continue
        if negated or not any(said in events.get(e.target.partition(".")[0], set()) for e in entries):
            continue
        found.append(Excused(match.start, match.end, "restated"))
    return found


def _event_words(model: SemanticModel, named: set[str]) -> dict[str, set[str]]:
    """Per entity, the words of the event time columns the named measures require ('resolved' of "Resolved at")."""
    words: dict[str, set[str]] = {}
    for name in named:
        definition = model.metrics[name]
        if not isinstance(definition, SimpleMetric):
            continue
        entity, _, measure = definition.measure.partition(".")
        happened = _HAPPENED.match(model.entities[entity].measures[measure].filter or "")
        column = model.entities[entity].dimensions.get(happened.group(1)) if happened else None
        if column is None or column.type != "time" or column.label is None:
            continue
        label = column.label.en.lower().split()
        words.setdefault(entity, set()).update(w for w in label if w not in ("at", "on", "date", "time"))
    return words
