"""Which field a word of personal data resolves to (blind set 7: "conversion rate of email vs sms" was refused):
a word that is both a value of a field ('email' of the touch channel) and the name of a `pii` column is that
value when a metric or an entity noun of the value's own entity owns it ("conversion rate of email", "email
conversion rate", "邮件的转化率", "email messages"). It stays personal data when a record or a person owns it
("the email of customer C0000123", "客户的邮箱") or something follows it ("email of …", "email address")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.planner.lexicon import Match
from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError

_OWNER_GAP = re.compile(r"^\s*(?:'s|of|for|on|in|via|through|by|across|的|在)?\s*(?:the|our|their)?\s*$")
_OWNED_GAP = re.compile(r"^\s*(?:的)?\s*$")
_CHANNEL_BEFORE = re.compile(r"\b(?:by|via|through|over)\s*$|(?:通过|经由|走)\s*$")
_WHOSE_AFTER = re.compile(r"^\s*(?:of\b|for\b|address|addresses|addr\b|地址|号码|是多少|是什么)")


def _entities(model: SemanticModel, match: Match) -> set[str]:
    """The entities a metric or an entity noun of a match belongs to."""
    found: set[str] = set()
    for entry in match.entries:
        if entry.kind == "entity":
            found.add(entry.target)
        elif entry.kind == "metric" and entry.target in model.metrics:
            try:
                found.add(leaf(model, leaf_names(model, entry.target)[0]).entity)
            except (QueryError, KeyError, IndexError):
                continue
    return found


def owned_value(model: SemanticModel, text: str, same: Match, known: Sequence[Match]) -> bool:
    """Whether a personal-data word that is also a value (`same`) is the value: a metric or an entity noun of the
    value field's entity right before it ('conversion rate of email') or right after it ('email conversion rate',
    'email messages'), and nothing after it asking for someone's data."""
    owners = {e.target.partition(".")[0] for e in same.of("value")}
    if not owners or _WHOSE_AFTER.match(text[same.end :]):
        return False
    named = {entity for other in known if other is not same for entity in _entities(model, other)}
    if named & owners and _CHANNEL_BEFORE.search(text[: same.start]):
        return True  # 'how many tickets came in by email': the way something of that entity came
    for other in known:
        if other is same or not _entities(model, other) & owners:
            continue
        if other.end <= same.start and _OWNER_GAP.match(text[other.end : same.start]):
            return True
        if other.start >= same.end and _OWNED_GAP.match(text[same.end : other.start]):
            return True
    return False
