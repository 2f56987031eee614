"""Values that restate the selection just named add no condition and no breakdown: "orders that did not end up
completed (i.e. returned or cancelled)", "tickets not resolved, that is open or closed", "非A类客户（即B、C、D类）",
"非门店渠道（也就是APP加官网）", "outside the North (so South, East, West and Central)", "members (i.e. members)".

A bracket, or a clause opened by 'i.e.' / 'that is' / 'namely' / 也就是 / 即, that holds nothing but values of one field
(and words joining them) spells out what the value before it selects: the other values of the field when that value
is negated, the same values otherwise. Read word by word its 'X or Y' split the answer by the field (one row per value
where one total was asked: a wrong answer), the negation stretched over it and excluded every value, or an unknown
joining word ('加') was asked back. The stretch is set aside only when its values are exactly that selection, of a
field whose values the model lists in full; a bracket naming fewer values ("not completed (i.e. returned)") or
values of another field keeps its reading: it may narrow the question."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match, normalize
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_SAYING = r"(?:i\.?\s?e\.?|that\s+is|that's|namely|meaning|in\s+other\s+words|so|也就是说?|亦即|即|就是)"
_BRACKETED = re.compile(rf"[(（\[]\s*(?:{_SAYING}\s*[,，:：]?\s*)?(?P<body>[^()（）\[\]]{{1,60}})[)）\]]")
_CLAUSE = re.compile(
    rf"(?:^|[,，;；:：—]|\s)\s*(?P<say>{_SAYING})\s*[,，:：]?\s*(?P<body>[^,，.。;；?？!！()（）]{{1,60}})"
)
# words that join the listed values ('returned or cancelled', 'B、C、D类', 'APP加官网', 'the ones that were open')
_JOINERS = re.compile(
    r"(?<![a-z])(?:or|and|plus|either|both|the|ones?|that|which|were|was|are|is|those|them|all)(?![a-z])"
    r"|[、/,，&+]|或者?|和|及|以及|与|跟|加上?|的|那些|这些|类|级|状态"
)


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Restating stretches (offsets of `reading.text`) whose values are what the value before them selects."""
    found: list[Excused] = []
    for pattern in (_BRACKETED, _CLAUSE):
        for hit in pattern.finditer(reading.masked):
            start, end = hit.start("body"), hit.end("body")
            if any(start < f.end and f.start < end for f in found):
                continue
            listed = _values_listed(model, reading, start, end)
            if any(values == _selected_before(model, reading, field, hit.start()) for field, values in listed):
                found.append(Excused(hit.start() if pattern is _BRACKETED else hit.start("say"), hit.end(), "restated"))
    return found


def _values_listed(model: SemanticModel, reading: Reading, start: int, end: int) -> list[tuple[str, set[str]]]:
    """(field, values) for each exhaustively listed field all of the stretch's values may belong to, when the
    stretch is only values and joining words ('web and store': the order channel or the acquisition channel)."""
    inside = [m for m in reading.matches if start <= m.start and m.end <= end]
    if not inside or any(not m.of("value") or m.of("metric") for m in inside):
        return []
    fields = set.intersection(*({e.target for e in m.of("value")} for m in inside))
    rest = _leftover(reading.masked, start, end, inside)
    found: list[tuple[str, set[str]]] = []
    for field in sorted(f for f in fields if model.dimension(f)[1].exhaustive):
        values = {e.value for m in inside for e in m.of("value") if e.target == field and e.value}
        bare = {normalize(v): v for v in model.dimension(field)[1].sample_values}
        if all(word in bare for word in rest):
            found.append((field, values | {bare[word] for word in rest}))  # 'B、C、D类': bare values
    return found


def _leftover(text: str, start: int, end: int, inside: list[Match]) -> list[str]:
    chars = list(text[start:end])
    for m in inside:
        chars[m.start - start : m.end - start] = " " * (m.end - m.start)
    return _JOINERS.sub(" ", "".join(chars)).split()


def _selected_before(model: SemanticModel, reading: Reading, field: str, before: int) -> set[str] | None:
    """The values of `field` the question selects before `before`: the rest of the field for a negated value, the
    values themselves otherwise; None when it names none."""
    named = [(entries, negated) for entries, negated, m in reading.values if m.end <= before]
    values = {e.value for entries, _ in named for e in entries if e.target == field and e.value}
    if not values:
        return None
    if any(negated for entries, negated in named if any(e.target == field for e in entries)):
        return set(model.dimension(field)[1].sample_values) - values
    return values
