"""'各工单渠道（电话/在线/邮件/APP）的平均首响时长', 'response time by channel (phone, chat, email, app)': a list in
brackets right after a breakdown spells out the groups of that breakdown. When it names every value of the field it
restricts nothing (no filter); whatever it names, a member the model does not know is asked back, never dropped —
a listed group missing from the answer would be a wrong answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.planner.lexicon import Entry, Match

if TYPE_CHECKING:
    from assistant.planner.reading import Reading
    from semantic_layer import SemanticModel

_BRACKETED = re.compile(r"[(（]([^()（）]+)[)）]")
_MEMBER_SEPARATOR = re.compile(r"\s*(?:[/,，、;；|]|\band\b|\bor\b|和|或|及)\s*")
_BEFORE_BRACKET = re.compile(r"^[\s的]*$")


def _lists_after_breakdowns(reading: Reading) -> Iterator[tuple[list[str], re.Match[str]]]:
    """(the fields the breakdown may mean, bracketed list) for each bracket that follows a breakdown's words."""
    for bracket in _BRACKETED.finditer(reading.masked):
        before = [(dims, m) for dims, m in reading.breakdowns if m.end <= bracket.start()]
        if before and _BEFORE_BRACKET.match(reading.masked[before[-1][1].end : bracket.start()]):
            yield before[-1][0], bracket


def _inside(match: Match, bracket: re.Match[str]) -> bool:
    return bracket.start(1) <= match.start and match.end <= bracket.end(1)


def without_spelled_values(reading: Reading, model: SemanticModel) -> list[tuple[list[Entry], bool, Match]]:
    """`reading.values` without the values a bracket spells out when they are every value of the broken-down field."""
    values = reading.values
    for fields, bracket in _lists_after_breakdowns(reading):
        inside = [v for v in values if _inside(v[2], bracket)]
        if any(negated for _, negated, _ in inside):
            continue
        for field in fields:
            named = {e.value for entries, _, _ in inside for e in entries if e.target == field}
            dimension = model.dimension(field)[1]
            if dimension.exhaustive and set(dimension.sample_values) <= named:
                values = [v for v in values if v not in inside]
                break
    return values


def unmatched_members(reading: Reading) -> list[str]:
    """Members of a bracketed list of a breakdown's values that no phrase of the model matched ('在线' of
    '（电话/在线/邮件）' when the model did not know it): words to ask about."""
    unknown = []
    for _, bracket in _lists_after_breakdowns(reading):
        matches = [m for m in reading.matches if _inside(m, bracket)]
        if not any(m.of("value") for m in matches):
            continue
        offset = bracket.start(1)
        for member in _MEMBER_SEPARATOR.split(bracket.group(1)):
            start = reading.masked.find(member, offset)
            offset = start + len(member)
            covered = any(m.start <= start and offset <= m.end for m in matches)
            if member.strip() and not covered:
                unknown.append(member.strip())
    return unknown
