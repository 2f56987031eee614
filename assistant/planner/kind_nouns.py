"""A value followed by the noun of the things its field sorts: 'beauty products', 'electronics products', 'grocery
items' said as 'product'. A field's phrase '<noun> category' ('product category') names what its values are kinds of;
that noun right after one of the values is the same phrase ('beauty products' = the category beauty), not a value of
another field that happens to share the word ('products', a ticket category) — read as two values, the question
became a ticket filter on an order measure and was asked back.

Only a noun of the field's own phrases, and only a following match that is purely a value of another field, is
joined; a measure, a population or an entity said there ('app orders', 'web sales') keeps its own reading."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match, normalize
from semantic_layer import SemanticModel
from semantic_layer.cache import per_model


@per_model
def _kind_nouns(model: SemanticModel) -> dict[str, set[str]]:
    """Noun -> the categorical fields with an English phrase '<noun> <word>' ('product category'), when the noun is
    no word of an entity of the model ('order channel' sorts orders, which keep their own reading)."""
    entity_words = {normalize(s) for e in model.entities.values() for s in e.synonyms}
    found: dict[str, set[str]] = {}
    for name, entity in model.entities.items():
        for column, dim in entity.dimensions.items():
            if dim.type != "categorical" or dim.pii:
                continue
            for phrase in (normalize(p).split() for p in [dim.label.en if dim.label else "", *dim.synonyms]):
                if len(phrase) == 2 and phrase[0].isascii() and phrase[0].isalpha() and phrase[0] not in entity_words:
                    found.setdefault(phrase[0], set()).add(f"{name}.{column}")
    return found


def joined_kind_nouns(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """The matches, a value followed by a kind noun of its own field (matched only as another field's value)
    extended over that noun."""
    nouns = _kind_nouns(model)
    result: list[Match] = []
    skip = -1
    for i, match in enumerate(matches):
        if i == skip:
            continue
        following = matches[i + 1] if i + 1 < len(matches) else None
        fields = {e.target for e in match.of("value")}
        if following is None or not fields or not re.fullmatch(r"\s+", masked[match.end : following.start]):
            result.append(match)
            continue
        noun = re.sub(r"s$", "", following.text)
        own = fields & nouns.get(noun, set())
        other_value = all(e.kind == "value" and e.target not in own for e in following.entries)
        if not own or not other_value:
            result.append(match)
            continue
        kept = tuple(e for e in match.entries if e.kind != "value" or e.target in own)
        result.append(Match(match.start, following.end, masked[match.start : following.end], kept))
        skip = i + 1
    return result
