"""Words of the question the plan would silently drop: a field the question names but nothing in the query uses
('列一下所有用优惠券的订单': the discount), a number no element explains ('customers older than 40').

Answering without them answers another question, so the planner asks back naming them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.contracts import Language, Plan, Span
from assistant.planner.lexicon import normalize
from assistant.planner.reading import Reading
from assistant.planner.scores import SCALE
from assistant.planner.shaping import PLANNER
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf, leaf_names

_NUMBER = re.compile(r"(?<![0-9a-z._])\d+(?:\.\d+)?(?![0-9a-z._])")  # Chinese characters may touch a number
_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "field": "You named {fields}, but I can't tell how it should shape this answer, and leaving it out would "
        "answer another question. Could you say how to use it (e.g. 'by …', 'over …', 'sorted by …')?",
        "number": "I can't tell what '{number}' applies to here, and leaving it out would answer another question. "
        "Could you name the field or the number of rows it means?",
    },
    "zh": {
        "field": "您提到了{fields},但我不确定它在这个问题里该怎么用,忽略它会答非所问。能说明一下吗(例如“按…”、“…超过…”、“按…排序”)?",
        "number": "我无法确定“{number}”指的是什么,忽略它会答非所问。请说明它对应的字段或要看的条数。",
    },
}


def _covered(spans: list[Span], start: int, end: int) -> bool:
    return any(
        s.turn == 0 and s.role not in ("filler", "correction") and s.start < end and start < s.end for s in spans
    )


Offsets = Callable[[int, int], tuple[int, int]]


def dropped_field(
    model: SemanticModel, reading: Reading, spans: list[Span], query: SemanticQuery, original: Offsets
) -> Plan | None:
    """A number or category field named (no value, no entity, no metric in the same words) that the query does
    not use in any way: asked back."""
    if query.kind == "themes":
        return None
    used = {d.name for d in query.dimensions} | {f.field for f in query.filters} | {o.field for o in query.order_by}
    if query.time_range is not None and query.time_range.field:
        used.add(query.time_range.field)
    used |= _measured_columns(model, query)  # 'ids + amount' of a revenue ranking: revenue sums the amount
    words = _names(model, used)
    named: list[str] = []
    for match in reading.matches:
        kinds = {e.kind for e in match.entries}
        if kinds != {"dimension"}:
            continue
        targets = [e.target for e in match.of("dimension")]
        if any(t in used for t in targets):
            continue
        if any(model.dimension(t)[1].type == "time" for t in targets):
            continue  # '注册时间', 'order date': dates are read by the time phrases around them
        if _covered(spans, *original(match.start, match.end)):
            continue
        if any(normalize(match.text.strip()) in word for word in words):
            continue  # '门店渠道', '哪些渠道…按获客渠道': a word of a field the query uses
        named.append(match.text.strip())
    if not named:
        return None
    fields = ", ".join(f"'{n}'" for n in dict.fromkeys(named))
    return Plan(status="clarify", clarification=_TEXT[reading.language]["field"].format(fields=fields), planner=PLANNER)


def _measured_columns(model: SemanticModel, query: SemanticQuery) -> set[str]:
    found: set[str] = set()
    for name in query.metrics:
        for part in leaf_names(model, name):
            simple = leaf(model, part)
            expr = simple.measure.expr or ""
            found |= {f"{simple.entity}.{c}" for c in model.entities[simple.entity].dimensions if c in expr}
    return found


def _names(model: SemanticModel, fields: set[str]) -> list[str]:
    words: list[str] = []
    for field in fields:
        if field not in model.dimension_names():
            continue
        column, dim = field.partition(".")[2], model.dimension(field)[1]
        labels = [dim.label.en, dim.label.zh] if dim.label else []
        words += [normalize(w) for w in [column.replace("_", " "), *labels, *(dim.synonyms or [])]]
    return words


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _in_brackets(text: str, at: int) -> bool:
    opened = max(text.rfind("(", 0, at), text.rfind("（", 0, at))
    closed = max(text.rfind(")", 0, at), text.rfind("）", 0, at))
    return opened > closed


def dropped_number(reading: Reading, spans: list[Span], query: SemanticQuery, original: Offsets) -> Plan | None:
    """A number in the question (time phrases aside) that no span but filler explains."""
    explained = {str(query.limit)} if query.limit else set()
    explained |= {_plain(v) for f in query.filters for v in f.values if isinstance(v, int | float)}
    scales = [s.span() for s in SCALE.finditer(reading.masked)] if explained - {str(query.limit)} else []
    for found in _NUMBER.finditer(reading.masked):
        if found.group(0) in explained or _in_brackets(reading.masked, found.start()):
            continue  # the rows asked ('latest 5'), a value filtered on, a definition restated ('(NPS 0-6)')
        if any(a <= found.start() < b for a, b in scales):
            continue  # '3 or lower out of 10': the top of the scale of the score filtered on
        if not _covered(spans, *original(*found.span())):
            text = _TEXT[reading.language]["number"].format(number=found.group(0))
            return Plan(status="clarify", clarification=text, planner=PLANNER)
    return None
