"""Words that name an entity rather than one of its values or fields.

- 'support cases', 'service cases': a value word in front of an entity noun, where the model names the entity with
  that word ('support ticket', 'service ticket' are names of tickets), is part of the entity's name — no filter on
  the ticket category 'service'.
- 'by customer value tier', 'revenue by customer city': an entity noun right before a field of that entity says
  whose field it is; it is no breakdown by the entity's id.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Entry, Match, normalize
from semantic_layer import SemanticModel

_JOIN = re.compile(r"^(?:\s*|\s*的\s*|'s\s+)$")


def _entity_names(model: SemanticModel, entity: str) -> set[str]:
    found = model.entities[entity]
    return {normalize(w) for w in [*found.synonyms, found.label.en, found.label.zh, entity]}


def named_entities(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """Matches with a value word that is part of an entity's name ('support' of 'support cases') read as that
    entity's noun."""
    result: list[Match] = []
    for i, match in enumerate(matches):
        following = matches[i + 1] if i + 1 < len(matches) else None
        values = match.of("value")
        if (
            values
            and following is not None
            and _JOIN.match(masked[match.end : following.start])
            and not match.of("entity")
        ):
            word = normalize(match.text.strip())
            entities = [e.target for e in following.of("entity")]
            named = [e for e in entities if any(n.startswith(word + " ") for n in _entity_names(model, e))]
            if named:
                result.append(Match(match.start, match.end, match.text, (Entry("entity", named[0]),)))
                continue
        result.append(match)
    return result


def qualifies_next(masked: str, match: Match, matches: list[Match]) -> bool:
    """An entity noun right before a field of the same entity ('customer value tier', '客户的城市'): whose field it is."""
    entities = {e.target for e in match.of("entity")}
    if not entities:
        return False
    following = next((m for m in matches if m.start >= match.end), None)
    if following is None or not _JOIN.match(masked[match.end : following.start]):
        return False
    return any(d.target.partition(".")[0] in entities for d in following.of("dimension"))
