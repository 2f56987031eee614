"""A group set against everyone outside it: 'members vs everybody else', 'complaint tickets vs everything else',
'app-bound customers compared with the rest', '会员和其他人比', '投诉工单跟其余的比'. The words after the contrast
('everybody else', 'the rest', 'all the others', '其他人', '其余的', '剩下的') name no value of the model: they are the
group's own negation, two groups together. Read before planning as the negated group ('non-members', '非会员'), so
the pair is planned like 'members vs non-members' — a breakdown by a yes/no field, or, for one value of a field of
many values ('tier A vs everyone else'), the question back that offers the breakdown. Before, the contrast read as a
comparison with the previous period (one row of members), or '其他' as the value 'other' of a churn reason.

Only a group said right before the contrast is negated: a segment, a value of a field, or a count of rows with a
condition ('complaints'); 'this month vs the rest of the year' (a period) and 'other regions' are left alone."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.rates import counted_rows
from assistant.planner.reading import Reading

_CONTRAST = re.compile(
    r"\s*(?:vs\.?|versus|and|or|against|compared\s+(?:to|with)|relative\s+to|over|跟|和|与|同|比|对比|相比)\s*"
)
_REST_EN = re.compile(
    r"(?:every(?:body|one|thing)|any(?:body|one|thing)|every\s+other\s+[a-z]+|all)\s+else\b"
    r"|(?:all\s+)?(?:of\s+)?the\s+rest(?:\s+of\s+(?:them|the\s+[a-z]+))?\b"
    r"|(?:all\s+)?(?:the\s+)?others\b|all\s+the\s+other\s+ones\b|the\s+remaining\s+ones\b"
)
_REST_ZH = re.compile(r"(?:其他|其它|其余|剩下|剩余|别)(?:所有)?的?(?:人|客户|那些|那部分)?|所有其他(?:的)?人|别人")
# 'North vs other regions', '北区和其他区域': the rest of the field the group's value belongs to, said by its noun
_OTHER = re.compile(r"(?:all\s+)?(?:the\s+)?(?:other|remaining)\s+|其他|其它|其余|剩下的?|别的")
_AFTER_ZH = re.compile(r"\s*(?:[的比相对，,。?？!！]|$)")


def rest_of_group_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """The stretch naming everyone outside the group said before it, read as the group negated."""
    text = reading.masked
    fixes: list[tuple[int, int, str]] = []
    for found in _CONTRAST.finditer(text):
        group = _group_before(reading, lexicon, found.start())
        if group is None:
            continue
        other = _other_values(reading, group, found.end())
        if other is not None:
            fixes.append(other)
            continue
        rest = _REST_EN.match(text, found.end()) if group.text.isascii() else _REST_ZH.match(text, found.end())
        if rest is None or (not group.text.isascii() and not _AFTER_ZH.match(text, rest.end())):
            continue
        if any(_names_more(m, rest.end()) for m in reading.matches if m.start < rest.end() and rest.start() < m.end):
            continue  # '其他渠道', 'other regions': the rest of a field's values, another reading
        said = group.text.strip()
        fixes.append((rest.start(), rest.end(), f"non-{said}" if said.isascii() else f"非{said}"))
    return fixes


def _group_before(reading: Reading, lexicon: Lexicon, at: int) -> Match | None:
    """The group named right before `at`: a segment, a value or a count of rows with a condition; an entity noun
    after it ('complaint tickets', '会员客户') belongs to it."""
    before = sorted((m for m in reading.matches if m.end <= at), key=lambda m: m.end)
    if not before or reading.masked[before[-1].end : at].strip(" 的"):
        return None
    last = before[-1]
    adjoining = len(before) > 1 and not reading.masked[before[-2].end : last.start].strip(" 的")
    if last.of("entity") and adjoining and _is_group(lexicon, before[-2]):
        return before[-2]
    return last if _is_group(lexicon, last) else None


def _other_values(reading: Reading, group: Match, at: int) -> tuple[int, int, str] | None:
    """'other regions' right after a value of the region field: the other word read as the value negated."""
    other = _OTHER.match(reading.masked, at)
    fields = {e.target for e in group.of("value")}
    if other is None or not fields:
        return None
    noun = next((m for m in reading.matches if m.start == other.end()), None)
    if noun is None or not {e.target for e in noun.of("dimension")} & fields:
        return None
    said = group.text.strip()
    return (other.start(), other.end(), f"non-{said} " if said.isascii() else f"非{said}")


def _names_more(match: Match, end: int) -> bool:
    """A phrase of the model inside the rest words that names a field or goes on past them ('其他渠道')."""
    return match.end > end or bool(match.of("dimension"))


def _is_group(lexicon: Lexicon, match: Match) -> bool:
    """A segment, a value, a yes/no field said as its yes side ('app bound customers') or a count of rows with a
    condition ('complaints')."""
    if match.of("segment") or match.of("value"):
        return True
    if any(lexicon.model.dimension(e.target)[1].type == "boolean" for e in match.of("dimension")):
        return True
    for entry in match.of("metric"):
        rows = counted_rows(lexicon.model, entry.target) if not entry.weak else None
        if rows is not None and rows[2]:
            return True
    return False
