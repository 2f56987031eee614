"""A follow-up that edits the previous breakdown instead of replacing it: one field dropped ('不用按等级了', 'no need to
split by tier anymore', 'forget the tier split') or one field added under the rows shown ('按等级再细分一下', 'split
that further by tier', 'also by tier').

A breakdown a follow-up names replaces the previous one ('and by region?' after by channel: by region). Two phrasings
say otherwise. A field named after a word of dropping ('不用/不要/别/不 按…', "no need to / don't … split by", 'forget /
skip the … split', 'not by … anymore') is the breakdown to take away: the answer keeps the previous
breakdown without it, and never gains it (before, '算了，不用按等级了，改成只统计会员' after by region, then by tier,
answered by tier: the one breakdown the user dropped). A word of subdividing ('再细分', '进一步', 'further', 'also by',
'as well') keeps the previous breakdown and adds the new one under it, save the field of a group the follow-up drills
into ('把华北细分到城市': North China by city)."""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Span
from assistant.planner.reading import Reading
from assistant.planner.shaping import _unique
from assistant.planner.unused import Offsets
from semantic_layer import SemanticQuery
from semantic_layer.query import METRIC_TIME

# the words right before the field: '不用按', '不要再按照', '别按', 'no need to split by', "don't break it down by"
_DROP_BEFORE = re.compile(
    r"(?:不用|不要|别|无需|不必|不需要|不)再?(?:按照?|分|拆)\s*$"
    r"|\b(?:no\s+need\s+to|don'?t|do\s+not|stop|quit|no\s+more|no\s+longer)\s+"
    r"(?:split|break|group|segment|divid)\w*(?:\s+(?:it|them|this|that|things|the\s+\w+))?(?:\s+(?:down|up|out))?"
    r"\s+(?:by|per|into)\s+(?:the\s+)?$"
    r"|\b(?:lose|forget|skip|ditch|get\s+rid\s+of|take\s+out|without)\s+(?:the\s+)?(?:split\s+by\s+)?$"
    r"|\bnot\s+(?:split\s+|broken\s+down\s+)?by\s+(?:the\s+)?$"
    r"|(?:去掉|去除|拿掉|删掉|取消)(?:按照?)?\s*$"
)
# the words right after the field: '等级不用分了', '等级那层去掉', 'by tier anymore'
_DROP_AFTER = re.compile(
    r"^\s*(?:的|这个|那个|这一?层|那一?层)?(?:维度|拆分|细分|分组|分类)?\s*(?:就)?(?:不用|不要|去掉|拿掉|取消)(?:了|分|拆|看)?"
    r"|^\s*(?:split|breakdown|break-?down|grouping|dimension)?\s*(?:any\s*more|no\s+more|any\s+longer)\b"
)
# a breakdown under the rows shown: '再细分', '进一步', 'split it further by', 'also by', 'as well'
_FURTHER = re.compile(
    r"细分|再(?:拆|分)|进一步|在此基础上|在这个基础上|同时按|也按|分别再|"
    r"\bfurther\b|\balso\s+(?:split\s+|broken\s+down\s+|break\s+\w+\s+down\s+)?by\b|\bas\s+well\b|\bsub-?(?:divide|split)"
    r"|\bwithin\s+each\b|\bon\s+top\s+of\s+that\b|\bnested\b"
)


# the words of an edit, beside the field they edit: what they did is the breakdown kept, dropped or added
EDIT_WORDS = re.compile(
    r"\b(?:any\s*more|any\s+longer|no\s+longer|further|as\s+well|no\s+need\s+to)\b"
    r"|\b(?:forget|skip|ditch)\s+(?:the\s+)?(?=[a-z]+\s+(?:split|breakdown)\b)"
    r"|细分|进一步|在此基础上|在这个基础上|不用了|不要了"
)


def dropped_spans(
    reading: Reading, previous: SemanticQuery, query: SemanticQuery, original: Offsets, question: str
) -> list[Span]:
    """Spans for the fields a follow-up took away from the previous breakdown ('不用按等级了': customer.tier)."""
    before = {d.name for d in previous.dimensions}
    now = {d.name for d in query.dimensions}
    spans: list[Span] = []
    for index in sorted(dropped_mentions(reading)):
        match = reading.breakdowns[index][1]
        for target in (e.target for e in match.of("dimension") if e.target in before - now):
            start, end = original(match.start, match.end)
            said = question[start:end]
            spans.append(Span(text=said, start=start, end=end, role="dimension", target=target, value="dropped"))
    return spans


def dropped_mentions(reading: Reading) -> set[int]:
    """The indexes (into `reading.breakdowns`) of the fields a word of dropping names."""
    text = reading.masked
    return {
        index
        for index, (_, match) in enumerate(reading.breakdowns)
        if _DROP_BEFORE.search(text[: match.start]) or _DROP_AFTER.search(text[match.end :])
    }


def edited_dimensions(
    reading: Reading, previous: list[dict[str, Any]], named: list[tuple[int, dict[str, Any]]], was_metrics: bool
) -> list[dict[str, Any]] | None:
    """The follow-up's breakdown when it drops or adds to the previous one, else None (the named fields replace it).
    `named` pairs each breakdown dimension of the follow-up with its index in `reading.breakdowns`."""
    if not was_metrics:
        return None
    dropped = dropped_mentions(reading)
    if dropped:
        gone = {dimension["name"] for index, dimension in named if index in dropped}
        added = [dimension for index, dimension in named if index not in dropped]
        return _unique([*(d for d in previous if d["name"] not in gone), *added])
    if _FURTHER.search(reading.masked) and any(d["name"] != METRIC_TIME for d in previous):
        # '把华北细分到城市': a group named is drilled into, its field no longer splits the answer
        drilled = {entry.target for entries, _, _ in reading.values for entry in entries}
        kept = [d for d in previous if d["name"] not in drilled]
        return _unique([*kept, *(dimension for _, dimension in named)])
    return None
