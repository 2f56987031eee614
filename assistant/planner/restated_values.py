"""Values that restate a negation: "orders that did not end up completed (i.e. returned or cancelled)", "tickets not
resolved, that is open or closed", "非A类客户（即B、C、D类）".

A bracket, or a clause opened by 'i.e.' / 'that is' / 'namely' / 也就是 / 即, that holds nothing but values of one field
spells out what the negated value of that field leaves: the other values of a field whose values the model lists in
full. It adds no condition, and read word by word its 'X or Y' split the answer by the field (two rows where one
number was asked), or the negation stretched over it and excluded every value. The stretch is set aside as filler
only when its values are exactly the rest of the field; a bracket naming fewer values ("not completed (i.e.
returned)") or values of another field keeps its reading.
"""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match, normalize
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_SAYING = r"(?:i\.?\s?e\.?|that\s+is|that's|namely|meaning|in\s+other\s+words|也就是说?|亦即|即|就是)"
_BRACKETED = re.compile(rf"[(（]\s*(?:{_SAYING}\s*[,，:：]?\s*)?(?P<body>[^()（）]{{1,60}})[)）]")
_CLAUSE = re.compile(
    rf"(?:^|[,，;；:：—]|\s)\s*(?P<say>{_SAYING})\s*[,，:：]?\s*(?P<body>[^,，.。;；?？!！()（）]{{1,60}})"
)
# words that join the listed values ('returned or cancelled', 'B、C、D类', 'the ones that were open or closed')
_JOINERS = re.compile(
    r"(?<![a-z])(?:or|and|either|both|the|ones?|that|which|were|was|are|is|those|them|all)(?![a-z])"
    r"|[、/,，&+]|或者?|和|及|以及|与|跟|的|那些|这些|类|级|状态"
)


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Restating stretches (offsets of `reading.text`) whose values are the rest of a field a negation names."""
    found: list[Excused] = []
    for pattern in (_BRACKETED, _CLAUSE):
        for hit in pattern.finditer(reading.masked):
            start, end = hit.start("body"), hit.end("body")
            if any(start < f.end and f.start < end for f in found):
                continue
            listed = _values_listed(model, reading, start, end)
            if listed is None:
                continue
            field, values = listed
            negated = _negated_outside(reading, field, start, end)
            if not negated:
                continue
            rest = set(model.dimension(field)[1].sample_values) - negated
            if values == rest:
                found.append(Excused(hit.start() if pattern is _BRACKETED else hit.start("say"), hit.end(), "aside"))
    return found


def _values_listed(model: SemanticModel, reading: Reading, start: int, end: int) -> tuple[str, set[str]] | None:
    """(field, values) when the stretch is only values of one exhaustively listed field and joining words."""
    inside = [m for m in reading.matches if start <= m.start and m.end <= end]
    if not inside or any(not m.of("value") or len(m.entries) != len(m.of("value")) for m in inside):
        return None
    fields = set.intersection(*({e.target for e in m.of("value")} for m in inside))
    fields = {f for f in fields if model.dimension(f)[1].exhaustive}
    if len(fields) != 1:
        return None
    field = fields.pop()
    values = {e.value for m in inside for e in m.of("value") if e.target == field and e.value}
    rest = _leftover(reading.masked, start, end, inside)
    bare = {normalize(v): v for v in model.dimension(field)[1].sample_values}
    for word in rest:
        if word not in bare:
            return None
        values.add(bare[word])  # 'B、C、D类': a bare value the lexicon leaves to its neighbours
    return field, values


def _leftover(text: str, start: int, end: int, inside: list[Match]) -> list[str]:
    chars = list(text[start:end])
    for m in inside:
        chars[m.start - start : m.end - start] = " " * (m.end - m.start)
    return _JOINERS.sub(" ", "".join(chars)).split()


def _negated_outside(reading: Reading, field: str, start: int, end: int) -> set[str]:
    return {
        e.value
        for entries, negated, m in reading.values
        if negated and not (start <= m.start < end)
        for e in entries
        if e.target == field and e.value
    }
