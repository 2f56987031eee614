"""Whether a word the model knows is used as what it names in this question (issue 10, blind set 2).

A value word of a field ('low' of ticket priority) inside a phrase about something else ('low-CSAT surveys',
'NPS of 3 or lower') is not a filter on that field: the field's entity must be the one the question is about,
one it reaches, or one the question mentions itself. Derived from the model's entities and relationships.
"""

from __future__ import annotations

from assistant.planner.lexicon import Entry, Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.compiler import model_graph
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError


def reachable(model: SemanticModel, anchor: str, target: str) -> bool:
    """`target` joins to `anchor` without fanning out (many-to-one all the way)."""
    try:
        return not any(edge.fans_out for edge in model_graph(model).path(anchor, target))
    except QueryError:
        return False


def entry_entity(model: SemanticModel, entry: Entry) -> str | None:
    """The entity an entry of the vocabulary belongs to."""
    if entry.kind == "entity":
        return entry.target
    if entry.kind in ("dimension", "value"):
        return entry.target.partition(".")[0]
    if entry.kind == "segment":
        return model.segments[entry.target].entity
    if entry.kind == "text_field":
        return model.text_fields[entry.target].entity
    if entry.kind == "metric":
        try:
            return leaf(model, leaf_names(model, entry.target)[0]).entity
        except (QueryError, KeyError, IndexError):
            return None
    return None


def related_entries(model: SemanticModel, reading: Reading, anchor: str, match: Match) -> list[Entry]:
    """The value entries of a match whose field the question can mean: on the anchor entity, one it reaches,
    or an entity some other word of the question names."""
    mentioned = {
        entity
        for other in reading.matches
        if other is not match
        for entry in other.entries
        if entry.kind != "value" and (entity := entry_entity(model, entry)) is not None
    }
    found = []
    for entry in match.of("value"):
        entity = entry.target.partition(".")[0]
        if entity == anchor or entity in mentioned or reachable(model, anchor, entity):
            found.append(entry)
    return found
