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


_SEPARATOR = r"\s*(?:/|,|、|，|\band\b|\bor\b|和|或|及)\s*"
_TOKEN = re.compile(r"[a-z0-9_]+|[\u4e00-\u9fff]+")


def listed_values(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """Values of a field listed after it or after one of its values, each too short to stand alone as a word of the
    model ('tier A and B', 'value tier (A/B)'): matches of those values, so that none is silently dropped."""
    added: list[Match] = []
    taken = {(m.start, m.end) for m in matches}
    for match in matches:
        fields = [e.target for e in match.entries if e.kind in ("value", "dimension")]
        if len(set(fields)) != 1 or fields[0] not in model.dimension_names():
            continue
        dim = model.dimension(fields[0])[1]
        known = {normalize(str(v)): str(v) for v in dim.sample_values}
        if not known:
            continue
        after = masked[match.end :]
        listed = re.match(r"\s*\((?P<body>[^()]{1,60})\)", after) if match.of("dimension") else None
        body_start = match.end + listed.start("body") if listed else match.end
        body = listed.group("body") if listed else after
        position = 0 if listed else None
        if position is None:  # after a value: 'tier A and B'
            sep = re.match(_SEPARATOR, body)
            if sep is None:
                continue
            position = sep.end()
        while True:
            token = _TOKEN.match(body, position)
            if token is None or token.group(0) not in known:
                break
            start, end = body_start + token.start(), body_start + token.end()
            if (start, end) not in taken and not any(m.start < end and start < m.end for m in matches):
                entry = Entry("value", fields[0], known[token.group(0)])
                added.append(Match(start, end, masked[start:end], (entry,)))
            sep = re.match(_SEPARATOR, body[token.end() :])
            if sep is None:
                break
            position = token.end() + sep.end()
    return sorted([*matches, *added], key=lambda m: m.start)
